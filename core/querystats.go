package core

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"
)

// MaxQueryLen bounds a recorded query, in bytes: enough for a question, not for a pasted document.
const MaxQueryLen = 200

// QueryCount is how often one question was asked on one day on one platform, and where it went.
// There are no user ids: the counts are about the knowledge base, not about people.
type QueryCount struct {
	Day      int64  // days since 1970-01-01 UTC
	Platform string // "slack", "discord", "console"
	Query    string // normalised by NormaliseQuery
	Slug     string // the entry that answered it; "" when the bot did not answer
	N        int64  // times asked, > 0
}

// QueryTotal is one line of a query report: a question and how often it was asked in a period.
type QueryTotal struct {
	Query string
	Slug  string // "" when the bot did not answer
	Asked int64
}

// QueryStats keeps the aggregated counts of what users ask (implemented by the stores).
type QueryStats interface {
	// AddQueryCounts adds every count to the stored totals, all or none.
	AddQueryCounts(ctx context.Context, counts []QueryCount) error
}

// UnixDay is the day (UTC) t falls on, as QueryCount.Day counts it.
func UnixDay(t time.Time) int64 {
	s := t.Unix()
	if s < 0 {
		return (s - 86399) / 86400
	}
	return s / 86400
}

// NormaliseQuery folds the ways of typing one question together (case, spacing, bytes that are
// not UTF-8) and bounds it to MaxQueryLen bytes at a character boundary. Text that is already
// normal comes back as it is, without allocating: the recorder runs on every question.
func NormaliseQuery(q string) string {
	if isNormalQuery(q) {
		return q
	}
	// Control characters (a NUL, which PostgreSQL text refuses) separate words like spaces.
	words := strings.FieldsFunc(strings.ToValidUTF8(q, "\uFFFD"), func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) })
	q = strings.ToLower(strings.Join(words, " "))
	if len(q) <= MaxQueryLen {
		return q
	}
	cut := MaxQueryLen
	for cut > 0 && !utf8.RuneStart(q[cut]) {
		cut--
	}
	return strings.TrimRight(q[:cut], " ")
}

// isNormalQuery reports whether NormaliseQuery would leave q unchanged, for plain ASCII text.
func isNormalQuery(q string) bool {
	if len(q) > MaxQueryLen || q == "" || q[0] == ' ' || q[len(q)-1] == ' ' {
		return false
	}
	for i := 0; i < len(q); i++ {
		switch c := q[i]; {
		case c >= 0x80, c < ' ', c == 0x7f, 'A' <= c && c <= 'Z':
			return false
		case c == ' ' && q[i+1] == ' ':
			return false
		}
	}
	return true
}

// Recorder defaults.
const (
	DefaultQueryFlushEvery = 30 * time.Second
	DefaultQueryMaxKeys    = 10_000
	queryFlushTimeout      = 10 * time.Second
	// maxQueryField is the stores' bound on a platform or slug (store.MaxID).
	maxQueryField = 256
)

// QueryRecorderOptions configures a QueryRecorder.
type QueryRecorderOptions struct {
	Stats      QueryStats             // nil: counts are gathered and discarded
	FlushEvery time.Duration          // 0: DefaultQueryFlushEvery
	MaxKeys    int                    // distinct (day, platform, query, slug) per flush; 0: DefaultQueryMaxKeys
	Logger     *slog.Logger           // nil: no logs
	OnFlush    func(n int, err error) // called after each flush with the number of counts; may be nil
}

type queryKey struct {
	day                   int64
	platform, query, slug string
}

// QueryRecorder counts the questions the bot searched, in memory, and adds the counts to a
// QueryStats store from one goroutine (Run), so recording costs a map update under a short
// mutex and never waits for the database. Safe for concurrent use; a nil *QueryRecorder records
// nothing.
type QueryRecorder struct {
	stats   QueryStats
	every   time.Duration
	maxKeys int
	log     *slog.Logger
	onFlush func(int, error)

	flushMu sync.Mutex // one flush at a time: Run's and a shutdown's
	mu      sync.Mutex
	counts  map[queryKey]int64
	spare   map[queryKey]int64 // the previous window's map, emptied, reused by the next swap
	dropped int64              // counts refused this window because counts was full

	droppedTotal atomic.Int64
}

// NewQueryRecorder returns a recorder adding to o.Stats; call Run to flush it.
func NewQueryRecorder(o QueryRecorderOptions) *QueryRecorder {
	r := &QueryRecorder{stats: o.Stats, every: o.FlushEvery, maxKeys: o.MaxKeys,
		log: o.Logger, onFlush: o.OnFlush}
	if r.every <= 0 {
		r.every = DefaultQueryFlushEvery
	}
	if r.maxKeys <= 0 {
		r.maxKeys = DefaultQueryMaxKeys
	}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	r.counts = make(map[queryKey]int64)
	return r
}

// Record counts one question: the cleaned text the bot searched, and the slug it answered with
// ("" for none). Blank questions are not counted. Past MaxKeys distinct questions in one flush
// window, new ones are dropped (and Dropped says how many): memory stays bounded under a flood.
func (r *QueryRecorder) Record(platform, query, slug string, at time.Time) {
	if r == nil {
		return
	}
	if platform == "" || len(platform) > maxQueryField || len(slug) > maxQueryField {
		// A store refuses the whole batch that holds such a count: keep it out of the window.
		return
	}
	q := NormaliseQuery(query)
	if q == "" {
		return
	}
	k := queryKey{day: UnixDay(at), platform: platform, query: q, slug: slug}
	r.mu.Lock()
	if n, ok := r.counts[k]; ok || len(r.counts) < r.maxKeys {
		r.counts[k] = n + 1
	} else {
		r.dropped++
	}
	r.mu.Unlock()
}

// Dropped is how many questions were not counted since the recorder started because a flush
// window was full.
func (r *QueryRecorder) Dropped() int64 { return r.droppedTotal.Load() }

// Flush adds the counts gathered so far to the store. When the store fails, the counts are kept
// for the next flush (within MaxKeys) and the error returned.
func (r *QueryRecorder) Flush(ctx context.Context) error {
	if r == nil {
		return nil
	}
	r.flushMu.Lock()
	defer r.flushMu.Unlock()
	r.mu.Lock()
	window, dropped := r.counts, r.dropped
	if r.spare != nil {
		r.counts, r.spare = r.spare, nil
	} else {
		r.counts = make(map[queryKey]int64, len(window))
	}
	r.dropped = 0
	r.mu.Unlock()

	if dropped > 0 && r.droppedTotal.Add(dropped) == dropped {
		// Once: a flood would otherwise log every window. Dropped (a metric in bot run) keeps count.
		r.log.Warn("query report: too many distinct questions in one flush window; further ones are not counted",
			"max_keys", r.maxKeys, "dropped", dropped)
	}
	if len(window) == 0 {
		r.recycle(window)
		return nil
	}
	if r.stats == nil {
		r.recycle(window)
		return nil
	}
	batch := make([]QueryCount, 0, len(window))
	for k, n := range window {
		batch = append(batch, QueryCount{Day: k.day, Platform: k.platform, Query: k.query, Slug: k.slug, N: n})
	}
	err := r.stats.AddQueryCounts(ctx, batch)
	if err != nil {
		r.mu.Lock()
		for k, n := range window {
			if _, ok := r.counts[k]; ok || len(r.counts) < r.maxKeys {
				r.counts[k] += n
			}
		}
		r.mu.Unlock()
		err = fmt.Errorf("flush %d query counts: %w", len(batch), err)
	}
	r.recycle(window)
	if r.onFlush != nil {
		r.onFlush(len(batch), err)
	}
	return err
}

// recycle empties a flushed window's map and keeps it for the next swap, so steady traffic does
// not grow a new map every window.
func (r *QueryRecorder) recycle(m map[queryKey]int64) {
	clear(m)
	r.mu.Lock()
	if r.spare == nil {
		r.spare = m
	}
	r.mu.Unlock()
}

// Run flushes every FlushEvery until ctx is done, then once more (with a fresh deadline, since
// ctx is over) so a stop right after a question does not lose it. Flush errors are logged: the
// bot answers whether or not its report is stored. It returns nil.
func (r *QueryRecorder) Run(ctx context.Context) error {
	ticks := time.NewTicker(r.every)
	defer ticks.Stop()
	for {
		select {
		case <-ctx.Done():
			fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), queryFlushTimeout)
			defer cancel()
			r.flushLogged(fctx)
			return nil
		case <-ticks.C:
			r.flushLogged(ctx)
		}
	}
}

func (r *QueryRecorder) flushLogged(ctx context.Context) {
	if err := r.Flush(ctx); err != nil {
		r.log.Error("query report: store the counts", "err", err)
	}
}

// QueryDay is one day's questions on one platform, as the knowledge owners' overview charts
// them: answered with an entry, not answered, and small talk (SmallTalkSlug).
type QueryDay struct {
	Day        int64 // days since 1970-01-01 UTC
	Platform   string
	Answered   int64
	Unanswered int64
	SmallTalk  int64
}

// FeedbackTotal is the helpful / not helpful presses on one entry's answers, each user's
// latest press counted once.
type FeedbackTotal struct {
	Slug       string
	Helpful    int64
	NotHelpful int64
}
