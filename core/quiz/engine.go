// Package quiz is the quiz of the day: questions generated from the knowledge base, per-channel
// schedules, exactly-once posting through core.Poster, answers, reveals and leaderboards.
//
// Exactly once, across crashes and replicas: every post goes through these states, each
// change one conditional write to the store, so whichever replica is alive finishes what a
// dead one started and no two replicas do the same step:
//
//	claimed    ClaimSlots inserted it under the unique key (subscription, slot), dealt its
//	           question and advanced the subscription, in one transaction, and leased it to the
//	           claiming engine. Nothing was sent. A lease that ends (the owner died with the
//	           post in its queue) lets any engine take the post over (DueSends) and send it.
//	sending    BeginSend, just before the platform call, renewed the lease and counted the
//	           attempt. From here the message may exist without the store knowing its id, so
//	           an engine taking over never just posts again: a platform that finds messages by
//	           key (Finder: Slack's message metadata) is asked first and the message found is
//	           tracked; one that refuses a repeated key itself (Deduper: Discord's nonce with
//	           enforce_nonce) is sent the same key again within its window; otherwise the
//	           post is dropped, since the bot cannot tell. The call is bounded to end before
//	           the lease does, so a takeover never races a send still in flight.
//	posted     SetMessageID recorded the message. Open for answers and tally edits until its
//	           RevealAt; only now can its reveal fall due, so a post that lands late (queued
//	           behind the platform's pacing, or taken over) is revealed after it lands.
//	revealing  ClaimReveal leased the reveal: the answer is posted under the quiz (keyed like
//	           the post) and the quiz edited closed. A reveal whose lease ends is taken over;
//	           its reply is looked for or re-sent by key as above, or, when the platform
//	           cannot tell, left out: the closed quiz shows the answer too.
//	revealed   MarkRevealed, after the reveal went out. Final.
//	dropped    Never sent, or not known to be (too late, given up after maxAttempts, or the
//	           platform cannot tell). Final: it is neither revealed nor closed, since no message
//	           is known to close.
//
// A channel whose earlier post is still queued or in its first send when its next slot is due
// (a schedule more frequent than the platform lets the bot post) skips that whole slot; the
// skip is logged and counted on the subscription, and `quiz status` shows it.
package quiz

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"

	"github.com/bigmodel-bot/bigmodel-bot/internal/clip"
)

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
	// maxBehind bounds the channels one tick learns are behind; beyond it, channels claim
	// their slots as if they were keeping up (the workers' queue still bounds memory).
	maxBehind = 10000
	// jobTimeout bounds one post, reveal or edit on a platform, waits for its rate limits
	// included: in a fan-out each worker's post queues behind the others' for the platform's
	// pace (32 workers at Slack's 60 a minute: 32 s), and a post that times out is lost.
	jobTimeout = 2 * time.Minute
	// DefaultLease is how long a post's sending or reveal step is held by one engine before
	// another may take it over: long enough for a paced platform call, short enough that a
	// crashed replica's channel is not held back for long (its next slots skip until then).
	// A step's call ends at four fifths of its lease, waits for the platform's rate limits
	// included: at a workspace pace below about 2.5 posts a second, 32 workers' posts queued
	// behind each other outlast it; Options.Lease is the knob until leases are renewed.
	DefaultLease = 15 * time.Second
	// maxAttempts bounds the sends (and reveals) of one post: a platform that keeps failing
	// gets the post dropped (or the reveal given up) instead of retried forever.
	maxAttempts = 5
	// clockSkew is how far replicas' clocks may disagree; lookups start this much earlier.
	clockSkew = time.Minute
)

// Options configure an Engine. Base, Store and Poster are required.
type Options struct {
	Base   *knowledge.Base
	Store  Store
	Poster core.Poster // routes by ChannelKey.Platform
	// Zone is the default time zone of schedules that name none (quiz.timezone); nil: UTC.
	Zone        *time.Location
	RevealAfter time.Duration // how long a quiz is open; 0: DefaultRevealAfter
	CatchUp     time.Duration // a slot missed by less than this is still posted; 0: DefaultCatchUp
	Workers     int           // concurrent posts to platforms; 0: DefaultWorkers
	// Lease is how long one step of a post (sending, revealing) is held before another engine
	// may take it over; 0: DefaultLease. Replicas' clocks must agree to well within it.
	Lease  time.Duration
	Logger *slog.Logger
	// Syntaxes spell commands in quiz posts the way each platform (ChannelKey.Platform) takes
	// them; a platform without one is shown core's text command (`answer B`).
	Syntaxes map[string]core.Syntax
}

// Engine runs the quiz. It implements core.Quiz; Run drives the schedule.
type Engine struct {
	bank        *Bank
	store       Store
	poster      core.Poster
	zone        *time.Location
	revealAfter time.Duration
	catchUp     time.Duration
	lease       time.Duration
	owner       string // this engine's name on the leases it holds
	log         *slog.Logger
	syntaxes    map[string]core.Syntax

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
	busy      map[int64]bool      // posts with a send or reveal queued or running here
	// skipLogged is when each channel's skipped slot was last logged.
	skipLogged map[core.ChannelKey]time.Time
}

var _ core.Quiz = (*Engine)(nil)

// New builds an engine and its question bank.
func New(o Options) *Engine {
	e := &Engine{
		bank: NewBank(o.Base), store: o.Store, poster: o.Poster, zone: o.Zone,
		revealAfter: o.RevealAfter, catchUp: o.CatchUp, lease: o.Lease, log: o.Logger, workers: o.Workers,
		wake: make(chan struct{}, 1), done: make(chan struct{}), dirty: map[int64]Post{}, lastTally: map[int64]time.Time{},
		busy: map[int64]bool{}, skipLogged: map[core.ChannelKey]time.Time{}, owner: newOwner(), syntaxes: o.Syntaxes,
	}
	if e.lease <= 0 {
		e.lease = DefaultLease
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

// newOwner names an engine on its leases: host and pid help whoever reads the store, the
// random part keeps two engines of one process (tests, a restart with a reused pid) apart.
func newOwner() string {
	host, _ := os.Hostname()
	if len(host) > 64 {
		host = host[:64]
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b))
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
		if r, ok := e.cannotPost(req, lang); ok {
			return r, nil
		}
		return e.postNow(ctx, req, lang)
	case "answer":
		return e.answerText(ctx, req, cmd.Args, lang)
	case "leaderboard":
		return e.leaderboard(ctx, req, lang)
	case "subscribe":
		if r, ok := e.cannotPost(req, lang); ok && req.CanManage {
			return r, nil
		}
		return e.subscribe(ctx, req, cmd.Args, lang)
	case "unsubscribe":
		return e.unsubscribe(ctx, req, lang)
	case "status":
		return e.status(ctx, req, lang)
	}
	return e.reply(lang, text(lang, msgQuizUsage, shorten(cmd.Name))), nil
}

// cannotPost refuses, with the reason, a command that needs the bot to post in req's channel
// when its platform cannot post at all: "could not post" or a schedule that never fires would
// leave the user guessing. A refusal, not an error: the operator was told at start-up.
func (e *Engine) cannotPost(req core.Request, lang knowledge.Lang) (core.Reply, bool) {
	pc, ok := e.poster.(core.PostChecker)
	if !ok {
		return core.Reply{}, false
	}
	var cp *core.CannotPostError
	if err := pc.CanPost(req.ChannelKey()); !errors.As(err, &cp) {
		return core.Reply{}, false
	}
	return e.reply(lang, text(lang, msgCannotPost, cp.Platform, cp.Setting)), true
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
func shorten(s string) string { return clip.Runes(s, 61) }
