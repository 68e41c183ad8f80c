package admin

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"net"
	"net/http"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/time/rate"
)

// Sessions and logins.
const (
	cookieName   = "bigmodel_admin"
	sessionTTL   = 12 * time.Hour
	maxSessions  = 1000 // more live sessions than any team has owners: the oldest goes
	failWindow   = 5 * time.Minute
	maxFailures  = 5 // wrong tokens from one address in a row before it must wait
	maxAddresses = 10_000
)

type session struct {
	csrf    string
	expires time.Time
}

// sessions are kept in memory: a restart logs owners out, and each replica has its own (see
// README: serve the pages from one replica, or have the proxy keep an owner on one). Past
// maxSessions the least recently used goes.
type sessions struct {
	m *lru.Cache[string, session]
}

func newSessions() *sessions {
	m, _ := lru.New[string, session](maxSessions) // errs only for a size <= 0
	return &sessions{m: m}
}

// start opens a session and returns its id.
func (s *sessions) start() (string, session) {
	id := randomToken()
	ss := session{csrf: randomToken(), expires: time.Now().Add(sessionTTL)}
	s.m.Add(id, ss)
	return id, ss
}

// get returns the live session of id.
func (s *sessions) get(id string) (session, bool) {
	ss, ok := s.m.Get(id)
	if ok && !ss.expires.After(time.Now()) {
		s.m.Remove(id)
		return session{}, false
	}
	return ss, ok
}

func (s *sessions) end(id string) { s.m.Remove(id) }

// failures counts wrong tokens per client address, so the token cannot be guessed at speed:
// each address has maxFailures tries, given back one per failWindow/maxFailures (a token
// bucket, x/time/rate). Past maxAddresses the least recently seen address is forgotten.
type failures struct {
	m *lru.Cache[string, *rate.Limiter]
}

func newFailures() *failures {
	m, _ := lru.New[string, *rate.Limiter](maxAddresses) // errs only for a size <= 0
	return &failures{m: m}
}

// blocked reports whether addr has used up its tries.
func (f *failures) blocked(addr string) bool {
	l, ok := f.m.Get(addr)
	return ok && l.Tokens() < 1
}

func (f *failures) add(addr string) {
	l, ok := f.m.Get(addr)
	if !ok {
		l = rate.NewLimiter(rate.Every(failWindow/maxFailures), maxFailures)
		if prev, found, _ := f.m.PeekOrAdd(addr, l); found {
			l = prev
		}
	}
	l.Allow()
}

func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

// clientAddr is the request's remote host, the unit of login rate limiting.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (p *Pages) login(w http.ResponseWriter, r *http.Request) {
	addr := clientAddr(r)
	t := catalogue(langOf(r))
	if p.failures.blocked(addr) {
		w.Header().Set("Retry-After", "300")
		w.WriteHeader(http.StatusTooManyRequests)
		p.render(w, r, "login.html", view{T: t, Error: t["tooMany"]})
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	token := r.PostFormValue("token")
	if subtle.ConstantTimeCompare([]byte(token), []byte(p.o.Token)) != 1 {
		p.failures.add(addr)
		p.log.Warn("admin: login refused", "remote", addr)
		w.WriteHeader(http.StatusUnauthorized)
		p.render(w, r, "login.html", view{T: t, Error: t["wrongToken"]})
		return
	}
	id, _ := p.sessions.start()
	http.SetCookie(w, &http.Cookie{
		Name: cookieName, Value: id, Path: "/admin/", MaxAge: int(sessionTTL.Seconds()),
		HttpOnly: true, Secure: r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https",
		SameSite: http.SameSiteStrictMode,
	})
	p.log.Info("admin: logged in", "remote", addr)
	http.Redirect(w, r, "/admin/", http.StatusSeeOther)
}

func (p *Pages) logout(w http.ResponseWriter, r *http.Request, id string) {
	p.sessions.end(id)
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/admin/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, "/admin/", http.StatusSeeOther)
}

// current returns the request's session.
func (p *Pages) current(r *http.Request) (string, session, bool) {
	c, err := r.Cookie(cookieName)
	if err != nil || c.Value == "" {
		return "", session{}, false
	}
	ss, ok := p.sessions.get(c.Value)
	return c.Value, ss, ok
}

// page serves a page to a logged-in owner and the login page to anyone else.
func (p *Pages) page(fn func(w http.ResponseWriter, r *http.Request, ss session)) http.Handler {
	return p.headers(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, ss, ok := p.current(r)
		if !ok {
			p.render(w, r, "login.html", view{T: catalogue(langOf(r))})
			return
		}
		fn(w, r, ss)
	}))
}

// api serves data to a logged-in owner; 401 to anyone else.
func (p *Pages) api(fn func(w http.ResponseWriter, r *http.Request)) http.Handler {
	return p.headers(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, _, ok := p.current(r); !ok {
			http.Error(w, "log in first: POST /admin/login", http.StatusUnauthorized)
			return
		}
		fn(w, r)
	}))
}

// change serves a form that changes something: a session and its CSRF token are needed.
func (p *Pages) change(fn func(w http.ResponseWriter, r *http.Request, id string)) http.Handler {
	return p.headers(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, ss, ok := p.current(r)
		if !ok {
			http.Error(w, "log in first", http.StatusUnauthorized)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxForm)
		if err := r.ParseForm(); err != nil {
			http.Error(w, "the form is too large or malformed", http.StatusRequestEntityTooLarge)
			return
		}
		if subtle.ConstantTimeCompare([]byte(r.PostForm.Get("csrf")), []byte(ss.csrf)) != 1 {
			p.log.Warn("admin: a change without its CSRF token refused", "path", r.URL.Path, "remote", clientAddr(r))
			http.Error(w, "this form has expired or did not come from these pages: reload the page", http.StatusForbidden)
			return
		}
		fn(w, r, id)
	}))
}
