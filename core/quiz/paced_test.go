package quiz_test

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/core/quiz"
	"github.com/bigmodel-bot/bigmodel-bot/store/sqlite"
)

// pacedPoster lets one call a second through per channel, each taking latency, as Slack's
// per-channel limit and a slow API do. Time is synctest's: nothing waits for real.
type pacedPoster struct {
	*fakePoster
	latency time.Duration
	mu      sync.Mutex
	next    map[string]time.Time
}

func (p *pacedPoster) wait(ctx context.Context, ch string) error {
	p.mu.Lock()
	at := time.Now()
	if next := p.next[ch]; next.After(at) {
		at = next
	}
	p.next[ch] = at.Add(time.Second)
	p.mu.Unlock()
	select {
	case <-time.After(time.Until(at) + p.latency):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (p *pacedPoster) Post(ctx context.Context, ch core.ChannelKey, r core.Reply) (core.MessageRef, error) {
	if err := p.wait(ctx, ch.Channel); err != nil {
		return core.MessageRef{}, err
	}
	return p.fakePoster.Post(ctx, ch, r)
}

func (p *pacedPoster) Update(ctx context.Context, ref core.MessageRef, r core.Reply) error {
	if err := p.wait(ctx, ref.Channel.Channel); err != nil {
		return err
	}
	return p.fakePoster.Update(ctx, ref, r)
}

// TestPacedChannelsRevealEveryPostAndSkipWholeSlots: schedules far more frequent than the
// platform lets the bot post (every second, three calls a slot, one call a second) with a
// reveal due two seconds after each claim. Every post sent is revealed once it lands, and
// closed; slots the queue cannot take are skipped whole (never claimed), logged, and shown in
// `quiz status`.
func TestPacedChannelsRevealEveryPostAndSkipWholeSlots(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "quiz.db")
	st, err := sqlite.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	base := embedded(t)
	channels := []string{"C1", "C2", "C3"}
	synctest.Test(t, func(t *testing.T) {
		var logs bytes.Buffer
		var logMu sync.Mutex
		log := slog.New(slog.NewTextHandler(writerFunc(func(b []byte) (int, error) {
			logMu.Lock()
			defer logMu.Unlock()
			return logs.Write(b)
		}), nil))
		poster := &pacedPoster{fakePoster: &fakePoster{fail: map[string]bool{}}, latency: 300 * time.Millisecond, next: map[string]time.Time{}}
		e := quiz.New(quiz.Options{Base: base, Store: st, Poster: poster, RevealAfter: 2 * time.Second, Workers: 4, Logger: log})
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error, 1)
		go func() { done <- e.Run(ctx) }()
		command := func(ch, name, args string) string {
			t.Helper()
			rep, err := e.Command(ctx, req(ch, "admin", ""), cmd(name, args), "en")
			if err != nil {
				t.Fatal(err)
			}
			return rep.Body
		}
		for _, ch := range channels {
			command(ch, "subscribe", "@every 1s")
		}
		time.Sleep(60 * time.Second)
		statuses := map[string]string{}
		for _, ch := range channels {
			statuses[ch] = command(ch, "status", "")
			command(ch, "unsubscribe", "")
		}
		time.Sleep(30 * time.Second) // what is queued lands and is revealed
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}

		posted := map[string]sent{} // quiz post id -> its message
		for _, s := range poster.posts() {
			id := s.reply.Meta["quiz_post"]
			if _, dup := posted[id]; dup {
				t.Fatalf("quiz %s posted twice", id)
			}
			posted[id] = s
		}
		revealed := map[string]int{}
		for _, s := range poster.filter(func(s sent) bool { return s.reply.Meta["quiz_reveal"] != "" }) {
			id := s.reply.Meta["quiz_reveal"]
			if p, ok := posted[id]; !ok || s.reply.ThreadID != p.ref {
				t.Errorf("reveal of %s not under its post (%q vs %q)", id, s.reply.ThreadID, p.ref)
			}
			revealed[id]++
		}
		closed := map[string]bool{}
		for _, s := range poster.filter(func(s sent) bool { return s.update && s.reply.Buttons == nil }) {
			closed[s.ref] = true
		}
		for id, p := range posted {
			if revealed[id] != 1 || !closed[p.ref] {
				t.Errorf("quiz %s: %d reveals, closed %v; want one, closed", id, revealed[id], closed[p.ref])
			}
		}
		// 60 s, three channels, at best one slot per ~3 s each (post, reveal, close at one call a
		// second): most slots are skipped, and each channel still gets its share.
		if n := len(posted); n < 3*12 || n > 3*25 {
			t.Errorf("%d posts in 60 s over 3 channels", n)
		}
		for _, ch := range channels {
			if !strings.Contains(statuses[ch], "skipped") {
				t.Errorf("status of %s does not tell the slots skipped: %s", ch, statuses[ch])
			}
		}
		logMu.Lock()
		skips := strings.Count(logs.String(), "cannot keep up")
		logMu.Unlock()
		if skips == 0 {
			t.Error("no skip was logged")
		}
		var ids []int64
		for id := range posted {
			n, _ := strconv.ParseInt(id, 10, 64)
			ids = append(ids, n)
		}
		for _, id := range ids {
			if p, _, _ := st.Post(context.Background(), id); p.State != quiz.StateRevealed {
				t.Errorf("quiz %d ends %s", id, p.State)
			}
		}
		t.Logf("%d posts, %d skips logged", len(posted), skips)
		e.Close()
	})
}

// writerFunc adapts a function to io.Writer.
type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(b []byte) (int, error) { return f(b) }
