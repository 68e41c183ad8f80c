package core

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge/search"
)

// testBase is a small hand-built base: two bilingual entries and one only in Chinese.
func testBase() *knowledge.Base {
	return knowledge.NewBase([]*knowledge.Entry{
		{
			Slug:    "risks",
			Related: []string{"funding", "culture"},
			Texts: map[knowledge.Lang]*knowledge.Text{
				knowledge.EN: {Title: "Risks and challenges", Answer: "1. **Technical risk:** models are hard.", Explanation: "Plan ahead.", Aliases: []string{"risks"}},
				knowledge.ZH: {Title: "风险与挑战", Answer: "1. **技术风险：** 模型很难。", Explanation: "提前规划。", Aliases: []string{"风险"}},
			},
		},
		{
			Slug:    "funding",
			Related: []string{"risks"},
			Texts: map[knowledge.Lang]*knowledge.Text{
				knowledge.EN: {Title: "Funding strategy", Answer: "1. **Angel round:** find angels.", Explanation: "Money matters."},
				knowledge.ZH: {Title: "融资策略", Answer: "1. **天使轮：** 寻找天使投资人。", Explanation: "钱很重要。"},
			},
		},
		{
			Slug: "culture",
			Texts: map[knowledge.Lang]*knowledge.Text{
				knowledge.ZH: {Title: "企业文化", Answer: "1. **使命：** 明确使命。", Explanation: "文化很重要。"},
			},
		},
	})
}

// fakeSearch answers from a fixed table of queries; anything else finds nothing.
type fakeSearch struct {
	base    *knowledge.Base
	answers map[string]search.Result
	mu      sync.Mutex
	seen    []string
}

func newFakeSearch(b *knowledge.Base) *fakeSearch {
	e := func(slug string) *knowledge.Entry {
		en, _ := b.Entry(slug)
		return en
	}
	return &fakeSearch{base: b, answers: map[string]search.Result{
		"risks":                  {Best: e("risks"), Score: 0.95, Lang: knowledge.EN},
		"风险":                     {Best: e("risks"), Score: 0.93, Lang: knowledge.ZH},
		"how do we raise money?": {Best: e("funding"), Score: 0.81, Lang: knowledge.EN},
		"融资":                     {Best: e("funding"), Score: 0.9, Lang: knowledge.ZH},
		"culture":                {Best: e("culture"), Score: 0.9, Lang: knowledge.EN},
		"money risk":             {Score: 0.3, Lang: knowledge.EN, Alternatives: []search.Match{{Entry: e("funding"), Score: 0.3}, {Entry: e("risks"), Score: 0.2}}},
		"钱的风险":                   {Score: 0.3, Lang: knowledge.ZH, Alternatives: []search.Match{{Entry: e("funding"), Score: 0.3}}},
	}}
}

func (f *fakeSearch) Search(q string) search.Result {
	f.mu.Lock()
	f.seen = append(f.seen, q)
	f.mu.Unlock()
	if r, ok := f.answers[strings.ToLower(q)]; ok {
		return r
	}
	return search.Result{Lang: detectLang(q)}
}

func (f *fakeSearch) last() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.seen) == 0 {
		return ""
	}
	return f.seen[len(f.seen)-1]
}

// memPrefs keeps language choices in memory.
type memPrefs struct {
	mu    sync.Mutex
	m     map[UserKey]knowledge.Lang
	fail  error
	reads int
}

func (p *memPrefs) UserLang(_ context.Context, u UserKey) (knowledge.Lang, bool, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.reads++
	if p.fail != nil {
		return "", false, p.fail
	}
	l, ok := p.m[u]
	return l, ok, nil
}

func (p *memPrefs) SetUserLang(_ context.Context, u UserKey, l knowledge.Lang) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.fail != nil {
		return p.fail
	}
	if p.m == nil {
		p.m = map[UserKey]knowledge.Lang{}
	}
	p.m[u] = l
	return nil
}

type memFeedback struct {
	mu    sync.Mutex
	saved []Feedback
	fail  error
}

func (m *memFeedback) SaveFeedback(_ context.Context, f Feedback) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return m.fail
	}
	m.saved = append(m.saved, f)
	return nil
}

type handled struct {
	kind    Kind
	outcome string
	d       time.Duration
}

type recObserver struct {
	mu       sync.Mutex
	handled  []handled
	feedback []bool
}

func (o *recObserver) Handled(req Request, outcome string, d time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.handled = append(o.handled, handled{req.Kind, outcome, d})
}

func (o *recObserver) Feedback(_ string, helpful bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.feedback = append(o.feedback, helpful)
}

// recQuiz records what core delegated to it.
type recQuiz struct {
	cmds    []QuizCommand
	langs   []knowledge.Lang
	actions []string
	fail    bool
}

func (q *recQuiz) Command(_ context.Context, _ Request, cmd QuizCommand, lang knowledge.Lang) (Reply, error) {
	q.cmds = append(q.cmds, cmd)
	q.langs = append(q.langs, lang)
	if q.fail {
		return Reply{}, errors.New("quiz store down")
	}
	return Reply{Body: "quiz:" + cmd.Name + ":" + cmd.Args, Lang: lang}, nil
}

func (q *recQuiz) Action(_ context.Context, req Request, lang knowledge.Lang) (Reply, error) {
	q.actions = append(q.actions, req.ActionID)
	return Reply{Body: "quiz action " + req.ActionID, Lang: lang}, nil
}

// rig is a Bot with every port faked.
type rig struct {
	bot      *Bot
	search   *fakeSearch
	prefs    *memPrefs
	feedback *memFeedback
	obs      *recObserver
	quiz     *recQuiz
}

func newRig(t testing.TB) *rig {
	t.Helper()
	b := testBase()
	r := &rig{search: newFakeSearch(b), prefs: &memPrefs{}, feedback: &memFeedback{}, obs: &recObserver{}, quiz: &recQuiz{}}
	r.bot = New(Options{
		Base: b, Search: r.search, Prefs: r.prefs, Feedback: r.feedback, Quiz: r.quiz, Observer: r.obs,
	})
	return r
}

// say sends text the way the given kind arrives and fails the test on error.
func (r *rig) say(t *testing.T, kind Kind, text string) Reply {
	t.Helper()
	rep, err := r.bot.Handle(context.Background(), Request{Platform: "test", Channel: "C1", User: "U1", Kind: kind, Text: text})
	if err != nil {
		t.Fatalf("Handle(%q): %v", text, err)
	}
	return rep
}

func (r *rig) press(t *testing.T, id, value string) Reply {
	t.Helper()
	rep, err := r.bot.Handle(context.Background(), Request{Platform: "test", Channel: "C1", User: "U1", Kind: KindAction, ActionID: id, ActionValue: value})
	if err != nil {
		t.Fatalf("press %q: %v", id, err)
	}
	return rep
}

func buttonIDs(r Reply) []string {
	var ids []string
	for _, b := range r.Buttons {
		ids = append(ids, b.ID)
	}
	return ids
}

func hasButton(r Reply, id string) (Button, bool) {
	for _, b := range r.Buttons {
		if b.ID == id {
			return b, true
		}
	}
	return Button{}, false
}
