package admin_test

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/adapters/admin"
	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge/search"
	"github.com/bigmodel-bot/bigmodel-bot/store/sqlite"
)

const token = "test-admin-token-0123456789"

// fixture serves the pages over loopback on a real SQLite store with some questions counted.
func fixture(t *testing.T, tok string) (*httptest.Server, *core.TaughtIndex) {
	t.Helper()
	ctx := t.Context()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "bot.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	base, err := knowledge.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	day := core.UnixDay(time.Now())
	if err := st.AddQueryCounts(ctx, []core.QueryCount{
		{Day: day, Platform: "slack", Query: "who holds the purse strings after the seed round closes?", Slug: "", N: 3},
		{Day: day, Platform: "slack", Query: "<script>alert(1)</script>", Slug: "", N: 1},
		{Day: day - 1, Platform: "discord", Query: "risks", Slug: "risks", N: 5},
	}); err != nil {
		t.Fatal(err)
	}
	for _, sig := range []core.Signal{
		{Question: "how do we pay people before revenue?", Slug: "funding", Kind: core.SignalDidYouMean},
		{Question: "how do we pay people before revenue?", Slug: "funding", Kind: core.SignalDidYouMean},
		{Question: "<b>bold</b> question", Slug: "risks", Kind: core.SignalAfterNotHelpful},
		{Question: "a topic that went away", Slug: "gone", Kind: core.SignalDidYouMean},
	} {
		if err := st.RecordSignal(ctx, sig); err != nil {
			t.Fatal(err)
		}
	}
	ix := core.NewTaughtIndex(base, search.New(base), st, nil)
	p := admin.New(admin.Options{Token: tok, Base: base, Search: ix, Questions: st, Feedback: st, Quiz: st, Lessons: st, Signals: st,
		Apply: func(ctx context.Context) error { _, err := ix.Refresh(ctx); return err }})
	mux := http.NewServeMux()
	p.Mount(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, ix
}

func client(t *testing.T) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar}
}

func get(t *testing.T, c *http.Client, u string) (int, string, http.Header) {
	t.Helper()
	r, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := r.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return r.StatusCode, b.String(), r.Header
}

func post(t *testing.T, c *http.Client, u string, form url.Values) int {
	t.Helper()
	r, err := c.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	return r.StatusCode
}

var csrfField = regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`)

// TestAdminPages: the login refuses a wrong token and admits the right one; the overview draws
// its chart; an unanswered question is taught in one click and then answered; a forged form,
// a huge question and a missing topic teach nothing; hostile text is shown escaped under a CSP.
func TestAdminPages(t *testing.T) {
	srv, ix := fixture(t, token)
	c := client(t)
	if code, body, h := get(t, c, srv.URL+"/admin/"); code != 200 || !strings.Contains(body, `name="token"`) || !strings.Contains(h.Get("Content-Security-Policy"), "default-src 'none'") {
		t.Fatalf("GET /admin/ without a session: %d, CSP %q", code, h.Get("Content-Security-Policy"))
	}
	if code := post(t, c, srv.URL+"/admin/login", url.Values{"token": {"wrong"}}); code != http.StatusUnauthorized {
		t.Errorf("wrong token: %d; want 401", code)
	}
	if code, _, _ := get(t, c, srv.URL+"/admin/api/overview.json"); code != http.StatusUnauthorized {
		t.Errorf("overview.json without a session: %d; want 401", code)
	}
	if code := post(t, c, srv.URL+"/admin/login", url.Values{"token": {token}}); code != 200 {
		t.Fatalf("right token: %d after the redirect; want 200", code)
	}
	_, body, _ := get(t, c, srv.URL+"/admin/")
	if n := strings.Count(body, `<rect class="answered"`); n != 1 || !strings.Contains(body, `<svg class="chart"`) {
		t.Errorf("overview chart has %d answered bars; want 1 (a day with answers)", n)
	}
	_, body, _ = get(t, c, srv.URL+"/admin/gaps")
	if strings.Contains(body, "<script>alert") || !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("a question's HTML is not shown escaped on the gaps page")
	}
	m := csrfField.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no CSRF token on the gaps page")
	}
	const q = "who holds the purse strings after the seed round closes?"
	for name, form := range map[string]url.Values{
		"forged CSRF":   {"csrf": {"0000"}, "question": {q}, "slug": {"funding"}},
		"no such topic": {"csrf": {m[1]}, "question": {q}, "slug": {"gone"}},
		"100 KB":        {"csrf": {m[1]}, "question": {strings.Repeat("q", 100_000)}, "slug": {"funding"}},
	} {
		if code := post(t, c, srv.URL+"/admin/teach", form); code < 400 {
			t.Errorf("%s: teach answered %d; want a refusal", name, code)
		}
	}
	if r := ix.Search(q); r.Best != nil && r.Best.Slug == "funding" && r.Score >= 0.95 {
		t.Fatal("a refused teaching was applied")
	}
	if code := post(t, c, srv.URL+"/admin/teach", url.Values{"csrf": {m[1]}, "question": {q}, "slug": {"funding"}}); code != 200 {
		t.Fatalf("teach: %d", code)
	}
	if r := ix.Search(q); r.Best == nil || r.Best.Slug != "funding" {
		t.Errorf("after teaching, %q answers %v; want funding", q, r.Best)
	}
	if _, body, _ := get(t, c, srv.URL+"/admin/gaps"); strings.Contains(body, "purse strings") {
		t.Error("a taught question is still listed among the gaps")
	}
	if _, body, _ := get(t, c, srv.URL+"/admin/topics"); !strings.Contains(body, q) {
		t.Error("the topics page does not list the taught question")
	}
	for _, f := range []string{"questions.csv", "unanswered.json", "days.csv", "feedback.json", "quiz.csv", "lessons.csv"} {
		if code, _, _ := get(t, c, srv.URL+"/admin/export/"+f); code != 200 {
			t.Errorf("export %s: %d", f, code)
		}
	}
}

// TestAdminSuggestions: what users' presses suggest is listed (escaped, without topics the base
// lost) and applies nothing until an owner accepts it; accepted, it answers; dismissed, it
// goes; a forged form does neither.
func TestAdminSuggestions(t *testing.T) {
	srv, ix := fixture(t, token)
	c := client(t)
	if code := post(t, c, srv.URL+"/admin/login", url.Values{"token": {token}}); code != 200 {
		t.Fatalf("login: %d", code)
	}
	const q = "how do we pay people before revenue?"
	if r := ix.Search(q); r.Best != nil && r.Best.Slug == "funding" {
		t.Fatalf("%q answers funding before anyone accepted the suggestion: pick another", q)
	}
	_, body, _ := get(t, c, srv.URL+"/admin/gaps")
	if !strings.Contains(body, `id="suggested"`) || !strings.Contains(body, q) || !strings.Contains(body, "&lt;b&gt;bold&lt;/b&gt;") {
		t.Fatalf("the gaps page does not list the suggestions, escaped:\n%.2000s", body)
	}
	if strings.Contains(body, "a topic that went away") {
		t.Error("a suggestion for a topic the base no longer has is listed")
	}
	csrf := csrfField.FindStringSubmatch(body)[1]
	if code := post(t, c, srv.URL+"/admin/dismiss", url.Values{"csrf": {"forged"}, "question": {"<b>bold</b> question"}, "slug": {"risks"}}); code < 400 {
		t.Errorf("dismiss with a forged CSRF token: %d; want a refusal", code)
	}
	if code := post(t, c, srv.URL+"/admin/dismiss", url.Values{"csrf": {csrf}, "question": {"<b>bold</b> question"}, "slug": {"risks"}}); code != 200 {
		t.Errorf("dismiss: %d", code)
	}
	if code := post(t, c, srv.URL+"/admin/teach", url.Values{"csrf": {csrf}, "question": {q}, "slug": {"funding"}}); code != 200 {
		t.Fatalf("accept: %d", code)
	}
	if r := ix.Search(q); r.Best == nil || r.Best.Slug != "funding" {
		t.Errorf("after accepting, %q answers %v; want funding", q, r.Best)
	}
	if _, body, _ := get(t, c, srv.URL+"/admin/gaps"); strings.Contains(body, `id="suggested"`) {
		t.Errorf("accepted and dismissed suggestions are still listed")
	}
	if code, body, _ := get(t, c, srv.URL+"/admin/export/suggested.json"); code != 200 || !strings.Contains(body, "a topic that went away") {
		t.Errorf("export suggested.json: %d %.200s", code, body)
	}
}

// TestAdminPagesOffWithoutToken: no token configured, every page says the pages are off and
// nothing opens, not even with a blank token.
func TestAdminPagesOffWithoutToken(t *testing.T) {
	srv, _ := fixture(t, "")
	c := client(t)
	for _, path := range []string{"/admin/", "/admin/gaps", "/admin/api/overview.json"} {
		if code, body, _ := get(t, c, srv.URL+path); code != http.StatusServiceUnavailable || !strings.Contains(body, "admin.token") {
			t.Errorf("GET %s without a token configured: %d", path, code)
		}
	}
	if code := post(t, c, srv.URL+"/admin/login", url.Values{"token": {""}}); code != http.StatusServiceUnavailable {
		t.Errorf("blank login without a token configured: %d; want 503", code)
	}
}

// TestAdminLoginRateLimited: after five wrong tokens an address waits, even with the right one.
func TestAdminLoginRateLimited(t *testing.T) {
	srv, _ := fixture(t, token)
	c := client(t)
	for range 5 {
		post(t, c, srv.URL+"/admin/login", url.Values{"token": {"guess"}})
	}
	if code := post(t, c, srv.URL+"/admin/login", url.Values{"token": {token}}); code != http.StatusTooManyRequests {
		t.Errorf("login after five wrong tokens: %d; want 429", code)
	}
}

// TestAdminChinese: a Chinese browser gets the pages in Chinese.
func TestAdminChinese(t *testing.T) {
	srv, _ := fixture(t, token)
	req, _ := http.NewRequest("GET", srv.URL+"/admin/", nil)
	req.Header.Set("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.5")
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	buf := make([]byte, 8<<10)
	n, _ := r.Body.Read(buf)
	if !strings.Contains(string(buf[:n]), "登录") {
		t.Errorf("Chinese login page lacks 登录")
	}
}
