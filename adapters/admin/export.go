package admin

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

func (p *Pages) overviewJSON(w http.ResponseWriter, r *http.Request) {
	d, err := p.overviewData(r.Context(), langOf(r))
	if err != nil {
		p.fail(w, "overview", err)
		return
	}
	writeJSON(w, d)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// export serves one table as CSV or JSON: /admin/export/{questions,unanswered,days,feedback,quiz,lessons,suggested}.{csv,json}.
func (p *Pages) export(w http.ResponseWriter, r *http.Request) {
	name, format, _ := strings.Cut(r.PathValue("file"), ".")
	if format != "csv" && format != "json" {
		http.Error(w, "export as .csv or .json", http.StatusNotFound)
		return
	}
	ctx, lang := r.Context(), langOf(r)
	var header []string
	var rows [][]string
	var data any
	switch name {
	case "questions", "unanswered":
		var qs []core.QueryTotal
		var err error
		since := time.Now().AddDate(0, 0, -gapDays)
		if name == "questions" {
			qs, err = p.o.Questions.TopQueries(ctx, since, 1000)
		} else {
			qs, err = p.o.Questions.UnansweredQueries(ctx, since, 1000)
		}
		if err != nil {
			p.fail(w, "export", err)
			return
		}
		header, data = []string{"query", "slug", "asked"}, qs
		for _, q := range qs {
			rows = append(rows, []string{q.Query, q.Slug, strconv.FormatInt(q.Asked, 10)})
		}
	case "days":
		d, err := p.o.Questions.QueryDays(ctx, time.Now().AddDate(0, 0, -gapDays))
		if err != nil {
			p.fail(w, "export", err)
			return
		}
		header, data = []string{"day", "platform", "answered", "unanswered", "small_talk"}, d
		for _, x := range d {
			day := time.Unix(x.Day*86400, 0).UTC().Format("2006-01-02")
			rows = append(rows, []string{day, x.Platform, itoa(x.Answered), itoa(x.Unanswered), itoa(x.SmallTalk)})
		}
	case "feedback":
		fb, err := p.o.Feedback.FeedbackTotals(ctx)
		if err != nil {
			p.fail(w, "export", err)
			return
		}
		header, data = []string{"slug", "title", "helpful", "not_helpful"}, fb
		for _, f := range fb {
			rows = append(rows, []string{f.Slug, p.title(f.Slug, lang), itoa(f.Helpful), itoa(f.NotHelpful)})
		}
	case "quiz":
		if p.o.Quiz == nil {
			http.Error(w, "the quiz is not enabled", http.StatusNotFound)
			return
		}
		qc, err := p.o.Quiz.QuizChannels(ctx, time.Now().AddDate(0, 0, -gapDays))
		if err != nil {
			p.fail(w, "export", err)
			return
		}
		header, data = []string{"platform", "workspace", "channel", "posts", "answers", "correct"}, qc
		for _, c := range qc {
			rows = append(rows, []string{c.Channel.Platform, c.Channel.Workspace, c.Channel.Channel,
				strconv.Itoa(c.Posts), strconv.Itoa(c.Answers), strconv.Itoa(c.Correct)})
		}
	case "lessons":
		ls, err := p.o.Lessons.Lessons(ctx)
		if err != nil {
			p.fail(w, "export", err)
			return
		}
		header, data = []string{"id", "question", "slug", "off_topic", "by", "at"}, ls
		for _, l := range ls {
			rows = append(rows, []string{itoa(l.ID), l.Question, l.Slug, strconv.FormatBool(l.OffTopic()), l.By, l.At.UTC().Format(time.RFC3339)})
		}
	case "suggested":
		if p.o.Signals == nil {
			http.Error(w, "no suggestions are kept", http.StatusNotFound)
			return
		}
		sigs, err := p.o.Signals.Signals(ctx, 1000)
		if err != nil {
			p.fail(w, "export", err)
			return
		}
		header, data = []string{"question", "slug", "kind", "times", "last"}, sigs
		for _, g := range sigs {
			rows = append(rows, []string{g.Question, g.Slug, g.Kind, itoa(g.Times), g.Last.UTC().Format(time.RFC3339)})
		}
	default:
		http.Error(w, "no such table: questions, unanswered, days, feedback, quiz, lessons or suggested", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+"."+format+`"`)
	if format == "json" {
		writeJSON(w, data)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	cw := csv.NewWriter(w)
	cw.Write(header)
	for _, row := range rows {
		for i, c := range row {
			row[i] = defuse(c)
		}
		cw.Write(row)
	}
	cw.Flush()
}

// defuse keeps a spreadsheet from running a cell that a user typed as a formula
// (=HYPERLINK(...)): such a cell is prefixed with a quote, as OWASP advises for CSV.
func defuse(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
