// Package admin is the knowledge owners' pages: what people ask and what went unanswered,
// feedback per topic, quiz participation, and teaching the bot a question in one click. It is
// served under /admin/ on the admin listener, rendered on the server with html/template and
// embedded assets (no script at all), in English or Chinese after the browser's
// Accept-Language. Access needs the admin token, exchanged for a session cookie; every form
// carries a CSRF token; every change is logged.
package admin

import (
	"context"
	"embed"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/core/quiz"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge/search"
)

// Questions is what the pages read of the query counts.
type Questions interface {
	QueryDays(ctx context.Context, since time.Time) ([]core.QueryDay, error)
	TopQueries(ctx context.Context, since time.Time, limit int) ([]core.QueryTotal, error)
	UnansweredQueries(ctx context.Context, since time.Time, limit int) ([]core.QueryTotal, error)
}

// Feedback is what the pages read of the helpful / not helpful presses.
type Feedback interface {
	FeedbackTotals(ctx context.Context) ([]core.FeedbackTotal, error)
}

// QuizStats is what the pages read of the quiz.
type QuizStats interface {
	QuizChannels(ctx context.Context, since time.Time) ([]quiz.ChannelTotal, error)
	Leaderboard(ctx context.Context, ch core.ChannelKey, since time.Time) ([]quiz.Score, error)
}

// Signals is what the pages read and remove of the implicit signals (core.Signal).
type Signals interface {
	Signals(ctx context.Context, limit int) ([]core.SignalTotal, error)
	DismissSignals(ctx context.Context, question, slug string) (int64, error)
}

// Searcher suggests topics for a question (the bot's own search).
type Searcher interface {
	Search(query string) search.Result
}

// Options wires the pages. Token empty turns them off: they say so and open nothing.
type Options struct {
	Token     string
	Base      *knowledge.Base
	Search    Searcher
	Questions Questions
	Feedback  Feedback
	Quiz      QuizStats // nil: no quiz section
	Lessons   core.LessonStore
	Signals   Signals // nil: no suggestions from use
	// Apply makes this replica apply new lessons at once (the others do within their refresh).
	Apply func(ctx context.Context) error
	// ShowUserIDs shows platform user ids next to names on the leaderboard.
	ShowUserIDs bool
	Logger      *slog.Logger
}

// Pages serves /admin/.
type Pages struct {
	o        Options
	log      *slog.Logger
	tmpl     *template.Template
	sessions *sessions
	failures *failures
}

//go:embed templates/*.html static/*
var assets embed.FS

// New prepares the pages; it panics only if the embedded templates are broken, which the
// package's tests rule out.
func New(o Options) *Pages {
	p := &Pages{o: o, log: o.Logger}
	if p.log == nil {
		p.log = slog.New(slog.DiscardHandler)
	}
	if o.Base == nil {
		p.o.Base = knowledge.NewBase(nil)
	}
	p.tmpl = template.Must(template.New("").Funcs(funcs).ParseFS(assets, "templates/*.html"))
	p.sessions = newSessions()
	p.failures = newFailures()
	return p
}

// Mount adds the pages' routes to mux under /admin/.
func (p *Pages) Mount(mux interface {
	Handle(pattern string, h http.Handler)
}) {
	static, _ := fs.Sub(assets, "static")
	mux.Handle("GET /admin/static/", p.headers(http.StripPrefix("/admin/static/", http.FileServerFS(static))))
	mux.Handle("GET /admin/{$}", p.page(p.overview))
	mux.Handle("GET /admin/gaps", p.page(p.gaps))
	mux.Handle("GET /admin/topics", p.page(p.topics))
	mux.Handle("GET /admin/api/overview.json", p.api(p.overviewJSON))
	mux.Handle("GET /admin/export/{file}", p.api(p.export))
	mux.Handle("POST /admin/login", p.headers(http.HandlerFunc(p.login)))
	mux.Handle("POST /admin/logout", p.change(p.logout))
	mux.Handle("POST /admin/teach", p.change(p.teach))
	mux.Handle("POST /admin/forget", p.change(p.forget))
	mux.Handle("POST /admin/dismiss", p.change(p.dismiss))
}

// maxForm bounds a form's body: a question and a few fields, never a document.
const maxForm = 16 << 10

// headers sets what every answer of the pages carries: no script may run, nothing may frame
// them, nothing is cached or leaks in a Referer.
func (p *Pages) headers(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("Cache-Control", "no-store")
		if p.o.Token == "" && r.URL.Path != "/admin/static/admin.css" {
			p.off(w, r)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// off answers every page when no token is configured: the pages are off, and say how to
// turn them on.
func (p *Pages) off(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusServiceUnavailable)
	p.render(w, r, "off.html", view{T: catalogue(langOf(r))})
}
