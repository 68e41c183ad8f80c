package admin

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/core/quiz"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// Periods the pages cover.
const (
	overviewDays = 30
	gapDays      = 90
	maxGaps      = 200
	maxBoards    = 5 // leaderboards shown: the busiest channels'
	maxBoardRows = 10
)

// view is what every template gets.
type view struct {
	T      map[string]string
	CSRF   string
	Page   string // "overview", "gaps", "topics": the current tab
	Notice string
	Error  string
	Data   any
}

var funcs = template.FuncMap{
	"printf": fmt.Sprintf,
	"pct": func(a, b int) string {
		if b == 0 {
			return "–"
		}
		return strconv.Itoa((100*a+b/2)/b) + "%"
	},
}

// render writes a template; a failure is a bug, logged, with a plain 500.
func (p *Pages) render(w http.ResponseWriter, r *http.Request, name string, v view) {
	var b bytes.Buffer
	if err := p.tmpl.ExecuteTemplate(&b, name, v); err != nil {
		p.log.Error("admin: render", "page", name, "err", err)
		http.Error(w, "the page could not be drawn", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(b.Bytes())
}

// fail shows an error the store or search gave, without its details to the browser.
func (p *Pages) fail(w http.ResponseWriter, what string, err error) {
	p.log.Error("admin: "+what, "err", err)
	http.Error(w, what+" failed; see the bot's log", http.StatusInternalServerError)
}

// overviewData is the overview page and /admin/api/overview.json.
type overviewData struct {
	Since     time.Time           `json:"since"`
	Days      []core.QueryDay     `json:"days"`
	Totals    map[string]dayTotal `json:"totals"` // by platform
	Feedback  []topicFeedback     `json:"feedback"`
	Quiz      []quiz.ChannelTotal `json:"quiz"`
	Boards    []board             `json:"leaderboards"`
	Chart     template.HTML       `json:"-"`
	Platforms []string            `json:"-"`
}

type dayTotal struct {
	Answered   int64 `json:"answered"`
	Unanswered int64 `json:"unanswered"`
	SmallTalk  int64 `json:"small_talk"`
}

type topicFeedback struct {
	Slug       string `json:"slug"`
	Title      string `json:"title"`
	Helpful    int64  `json:"helpful"`
	NotHelpful int64  `json:"not_helpful"`
}

type board struct {
	Channel string      `json:"channel"`
	Scores  []boardLine `json:"scores"`
}

type boardLine struct {
	Name     string `json:"name"`
	User     string `json:"user,omitempty"` // only with admin.show_user_ids
	Correct  int    `json:"correct"`
	Answered int    `json:"answered"`
}

func (p *Pages) overviewData(ctx context.Context, lang knowledge.Lang) (overviewData, error) {
	now := time.Now()
	d := overviewData{Since: now.AddDate(0, 0, -overviewDays+1).UTC().Truncate(24 * time.Hour), Totals: map[string]dayTotal{}}
	days, err := p.o.Questions.QueryDays(ctx, d.Since)
	if err != nil {
		return d, err
	}
	d.Days = days
	for _, q := range days {
		t := d.Totals[q.Platform]
		t.Answered += q.Answered
		t.Unanswered += q.Unanswered
		t.SmallTalk += q.SmallTalk
		d.Totals[q.Platform] = t
	}
	for k := range d.Totals {
		d.Platforms = append(d.Platforms, k)
	}
	slices.Sort(d.Platforms)
	fb, err := p.o.Feedback.FeedbackTotals(ctx)
	if err != nil {
		return d, err
	}
	for _, f := range fb {
		d.Feedback = append(d.Feedback, topicFeedback{f.Slug, p.title(f.Slug, lang), f.Helpful, f.NotHelpful})
	}
	if p.o.Quiz != nil {
		if d.Quiz, err = p.o.Quiz.QuizChannels(ctx, d.Since); err != nil {
			return d, err
		}
		for _, c := range d.Quiz[:min(len(d.Quiz), maxBoards)] {
			scores, err := p.o.Quiz.Leaderboard(ctx, c.Channel, d.Since)
			if err != nil {
				return d, err
			}
			b := board{Channel: c.Channel.Platform + " " + c.Channel.Channel}
			for _, s := range scores[:min(len(scores), maxBoardRows)] {
				l := boardLine{Name: s.Name, Correct: s.Correct, Answered: s.Answered}
				if p.o.ShowUserIDs {
					l.User = s.User
				}
				b.Scores = append(b.Scores, l)
			}
			d.Boards = append(d.Boards, b)
		}
	}
	d.Chart = dayChart(d.Since, overviewDays, days, catalogue(lang))
	return d, nil
}

func (p *Pages) overview(w http.ResponseWriter, r *http.Request, ss session) {
	lang := langOf(r)
	d, err := p.overviewData(r.Context(), lang)
	if err != nil {
		p.fail(w, "overview", err)
		return
	}
	p.render(w, r, "overview.html", view{T: catalogue(lang), CSRF: ss.csrf, Page: "overview", Data: d, Notice: r.URL.Query().Get("notice")})
}

// title is an entry's title in lang, or its slug when the base no longer has it.
func (p *Pages) title(slug string, lang knowledge.Lang) string {
	e, ok := p.o.Base.Entry(slug)
	if !ok {
		return slug
	}
	t, _ := e.In(lang)
	return strings.TrimSpace(t.Title)
}

// gap is one unanswered question with the topics the bot would suggest.
type gap struct {
	Query       string   `json:"query"`
	Asked       int64    `json:"asked"`
	Suggestions []option `json:"suggestions"`
}

type option struct {
	Slug  string `json:"slug"`
	Title string `json:"title"`
}

// suggestion is an implicit signal shown for an owner to accept or dismiss.
type suggestion struct {
	Question string `json:"question"`
	Slug     string `json:"slug"`
	Title    string `json:"title"`
	Kind     string `json:"kind"`
	Times    int64  `json:"times"`
}

type gapsData struct {
	Suggested []suggestion    `json:"suggested"`
	Gaps      []gap           `json:"gaps"`
	Unhelpful []topicFeedback `json:"unhelpful"`
	Topics    []option        `json:"-"` // every entry, for the "teach to" choice
}

func (p *Pages) gapsData(ctx context.Context, lang knowledge.Lang) (gapsData, error) {
	var d gapsData
	qs, err := p.o.Questions.UnansweredQueries(ctx, time.Now().AddDate(0, 0, -gapDays), maxGaps)
	if err != nil {
		return d, err
	}
	taught, err := p.taughtKeys(ctx)
	if err != nil {
		return d, err
	}
	for _, q := range qs {
		if taught[core.NormaliseQuery(q.Query)] {
			continue // already taught: gone from the gaps once taught
		}
		g := gap{Query: q.Query, Asked: q.Asked}
		if p.o.Search != nil {
			res := p.o.Search.Search(q.Query)
			for _, m := range res.Alternatives {
				g.Suggestions = append(g.Suggestions, option{m.Entry.Slug, p.title(m.Entry.Slug, lang)})
			}
		}
		d.Gaps = append(d.Gaps, g)
	}
	fb, err := p.o.Feedback.FeedbackTotals(ctx)
	if err != nil {
		return d, err
	}
	for _, f := range fb {
		if f.NotHelpful > 0 {
			d.Unhelpful = append(d.Unhelpful, topicFeedback{f.Slug, p.title(f.Slug, lang), f.Helpful, f.NotHelpful})
		}
	}
	slices.SortStableFunc(d.Unhelpful, func(a, b topicFeedback) int { return int(b.NotHelpful - a.NotHelpful) })
	d.Topics = p.options(lang)
	d.Suggested, err = p.suggestions(ctx, lang, taught)
	return d, err
}

// maxSuggested bounds the suggestions from use shown at once.
const maxSuggested = 100

// suggestions lists what users' presses suggest, leaving out questions already taught and
// entries the base no longer has.
func (p *Pages) suggestions(ctx context.Context, lang knowledge.Lang, taught map[string]bool) ([]suggestion, error) {
	if p.o.Signals == nil {
		return nil, nil
	}
	sigs, err := p.o.Signals.Signals(ctx, maxSuggested)
	if err != nil {
		return nil, err
	}
	var out []suggestion
	for _, s := range sigs {
		if _, ok := p.o.Base.Entry(s.Slug); !ok || taught[core.NormaliseQuery(s.Question)] {
			continue
		}
		out = append(out, suggestion{s.Question, s.Slug, p.title(s.Slug, lang), s.Kind, s.Times})
	}
	return out, nil
}

func (p *Pages) options(lang knowledge.Lang) []option {
	out := make([]option, 0, len(p.o.Base.Entries))
	for _, e := range p.o.Base.Entries {
		out = append(out, option{e.Slug, p.title(e.Slug, lang)})
	}
	return out
}

func (p *Pages) taughtKeys(ctx context.Context) (map[string]bool, error) {
	ls, err := p.o.Lessons.Lessons(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(ls))
	for _, l := range ls {
		out[core.NormaliseQuery(l.Question)] = true
	}
	return out, nil
}

func (p *Pages) gaps(w http.ResponseWriter, r *http.Request, ss session) {
	lang := langOf(r)
	d, err := p.gapsData(r.Context(), lang)
	if err != nil {
		p.fail(w, "gaps", err)
		return
	}
	p.render(w, r, "gaps.html", view{T: catalogue(lang), CSRF: ss.csrf, Page: "gaps", Data: d, Notice: r.URL.Query().Get("notice")})
}

// topicRow is one entry on the topics page.
type topicRow struct {
	Slug       string        `json:"slug"`
	Title      string        `json:"title"`
	Reached    []reachedLine `json:"reached"`
	Helpful    int64         `json:"helpful"`
	NotHelpful int64         `json:"not_helpful"`
	Lessons    []core.Lesson `json:"lessons"`
}

type reachedLine struct {
	Query string `json:"query"`
	Asked int64  `json:"asked"`
}

type topicsData struct {
	Topics   []topicRow    `json:"topics"`
	OffTopic []core.Lesson `json:"off_topic"`
}

// maxReached bounds the questions listed under one topic.
const maxReached = 10

func (p *Pages) topicsData(ctx context.Context, lang knowledge.Lang) (topicsData, error) {
	var d topicsData
	top, err := p.o.Questions.TopQueries(ctx, time.Now().AddDate(0, 0, -gapDays), 1000)
	if err != nil {
		return d, err
	}
	fb, err := p.o.Feedback.FeedbackTotals(ctx)
	if err != nil {
		return d, err
	}
	ls, err := p.o.Lessons.Lessons(ctx)
	if err != nil {
		return d, err
	}
	at := map[string]int{}
	for i, e := range p.o.Base.Entries {
		at[e.Slug] = i
		d.Topics = append(d.Topics, topicRow{Slug: e.Slug, Title: p.title(e.Slug, lang)})
	}
	for _, q := range top {
		if i, ok := at[q.Slug]; ok && len(d.Topics[i].Reached) < maxReached {
			d.Topics[i].Reached = append(d.Topics[i].Reached, reachedLine{q.Query, q.Asked})
		}
	}
	for _, f := range fb {
		if i, ok := at[f.Slug]; ok {
			d.Topics[i].Helpful, d.Topics[i].NotHelpful = f.Helpful, f.NotHelpful
		}
	}
	for _, l := range ls {
		if i, ok := at[l.Slug]; ok {
			d.Topics[i].Lessons = append(d.Topics[i].Lessons, l)
		} else if l.OffTopic() {
			d.OffTopic = append(d.OffTopic, l)
		}
	}
	return d, nil
}

func (p *Pages) topics(w http.ResponseWriter, r *http.Request, ss session) {
	lang := langOf(r)
	d, err := p.topicsData(r.Context(), lang)
	if err != nil {
		p.fail(w, "topics", err)
		return
	}
	p.render(w, r, "topics.html", view{T: catalogue(lang), CSRF: ss.csrf, Page: "topics", Data: d, Notice: r.URL.Query().Get("notice")})
}

// teach assigns a question to a topic, or marks it off-topic, and applies it at once here.
func (p *Pages) teach(w http.ResponseWriter, r *http.Request, _ string) {
	t := catalogue(langOf(r))
	q := r.PostForm.Get("question")
	slug := r.PostForm.Get("slug")
	if r.PostForm.Get("off_topic") != "" {
		slug = ""
	} else if _, ok := p.o.Base.Entry(slug); !ok {
		http.Error(w, fmt.Sprintf(t["noSuchTopic"], slug), http.StatusBadRequest)
		return
	}
	l, err := p.o.Lessons.Teach(r.Context(), core.Lesson{Question: q, Slug: slug, By: "admin"})
	if err != nil {
		http.Error(w, "not taught: "+err.Error(), http.StatusBadRequest)
		return
	}
	p.log.Info("admin: question taught", "lesson", l.ID, "question", l.Question, "slug", l.Slug, "off_topic", l.OffTopic(), "remote", clientAddr(r))
	if p.o.Signals != nil {
		// Taught, its suggestions are settled; a failure leaves them hidden, not wrong.
		if _, err := p.o.Signals.DismissSignals(r.Context(), l.Question, ""); err != nil {
			p.log.Warn("admin: dismiss the taught question's suggestions", "err", err)
		}
	}
	p.apply(r.Context())
	notice := fmt.Sprintf(t["taught"], l.Question, p.title(l.Slug, langOf(r)))
	if l.OffTopic() {
		notice = fmt.Sprintf(t["taughtOff"], l.Question)
	}
	back(w, r, "/admin/gaps", notice)
}

// dismiss drops a suggestion from use without teaching anything.
func (p *Pages) dismiss(w http.ResponseWriter, r *http.Request, _ string) {
	t := catalogue(langOf(r))
	q, slug := r.PostForm.Get("question"), r.PostForm.Get("slug")
	if p.o.Signals == nil || strings.TrimSpace(q) == "" || slug == "" {
		http.Error(w, "no suggestion named", http.StatusBadRequest)
		return
	}
	n, err := p.o.Signals.DismissSignals(r.Context(), q, slug)
	if err != nil {
		p.fail(w, "dismiss suggestion", err)
		return
	}
	if n == 0 {
		http.Error(w, "no such suggestion", http.StatusNotFound)
		return
	}
	p.log.Info("admin: suggestion dismissed", "question", q, "slug", slug, "remote", clientAddr(r))
	back(w, r, "/admin/gaps", fmt.Sprintf(t["dismissed"], q))
}

// forget takes a lesson back.
func (p *Pages) forget(w http.ResponseWriter, r *http.Request, _ string) {
	t := catalogue(langOf(r))
	id, err := strconv.ParseInt(r.PostForm.Get("id"), 10, 64)
	if err != nil || id <= 0 {
		http.Error(w, "no lesson id", http.StatusBadRequest)
		return
	}
	ok, err := p.o.Lessons.Forget(r.Context(), id)
	if err != nil {
		p.fail(w, "remove lesson", err)
		return
	}
	if !ok {
		http.Error(w, fmt.Sprintf("no lesson %d", id), http.StatusNotFound)
		return
	}
	p.log.Info("admin: lesson removed", "lesson", id, "remote", clientAddr(r))
	p.apply(r.Context())
	back(w, r, "/admin/topics", fmt.Sprintf(t["removed"], id))
}

// apply makes this replica answer with the new lessons now; the others refresh on their own.
func (p *Pages) apply(ctx context.Context) {
	if p.o.Apply == nil {
		return
	}
	if err := p.o.Apply(ctx); err != nil {
		p.log.Warn("admin: lessons not applied at once; they will be at the next refresh", "err", err)
	}
}

// back redirects to a page after a change, with a notice to show (POST, redirect, GET).
func back(w http.ResponseWriter, r *http.Request, page, notice string) {
	http.Redirect(w, r, page+"?notice="+url.QueryEscape(notice), http.StatusSeeOther)
}
