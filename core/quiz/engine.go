// Package quiz is the quiz of the day: questions generated from the knowledge base, per-channel
// schedules, exactly-once posting through core.Poster, answers, reveals and leaderboards.
//
// Exactly once: a scheduled post is first claimed in the store under the unique key
// (subscription, slot), in the same transaction that deals its question from the channel's deck
// and advances the subscription; only then is it posted, and the platform's message id is
// recorded after. A crash (or a failed post) between claim and post therefore loses that one
// post and never duplicates it: a quiz missed is cheaper than a quiz twice, and replicas that
// race for a slot need no other coordination.
package quiz

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// Clock tells the time and waits; tests pass a fake one so nothing sleeps for real.
type Clock interface {
	// Now returns the current time.
	Now() time.Time
	// Until returns a channel that receives once the clock reaches t (at once if it has). An
	// absolute time, not a duration, so a fake clock moved between reading Now and setting
	// the timer cannot strand the loop.
	Until(t time.Time) <-chan time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time                     { return time.Now() }
func (systemClock) Until(t time.Time) <-chan time.Time { return time.After(time.Until(t)) }

// Defaults of Options.
const (
	DefaultRevealAfter = time.Hour
	DefaultCatchUp     = 2 * time.Hour
	// DefaultWorkers is how many posts may be in flight at once. The posters pace themselves to
	// the platforms' limits, so this only has to cover the round trip: Discord's 50 a second
	// at 500 ms each is 25 in flight (16 workers managed 64% of the rate there).
	DefaultWorkers = 32
	// tallyEvery bounds how often one post's live tally is edited, so a busy quiz does not
	// spend the platform's rate limit on edits.
	tallyEvery = 2 * time.Second
	// maxIdle bounds the scheduler's sleep, so subscriptions made by another replica are seen.
	maxIdle = time.Minute
	// batch is how many due subscriptions or reveals one store round trip handles.
	batch = 256
	// jobTimeout bounds one post, reveal or edit on a platform, waits for its rate limits
	// included: in a fan-out each worker's post queues behind the others' for the platform's
	// pace (32 workers at Slack's 60 a minute: 32 s), and a post that times out is lost.
	jobTimeout = 2 * time.Minute
)

// Options configure an Engine. Base, Store and Poster are required.
type Options struct {
	Base   *knowledge.Base
	Store  Store
	Poster core.Poster // routes by ChannelKey.Platform
	Clock  Clock       // nil: the system clock
	// Zone is the default time zone of schedules that name none (quiz.timezone); nil: UTC.
	Zone        *time.Location
	RevealAfter time.Duration // how long a quiz is open; 0: DefaultRevealAfter
	CatchUp     time.Duration // a slot missed by less than this is still posted; 0: DefaultCatchUp
	Workers     int           // concurrent posts to platforms; 0: DefaultWorkers
	Logger      *slog.Logger
}

// Engine runs the quiz. It implements core.Quiz; Run drives the schedule.
type Engine struct {
	bank        *Bank
	store       Store
	poster      core.Poster
	clock       Clock
	zone        *time.Location
	revealAfter time.Duration
	catchUp     time.Duration
	log         *slog.Logger

	wake     chan struct{} // a new subscription or answer: look again now
	workers  int
	jobs     chan func()
	start    sync.Once
	inflight sync.WaitGroup
	done     chan struct{} // closed by Close: the workers stop
	closing  sync.Once

	mu        sync.Mutex
	dirty     map[int64]Post      // posts whose tally changed since their last edit
	lastTally map[int64]time.Time // when each post's tally was last edited
}

var _ core.Quiz = (*Engine)(nil)

// New builds an engine and its question bank.
func New(o Options) *Engine {
	e := &Engine{
		bank: NewBank(o.Base), store: o.Store, poster: o.Poster, clock: o.Clock, zone: o.Zone,
		revealAfter: o.RevealAfter, catchUp: o.CatchUp, log: o.Logger, workers: o.Workers,
		wake: make(chan struct{}, 1), done: make(chan struct{}), dirty: map[int64]Post{}, lastTally: map[int64]time.Time{},
	}
	if e.clock == nil {
		e.clock = systemClock{}
	}
	if e.zone == nil {
		e.zone = time.UTC
	}
	if e.revealAfter <= 0 {
		e.revealAfter = DefaultRevealAfter
	}
	if e.catchUp <= 0 {
		e.catchUp = DefaultCatchUp
	}
	if e.workers <= 0 {
		e.workers = DefaultWorkers
	}
	if e.log == nil {
		e.log = slog.New(slog.DiscardHandler)
	}
	e.jobs = make(chan func(), e.workers*4)
	return e
}

// Bank returns the engine's questions.
func (e *Engine) Bank() *Bank { return e.bank }

// Command runs a quiz text command.
func (e *Engine) Command(ctx context.Context, req core.Request, cmd core.QuizCommand, lang knowledge.Lang) (core.Reply, error) {
	switch cmd.Name {
	case "quiz":
		if cmd.Args != "" {
			return e.reply(lang, text(lang, msgQuizUsage, shorten(cmd.Args))+"\n\n"+text(lang, msgSubUsage)), nil
		}
		return e.postNow(ctx, req, lang)
	case "answer":
		return e.answerText(ctx, req, cmd.Args, lang)
	case "leaderboard":
		return e.leaderboard(ctx, req, lang)
	case "subscribe":
		return e.subscribe(ctx, req, cmd.Args, lang)
	case "unsubscribe":
		return e.unsubscribe(ctx, req, lang)
	case "status":
		return e.status(ctx, req, lang)
	}
	return e.reply(lang, text(lang, msgQuizUsage, shorten(cmd.Name))), nil
}

// reply is an ephemeral answer to the user.
func (e *Engine) reply(lang knowledge.Lang, body string) core.Reply {
	return core.Reply{Body: body, Visibility: core.Ephemeral, Lang: lang}
}

// poke wakes the scheduler loop without blocking.
func (e *Engine) poke() {
	select {
	case e.wake <- struct{}{}:
	default:
	}
}

// shorten cuts user text that is echoed back.
func shorten(s string) string {
	const max = 60
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	return string(r[:max]) + "…"
}
