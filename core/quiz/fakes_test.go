package quiz_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/core/quiz"
	"github.com/bigmodel-bot/bigmodel-bot/store/sqlite"
)

// sent is one message a fakePoster delivered.
type sent struct {
	ch     core.ChannelKey
	ref    string // the message id (posts) or the message edited (updates)
	reply  core.Reply
	update bool
}

// fakePoster records what the engine sends; channels in fail refuse posts.
type fakePoster struct {
	mu   sync.Mutex
	seq  int
	log  []sent
	fail map[string]bool
	// sentCh, when set, receives every message as it is sent (dropped when full).
	sentCh chan sent
	// block, when set, holds posts to that channel until it is closed.
	block map[string]chan struct{}
}

func (p *fakePoster) record(s sent) {
	p.log = append(p.log, s)
	if p.sentCh != nil {
		select {
		case p.sentCh <- s:
		default:
		}
	}
}

func (p *fakePoster) Post(ctx context.Context, ch core.ChannelKey, r core.Reply) (core.MessageRef, error) {
	p.mu.Lock()
	wait := p.block[ch.Channel]
	p.mu.Unlock()
	if wait != nil {
		select {
		case <-wait:
		case <-ctx.Done():
			return core.MessageRef{}, ctx.Err()
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.fail[ch.Channel] {
		return core.MessageRef{}, errors.New("channel_not_found")
	}
	p.seq++
	id := fmt.Sprintf("m%d", p.seq)
	p.record(sent{ch: ch, ref: id, reply: r})
	return core.MessageRef{Channel: ch, ID: id}, nil
}

func (p *fakePoster) Update(_ context.Context, ref core.MessageRef, r core.Reply) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.record(sent{ch: ref.Channel, ref: ref.ID, reply: r, update: true})
	return nil
}

// posts returns the quiz posts (not reveals, not updates) sent so far.
func (p *fakePoster) posts() []sent {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []sent
	for _, s := range p.log {
		if !s.update && s.reply.ThreadID == "" {
			out = append(out, s)
		}
	}
	return out
}

// filter returns what was sent for which keep holds.
func (p *fakePoster) filter(keep func(sent) bool) []sent {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []sent
	for _, s := range p.log {
		if keep(s) {
			out = append(out, s)
		}
	}
	return out
}

// fixture is an engine on a real SQLite file and a fake poster, in a synctest bubble whose
// clock the test moves with time.Sleep.
type fixture struct {
	e      *quiz.Engine
	store  *sqlite.Store
	dsn    string
	poster *fakePoster
}

var t0 = time.Date(2026, 3, 13, 8, 59, 0, 0, time.UTC) // a Friday

// newFixture sets the bubble's clock to t0 and builds the fixture; it must run inside
// synctest.Test, where sleeping costs nothing.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	if !time.Now().Before(t0) {
		t.Fatal("newFixture needs the clock of a synctest bubble (it starts in 2000)")
	}
	time.Sleep(time.Until(t0))
	dsn := filepath.Join(t.TempDir(), "quiz.db")
	st, err := sqlite.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := &fixture{store: st, dsn: dsn, poster: &fakePoster{fail: map[string]bool{}}}
	f.e = f.engine(t, st)
	return f
}

// engine builds another engine on st (a restart) sharing the fixture's poster.
func (f *fixture) engine(t *testing.T, st quiz.Store) *quiz.Engine {
	e := quiz.New(quiz.Options{Base: embedded(t), Store: st, Poster: f.poster,
		RevealAfter: time.Hour, CatchUp: 2 * time.Hour, Workers: 4})
	t.Cleanup(e.Close)
	return e
}

// tick runs one tick now and waits for the posting it started.
func (f *fixture) tick(t *testing.T) {
	t.Helper()
	if err := f.e.Tick(t.Context(), time.Now()); err != nil {
		t.Fatal(err)
	}
	f.e.Wait()
}

func req(channel, user, text string) core.Request {
	return core.Request{Platform: "slack", Workspace: "T1", Channel: channel, User: user, UserName: user,
		Kind: core.KindCommand, Text: text, CanManage: true}
}

// command runs a quiz command as core would hand it over.
func (f *fixture) command(t *testing.T, r core.Request, name, args string) core.Reply {
	t.Helper()
	rep, err := f.e.Command(t.Context(), r, core.QuizCommand{Name: name, Args: args}, "en")
	if err != nil {
		t.Fatalf("%s %s: %v", name, args, err)
	}
	return rep
}

func cmd(name, args string) core.QuizCommand { return core.QuizCommand{Name: name, Args: args} }
