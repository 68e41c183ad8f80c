package core

import (
	"context"
	"slices"
	"time"

	"github.com/hashicorp/golang-lru/v2/expirable"
)

// Kinds of implicit signal: what a user did that suggests a question belongs to an entry.
const (
	// SignalDidYouMean: the bot was unsure, offered "did you mean", and the user pressed this
	// entry.
	SignalDidYouMean = "did_you_mean"
	// SignalAfterNotHelpful: the user marked the answer not helpful, then pressed this related
	// entry under it.
	SignalAfterNotHelpful = "after_not_helpful"
)

// Signal is one such hint. Signals are shown to knowledge owners as suggestions to accept;
// they never teach the bot on their own, so a user pressing buttons cannot change answers.
type Signal struct {
	Question string // as the user asked it
	Slug     string // the entry the user went to
	Kind     string // SignalDidYouMean or SignalAfterNotHelpful
	At       time.Time
}

// SignalTotal is one suggestion: a question, the entry users went to, how often, how.
type SignalTotal struct {
	Question string
	Slug     string
	Kind     string
	Times    int64
	Last     time.Time
}

// SignalRecorder keeps implicit signals (implemented by the stores).
type SignalRecorder interface {
	RecordSignal(ctx context.Context, s Signal) error
}

// The bot remembers each user's last question for a while, so a button press on its reply can
// be read as a signal about that question. The memory is this process's: a press that reaches
// another replica records nothing, which costs a suggestion, never an answer.
const (
	recentAskTTL = 30 * time.Minute
	recentAskMax = 10_000
)

// recentAsk is what a user asked last and what the bot offered.
type recentAsk struct {
	question string
	answered string   // the entry answered with; "" when the bot offered "did you mean"
	offered  []string // the alternatives, or the answer's related entries
	faulted  bool     // the user marked the answer not helpful
}

// recentAsks maps users to their last question.
type recentAsks struct {
	m *expirable.LRU[UserKey, recentAsk]
}

func newRecentAsks() recentAsks {
	return recentAsks{m: expirable.NewLRU[UserKey, recentAsk](recentAskMax, nil, recentAskTTL)}
}

// remember notes what the user was offered for question.
func (r recentAsks) remember(u UserKey, question, answered string, offered []string) {
	if len(offered) == 0 {
		r.m.Remove(u)
		return
	}
	r.m.Add(u, recentAsk{question: question, answered: answered, offered: offered})
}

// notHelpful notes that the user marked slug's answer not helpful.
func (r recentAsks) notHelpful(u UserKey, slug string) {
	if a, ok := r.m.Get(u); ok && a.answered == slug {
		a.faulted = true
		r.m.Add(u, a)
	}
}

// pressed reads a press of slug as a signal about the user's last question, if it is one,
// and forgets the question: one signal per question asked.
func (r recentAsks) pressed(u UserKey, slug string) (question, kind string, ok bool) {
	a, found := r.m.Get(u)
	if !found || !slices.Contains(a.offered, slug) {
		return "", "", false
	}
	switch {
	case a.answered == "":
		kind = SignalDidYouMean
	case a.faulted:
		kind = SignalAfterNotHelpful
	default:
		return "", "", false // a related topic pressed after an answer nobody faulted
	}
	r.m.Remove(u)
	return a.question, kind, true
}

// rememberAsk notes the user's question and what the reply offered, when signals are kept.
func (b *Bot) rememberAsk(c *call, query, answered string, offered []string) {
	if b.signals != nil {
		b.recent.remember(c.req.UserKey(), query, answered, offered)
	}
}

// signal records a press that followed a question, if it says something about it.
func (b *Bot) signal(ctx context.Context, c *call, slug string) {
	if b.signals == nil || c.req.Kind != KindAction {
		return
	}
	q, kind, ok := b.recent.pressed(c.req.UserKey(), slug)
	if !ok {
		return
	}
	if err := b.signals.RecordSignal(ctx, Signal{Question: q, Slug: slug, Kind: kind, At: time.Now()}); err != nil {
		// A lost suggestion; the user's press is answered all the same.
		b.log.Warn("record signal", "kind", kind, "slug", slug, "err", err)
	}
}
