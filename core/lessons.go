package core

import (
	"context"
	"fmt"
	"hash/fnv"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge/search"
)

// Lesson is a question a knowledge owner taught the bot: it belongs to an entry, or, with no
// slug, to none (the bot refuses it).
type Lesson struct {
	ID       int64
	Question string // as taught, at most MaxQueryLen bytes once normalised
	Slug     string // the entry it belongs to; "" marks it off-topic
	By       string // who taught it ("cli", "admin"), for the record of changes
	At       time.Time
}

// OffTopic reports whether the lesson marks its question as one no entry answers.
func (l Lesson) OffTopic() bool { return l.Slug == "" }

// LessonStore keeps taught questions where every replica reads them (implemented by the
// stores). A question is taught once: teaching it again replaces the earlier lesson.
type LessonStore interface {
	// Teach saves l, keyed by its question as NormaliseQuery folds it, and returns it with
	// its id.
	Teach(ctx context.Context, l Lesson) (Lesson, error)
	// Lessons lists every lesson, oldest first.
	Lessons(ctx context.Context) ([]Lesson, error)
	// Forget removes the lesson with id and reports whether there was one.
	Forget(ctx context.Context, id int64) (bool, error)
}

// TaughtFrom turns lessons into what the search index learns from them. Lessons for slugs
// the base no longer has are left out (and counted in stale), not an error: a knowledge
// reload may have removed a topic.
func TaughtFrom(base *knowledge.Base, lessons []Lesson) (t search.Taught, stale int) {
	t.Examples = map[string][]string{}
	for _, l := range lessons {
		switch _, ok := base.Entry(l.Slug); {
		case l.OffTopic():
			t.OffTopic = append(t.OffTopic, l.Question)
		case ok:
			t.Examples[l.Slug] = append(t.Examples[l.Slug], l.Question)
		default:
			stale++
		}
	}
	return t, stale
}

// TaughtIndex is a Searcher over a base and the lessons its owners taught, rebuilt when the
// lessons in the store change, so that what one replica is taught every replica answers.
type TaughtIndex struct {
	base    *knowledge.Base
	lessons LessonStore
	log     *slog.Logger
	cur     atomic.Pointer[search.Index]
	mu      sync.Mutex // one refresh at a time
	applied uint64     // fingerprint of the lessons cur was built with
}

// NewTaughtIndex serves ix (the base as it is) until the first Refresh finds lessons.
func NewTaughtIndex(base *knowledge.Base, ix *search.Index, lessons LessonStore, log *slog.Logger) *TaughtIndex {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	t := &TaughtIndex{base: base, lessons: lessons, log: log}
	t.cur.Store(ix)
	t.applied = fingerprint(nil)
	return t
}

// Search answers from the index as last refreshed.
func (t *TaughtIndex) Search(query string) search.Result { return t.cur.Load().Search(query) }

// Index is the index as last refreshed, for explanations.
func (t *TaughtIndex) Index() *search.Index { return t.cur.Load() }

// Refresh reads the lessons and, when they changed since the last refresh, rebuilds the
// index with them; it reports whether it did.
func (t *TaughtIndex) Refresh(ctx context.Context) (bool, error) {
	ls, err := t.lessons.Lessons(ctx)
	if err != nil {
		return false, fmt.Errorf("read taught questions: %w", err)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	fp := fingerprint(ls)
	if fp == t.applied {
		return false, nil
	}
	taught, stale := TaughtFrom(t.base, ls)
	t.cur.Store(search.NewTaught(t.base, taught))
	t.applied = fp
	t.log.Info("taught questions applied", "lessons", len(ls), "off_topic", len(taught.OffTopic), "stale", stale)
	return true, nil
}

// Run refreshes every interval until ctx ends; a failed refresh is logged and tried again at
// the next tick, the index keeps answering as it was.
func (t *TaughtIndex) Run(ctx context.Context, every time.Duration) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		if _, err := t.Refresh(ctx); err != nil && ctx.Err() == nil {
			t.log.Warn("taught questions not refreshed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// fingerprint identifies a list of lessons by what the index learns from them.
func fingerprint(ls []Lesson) uint64 {
	h := fnv.New64a()
	for _, l := range ls {
		h.Write(strconv.AppendInt(nil, l.ID, 10))
		h.Write([]byte{0})
		h.Write([]byte(l.Slug))
		h.Write([]byte{0})
		h.Write([]byte(l.Question))
		h.Write([]byte{0})
	}
	return h.Sum64()
}
