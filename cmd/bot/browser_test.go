package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/store/sqlite"
)

// updateScreenshots writes the browser test's screenshots into docs/screenshots/, where the
// README shows them; without it they go to a temporary folder and are only checked.
var updateScreenshots = flag.Bool("update-screenshots", false, "write the admin pages' screenshots into docs/screenshots/")

// chromium finds Debian's Chromium (installed by .ci/run) or BOT_CHROMIUM. CI must have it:
// there the test fails instead of skipping.
func chromium(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("BOT_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if p == "" {
			continue
		}
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no chromium on PATH: .ci/run installs Debian's chromium package")
	}
	t.Skip("no chromium on PATH (apt-get install chromium, or set BOT_CHROMIUM)")
	return ""
}

// browse opens a headless Chromium for the test; its pages reach only loopback.
func browse(t *testing.T, exe string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox, // CI runs as root, where Chromium's sandbox refuses to start
		chromedp.WindowSize(1200, 900),
		chromedp.Flag("proxy-server", "direct://"),
		chromedp.Flag("lang", "en-US"),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelTime := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTime(); cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium %s: %v", exe, err)
	}
	return ctx
}

// TestAdminPagesInABrowser drives the knowledge owners' pages in headless Chromium, as an
// owner would: a wrong token is refused, the right one opens the overview with its chart
// drawn, an unanswered question is assigned to a topic on the gaps page, and from then on
// `bot ask` answers that question with that topic, also after the bot restarted.
func TestAdminPagesInABrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	exe := chromium(t)
	cleanEnv(t)
	const (
		tok      = "browser-test-admin-token-42"
		question = "who holds the purse strings after the seed round closes?"
	)
	dir := t.TempDir()
	db := filepath.Join(dir, "bot.db")
	seedDashboard(t, db, question)
	yaml := fmt.Sprintf("http:\n  admin_listen: 127.0.0.1:0\nadmin:\n  token: %s\nstore:\n  driver: sqlite\n  dsn: %s\n", tok, db)
	cfg := filepath.Join(dir, "bot.yaml")
	writeFile(t, cfg, yaml)
	shots := t.TempDir()
	if *updateScreenshots {
		shots = filepath.Join("..", "..", "docs", "screenshots")
	}
	ask := func() string {
		t.Helper()
		r := bot(t, "", "ask", "--config", cfg, "--format", "jsonl", question)
		var a struct{ Slug string }
		if r.code != 0 || json.Unmarshal([]byte(r.stdout), &a) != nil {
			t.Fatalf("bot ask: exit %d, %s %s", r.code, r.stdout, r.stderr)
		}
		return a.Slug
	}
	if got := ask(); got == "funding" {
		t.Fatalf("%q is answered before it is taught: pick a question the base misses", question)
	}

	t.Run("owner teaches in the browser", func(t *testing.T) {
		a, _, _ := startRunning(t, yaml)
		root := "http://" + a.admin.Addr() + "/admin/"
		ctx := browse(t, exe)
		text := func(css string) string {
			t.Helper()
			s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(css)))
			if err != nil {
				t.Fatalf("read %s: %v", css, err)
			}
			return s
		}
		do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
			t.Helper()
			if err := chromedp.Do(ctx, steps...); err != nil {
				t.Fatalf("%s: %v", what, err)
			}
		}
		shoot := func(name string) {
			t.Helper()
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatalf("screenshot %s: %v", name, err)
			}
			saveShot(t, shots, name, png)
		}

		// A wrong token: refused, still on the login page, told why.
		do("open the login page", chromedp.Navigate(root), chromedp.WaitVisible(chromedp.ID("token")))
		shoot("login.png")
		do("log in with a wrong token",
			chromedp.SendKeys(chromedp.ID("token"), "not-the-token"),
			chromedp.Click(chromedp.ID("login-button")),
			chromedp.WaitVisible(chromedp.CSS(".error")))
		if got := text("body"); !strings.Contains(got, "That token is not right.") {
			t.Errorf("wrong token: the page says %q; want it refused", got)
		}

		// The right token: the overview, with a bar per day of data in its chart.
		do("log in",
			chromedp.SendKeys(chromedp.ID("token"), tok),
			chromedp.Click(chromedp.ID("login-button")),
			chromedp.WaitVisible(chromedp.CSS("svg.chart")))
		bars, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSSAll("svg.chart g.day rect")))
		if err != nil {
			t.Fatalf("chart bars: %v", err)
		}
		if len(bars) < 20 {
			t.Errorf("the chart draws %d bars; want one or more for each of the 20 days seeded", len(bars))
		}
		platforms := text("#platforms")
		for _, p := range []string{"slack", "discord"} {
			if !strings.Contains(platforms, p) {
				t.Errorf("platform table %q lacks %s", platforms, p)
			}
		}
		shoot("overview.png")

		// Gaps: assign the unanswered question to the funding topic.
		row := fmt.Sprintf(`//tr[@class="gap"][td[@class="q"][text()=%q]]`, question)
		do("open the gaps", chromedp.Navigate(root+"gaps"), chromedp.WaitVisible(chromedp.Search(row)))
		shoot("gaps.png")
		do("teach",
			chromedp.SetValue(chromedp.Search(row+`//select[@name="slug"]`), "funding"),
			chromedp.Click(chromedp.Search(row+`//button[@name="teach"]`)),
			chromedp.WaitVisible(chromedp.ID("notice")))
		if got := text("#notice"); !strings.Contains(got, question) {
			t.Errorf("after teaching, the notice says %q", got)
		}

		// Topics: the lesson is listed under its entry.
		do("open the topics", chromedp.Navigate(root+"topics#funding"), chromedp.WaitVisible(chromedp.ID("funding")))
		if got := text("#funding"); !strings.Contains(got, question) {
			t.Errorf("the funding topic lists %q; want the lesson", got)
		}
		shoot("topics.png")
		if got := ask(); got != "funding" {
			t.Errorf("bot ask while the bot runs answers %q; want funding", got)
		}
	})

	// The first bot has stopped; a second starts on the same store and still knows, in its
	// console as in `bot ask`. The console takes line n+2 only after answering line n.
	_, out, feed := startRunning(t, yaml)
	for _, line := range []string{question + "\n", "/bigmodel help\n", "/bigmodel help\n"} {
		if _, err := io.WriteString(feed, line); err != nil {
			t.Fatal(err)
		}
	}
	if !strings.Contains(out.String(), "Funding strategy for LLM startups") {
		t.Errorf("the restarted bot's console does not answer with the funding topic:\n%.600s", out.String())
	}
	if got := ask(); got != "funding" {
		t.Errorf("bot ask after a restart answers %q; want funding", got)
	}
}

// startRunning starts the bot with its console input held open, so it runs until the test
// ends.
func startRunning(t *testing.T, yaml string) (*app, *syncBuffer, io.Writer) {
	t.Helper()
	in, feed := io.Pipe()
	a, out := startApp(t, yaml, in)
	t.Cleanup(func() { feed.Close() }) // first, so the console ends as the bot stops
	return a, out, feed
}

// seedDashboard counts 20 days of questions on two platforms, question among the unanswered,
// and some feedback, so each page has something to draw.
func seedDashboard(t *testing.T, db, question string) {
	t.Helper()
	ctx := t.Context()
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	today := core.UnixDay(time.Now())
	var counts []core.QueryCount
	for d := range int64(20) {
		counts = append(counts,
			core.QueryCount{Day: today - d, Platform: "slack", Query: "risks", Slug: "risks", N: 3 + d%4},
			core.QueryCount{Day: today - d, Platform: "discord", Query: "融资", Slug: "funding", N: 1 + d%3},
			core.QueryCount{Day: today - d, Platform: "slack", Query: "what is the office wifi password", N: 1 + d%2})
	}
	counts = append(counts, core.QueryCount{Day: today, Platform: "slack", Query: question, N: 4})
	if err := st.AddQueryCounts(ctx, counts); err != nil {
		t.Fatal(err)
	}
	for i, helpful := range []bool{true, true, false, true, false} {
		f := core.Feedback{User: core.UserKey{Platform: "slack", Workspace: "T1", User: fmt.Sprintf("U%d", i)}, Channel: "C1",
			Slug: "risks", Helpful: helpful, At: time.Now()}
		if err := st.SaveFeedback(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
}

// saveShot writes one screenshot and checks it is a picture.
func saveShot(t *testing.T, dir, name string, png []byte) {
	t.Helper()
	if len(png) < 1000 || string(png[1:4]) != "PNG" {
		t.Errorf("screenshot %s: %d bytes, not a PNG", name, len(png))
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
