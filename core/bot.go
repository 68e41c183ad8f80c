package core

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// Options wires a Bot to the knowledge base, the search index and the stores. Only Base and
// Search are needed to answer questions; every other field may be nil.
type Options struct {
	Base     *knowledge.Base
	Search   Searcher
	Prefs    LangPrefs      // nil: `lang` cannot be saved
	Feedback FeedbackStore  // nil: feedback is counted but not saved
	Quiz     Quiz           // nil: quiz commands answer "the quiz is not enabled"
	Observer Observer       // nil: no metrics
	Logger   *slog.Logger   // nil: no logs
	Queries  *QueryRecorder // nil: the questions asked are not counted for the query report
	// Signals keeps what users' presses suggest about their questions, for owners to accept.
	// nil: nothing is recorded (and no question is remembered).
	Signals SignalRecorder
	// About says what the knowledge base covers in each language, as help and refusals name
	// it ("I only know about …"): {en: "starting a large-model (LLM) company", zh: "大模型创业"}.
	// nil: they name no subject and point to the topics, which suits any team's own base.
	About map[knowledge.Lang]string
}

// Outcomes reported to the Observer.
const (
	OutcomeAnswered   = "answered"
	OutcomeUnanswered = "unanswered"
	OutcomeSmallTalk  = "small_talk"
	OutcomeCommand    = "command"
	OutcomeAction     = "action"
	OutcomeError      = "error"
)

// Bot is the platform-neutral bot. It is safe for concurrent use if its stores are.
type Bot struct {
	base     *knowledge.Base
	search   Searcher
	prefs    LangPrefs
	feedback FeedbackStore
	quiz     Quiz
	obs      Observer
	log      *slog.Logger
	queries  *QueryRecorder
	signals  SignalRecorder
	recent   recentAsks                           // each user's last question, for signals; only with signals
	commands []*command                           // top level, in help order
	quizCmds []*command                           // after "quiz", in help order
	words    map[string]map[knowledge.Lang]string // each command's words, for textSyntax
	langs    langCache
	about    map[knowledge.Lang]string
	// onlyLang is the base's language when it has one only, "" when it has both.
	onlyLang knowledge.Lang
	// answers holds every entry's answer reply per language, built once in New: the base never
	// changes under a Bot, and building replies was a sixth of a slash command's CPU.
	answers map[answerKey]Reply
}

// New returns a Bot answering from o.Base through o.Search.
func New(o Options) *Bot {
	b := &Bot{
		base:     o.Base,
		search:   o.Search,
		prefs:    o.Prefs,
		feedback: o.Feedback,
		quiz:     o.Quiz,
		obs:      o.Observer,
		log:      o.Logger,
		queries:  o.Queries,
		signals:  o.Signals,
		about:    o.About,
		langs:    newLangCache(),
	}
	if b.signals != nil {
		b.recent = newRecentAsks()
	}
	if b.base == nil {
		b.base = knowledge.NewBase(nil)
	}
	if b.log == nil {
		b.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if langs := b.base.Langs(); len(langs) == 1 {
		b.onlyLang = langs[0]
	}
	b.commands, b.quizCmds = commandTable()
	b.words = commandWords(b.commands, b.quizCmds)
	b.answers = b.answerTemplates()
	return b
}

// call is one request on its way through the bot.
type call struct {
	req     Request
	text    string // cleaned request text, without a trailing "share"
	share   bool   // the user asked for a public answer
	outcome string
	at      time.Time // when the request arrived
}

// Handle answers one request. On error the returned Reply is still safe to show: it apologises
// in the user's language.
func (b *Bot) Handle(ctx context.Context, req Request) (r Reply, err error) {
	start := time.Now()
	c := &call{req: req, outcome: OutcomeCommand, at: start}
	defer func() {
		if p := recover(); p != nil {
			// A bug must cost one reply, not the process serving every other user.
			b.log.Error("handle panicked", "platform", req.Platform, "kind", req.Kind.String(), "panic", fmt.Sprint(p))
			r, err = b.internalError(ctx, req), fmt.Errorf("handle %s request: panic: %v", req.Kind, p)
		}
		if err != nil {
			c.outcome = OutcomeError
		}
		if b.obs != nil {
			b.obs.Handled(req, c.outcome, time.Now().Sub(start))
		}
	}()
	if err := ctx.Err(); err != nil {
		return Reply{}, fmt.Errorf("handle %s request: %w", req.Kind, err)
	}
	if req.Kind == KindAction {
		c.outcome = OutcomeAction
		r, err = b.action(ctx, c)
	} else {
		c.text, c.share = splitShare(clean(req.Text))
		// Threads are left to adapters: only they know a thread's root (Slack's thread_ts).
		r, err = b.command(ctx, c)
	}
	if err != nil {
		b.log.Error("handle request", "platform", req.Platform, "kind", req.Kind.String(), "err", err)
		if r.Empty() {
			r = b.internalError(ctx, req)
		}
	}
	return r, err
}

func (b *Bot) internalError(ctx context.Context, req Request) Reply {
	lang := b.Lang(ctx, req)
	return Reply{Body: text(lang, msgInternalError), Visibility: Ephemeral, Lang: lang}
}

// visibility applies the default: commands answer the user alone unless they said "share";
// mentions and direct messages answer where they were asked.
func (c *call) visibility() Visibility {
	if c.req.Kind == KindCommand && !c.share {
		return Ephemeral
	}
	return Public
}

// recordQuery counts a question the bot searched for the query report, with the entry it
// answered with; commands and button presses are not questions and are not counted.
func (b *Bot) recordQuery(c *call, query string, r Reply) {
	if b.queries != nil {
		b.queries.Record(c.req.Platform, query, r.Answered(), c.at)
	}
}
