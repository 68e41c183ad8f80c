package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const goodKB = `entries:
  - slug: onboarding
    en:
      title: Onboarding new engineers
      question: How do we onboard?
      answer: Pair for a week.
      explanation: People learn by doing.
`

func TestKbShow(t *testing.T) {
	cleanEnv(t)
	cases := []struct {
		args      []string
		firstLine string
		contains  string
	}{
		{[]string{"kb", "show", "risks"}, "# Risks and challenges of LLM startups", "Technical risk"},
		{[]string{"kb", "show", "risks", "--lang", "zh"}, "# 大模型创业的风险与挑战", "技术风险"},
		{[]string{"kb", "show", "--lang", "zh", "funding"}, "# ", "天使轮"},
		{[]string{"kb", "show", "RISKS"}, "# Risks and challenges of LLM startups", "Technical risk"},
		{[]string{"kb", "show", "Risk-Management"}, "# Risk management", ""},
		{[]string{"kb", "show", "大模型创业的融资策略", "--lang", "zh"}, "# 大模型创业的融资策略", "天使轮"},
	}
	for _, tc := range cases {
		r := bot(t, "", tc.args...)
		first, _, _ := strings.Cut(r.stdout, "\n")
		if r.code != 0 || !strings.HasPrefix(first, tc.firstLine) || !strings.Contains(r.stdout, tc.contains) {
			t.Errorf("%q: exit %d, first line %q, want %q and %q\n%s", tc.args, r.code, first, tc.firstLine, tc.contains, r.stderr)
		}
	}
}

func TestKbShowWithoutSlugListsTheTopics(t *testing.T) {
	cleanEnv(t)
	r := bot(t, "", "kb", "show")
	if r.code != 2 || !strings.Contains(r.stderr, "kb show needs a SLUG; topics: overview, training") || strings.Contains(r.stderr, "bot ask topics") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestKbShowUnknownSlugSuggests(t *testing.T) {
	cleanEnv(t)
	r := bot(t, "", "kb", "show", "riskz")
	if r.code != 1 || !strings.Contains(r.stderr, "did you mean") || !strings.Contains(r.stderr, "risks") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
	r = bot(t, "", "kb", "show", "zzzzqqqq")
	if r.code != 1 || !strings.Contains(r.stderr, `no entry "zzzzqqqq"`) || !strings.Contains(r.stderr, "overview") {
		t.Errorf("no close match should list topics: exit %d, stderr %q", r.code, r.stderr)
	}
}

var fileLine = regexp.MustCompile(`(?m)^\S*broken\.yaml:\d+: `)

func TestKbCheck(t *testing.T) {
	cleanEnv(t)
	dir := write(t, map[string]string{
		"good.yaml":   goodKB,
		"broken.yaml": "entries:\n  - slug: a\n    title: [unclosed\n",
	})
	if r := bot(t, "", "kb", "check"); r.code != 0 || !strings.Contains(r.stdout, "20 entries") {
		t.Errorf("built-in base: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := bot(t, "", "kb", "check", filepath.Join(dir, "good.yaml")); r.code != 0 || !strings.Contains(r.stdout, "ok: 1 entry (") {
		t.Errorf("good file: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	r := bot(t, "", "kb", "check", filepath.Join(dir, "broken.yaml"))
	if r.code != 1 || !fileLine.MatchString(r.stderr) {
		t.Errorf("broken file: exit %d, stderr %q", r.code, r.stderr)
	}
	r = bot(t, "", "kb", "check", dir) // a folder: both files, the broken one fails it
	if r.code != 1 || !fileLine.MatchString(r.stderr) {
		t.Errorf("folder: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestKbImportRoundTrip(t *testing.T) {
	cleanEnv(t)
	seed, err := os.ReadFile("../../knowledge/testdata/seed-llm-startups.md")
	if err != nil {
		t.Skipf("no seed document: %v", err)
	}
	r := bot(t, string(seed), "kb", "import", "-")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "entries:") {
		t.Fatalf("import: exit %d %q\n%.200s", r.code, r.stderr, r.stdout)
	}
	dir := write(t, map[string]string{"imported.yaml": r.stdout})
	check := bot(t, "", "kb", "check", filepath.Join(dir, "imported.yaml"))
	if check.code != 0 || !strings.Contains(check.stdout, "20 entries") {
		t.Errorf("the imported file does not pass kb check: %q %q", check.stdout, check.stderr)
	}
	if r := bot(t, "", "kb", "import", filepath.Join(dir, "missing.md")); r.code != 1 || !strings.Contains(r.stderr, "missing.md") {
		t.Errorf("missing file: exit %d %q", r.code, r.stderr)
	}
	if r := bot(t, "no headings here\n", "kb", "import", "-"); r.code != 1 || !strings.Contains(r.stderr, "stdin:1:") {
		t.Errorf("document without entries: exit %d %q", r.code, r.stderr)
	}
}

func TestConfigCheck(t *testing.T) {
	cleanEnv(t)
	const token = "xoxp-1234-SECRET-TOKEN"
	dir := write(t, map[string]string{
		"bad.yaml":    "http:\n  listen: [oops\n",
		"good.yaml":   "http:\n  listen: 127.0.0.1:0\nslack:\n  signing_secret: s3cret-value\n",
		"token.yaml":  "slack:\n  mode: socket\n  bot_token: " + token + "\n",
		"broken.yaml": "entries:\n  - slug: a\n    title: [unclosed\n",
		"kb.yaml":     "knowledge:\n  paths: [broken.yaml]\n",
	})
	cases := []struct {
		name, file string
		code       int
		want       string
	}{
		{"yaml error has file:line", "bad.yaml", 1, "bad.yaml:2: invalid YAML"},
		{"good file", "good.yaml", 0, "slack:     http mode"},
		{"socket mode lists what is missing", "token.yaml", 1, "token.yaml:3: slack.bot_token must be a bot token"},
		{"knowledge it names is checked", "kb.yaml", 1, "broken.yaml:"},
		{"missing file", "nope.yaml", 1, "nope.yaml"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := bot(t, "", "config", "check", "--config", filepath.Join(dir, tc.file))
			all := r.stdout + r.stderr
			if r.code != tc.code || !strings.Contains(all, tc.want) {
				t.Errorf("exit %d (want %d), output lacks %q:\n%s", r.code, tc.code, tc.want, all)
			}
			for _, secret := range []string{"SECRET", "s3cret"} {
				if strings.Contains(all, secret) {
					t.Errorf("output shows a secret:\n%s", all)
				}
			}
		})
	}
	if r := bot(t, "", "config", "check"); r.code != 0 || !strings.Contains(r.stdout, "http:      off") {
		t.Errorf("no file: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := bot(t, "", "config"); r.code != 2 {
		t.Errorf("config without check: exit %d", r.code)
	}
}

func TestKbCheckOfMarkdownSaysToImportIt(t *testing.T) {
	cleanEnv(t)
	dir := write(t, map[string]string{"notes.md": "#### 1. Who approves expenses?\n\n**Question:** Who?\n\n**Answer:** Your manager.\n"})
	r := bot(t, "", "kb", "check", filepath.Join(dir, "notes.md"))
	if r.code != 1 || !strings.Contains(r.stderr, "bot kb import "+filepath.Join(dir, "notes.md")) {
		t.Errorf("exit %d:\n%s", r.code, r.stderr)
	}
	// The hint is the first thing said, and no YAML parse error of Markdown stands before it.
	if first, _, _ := strings.Cut(r.stderr, "\n"); !strings.Contains(first, "bot kb import") || strings.Contains(r.stderr, "YAML syntax") {
		t.Errorf("want the import hint first and no YAML error:\n%s", r.stderr)
	}
}

// coffeeDoc is a Chinese team's Markdown document: four entries with explanations, enough for
// "which topic" quiz questions.
const coffeeDoc = `#### 1. 什么是手冲咖啡？

**题目：** 什么是手冲咖啡？

**答案：** 手冲咖啡是用手冲壶把热水缓慢浇在咖啡粉上萃取出的咖啡。

**解析：** 手冲能控制水流和时间，风味更干净。

#### 2. 怎样选择咖啡豆？

**题目：** 怎样选择咖啡豆？

**答案：** 看产地、烘焙日期和烘焙程度，新鲜的豆子更香。

**解析：** 烘焙后两到四周内风味最好。

#### 3. 研磨度

**题目：** 手冲用多粗的研磨度？

**答案：** 中细研磨，颗粒像细砂糖。

**解析：** 太细会过度萃取发苦，太粗会萃取不足发酸。

#### 4. 水温多少合适？

**题目：** 手冲的水温多少合适？

**答案：** 九十到九十六摄氏度之间。

**解析：** 水温影响萃取速度，浅烘焙的豆子适合更高的水温。
`

// Imported Chinese entries get short slugs people can type (pinyin), and keep their heading:
// topics shows both, the heading finds the entry, and kb show prints it first.
func TestImportedChineseEntriesHaveTypableSlugs(t *testing.T) {
	cleanEnv(t)
	r := bot(t, coffeeDoc, "kb", "import", "-")
	if r.code != 0 {
		t.Fatalf("import: exit %d %s", r.code, r.stderr)
	}
	dir := write(t, map[string]string{"coffee.yaml": r.stdout, "team.yaml": "knowledge:\n  paths: [coffee.yaml]\n"})
	cfg := filepath.Join(dir, "team.yaml")
	for _, slug := range []string{"smssckf", "zyxzkfd", "yanmodu", "swdshs"} {
		if !strings.Contains(r.stdout, "slug: "+slug+"\n") {
			t.Errorf("no slug %s in:\n%s", slug, r.stdout)
		}
	}
	topics := bot(t, "", "ask", "--config", cfg, "话题")
	if !strings.Contains(topics.stdout, "smssckf — 什么是手冲咖啡") || strings.Contains(topics.stdout, "什么是手冲咖啡 — 什么是手冲咖啡") {
		t.Errorf("topics:\n%s", topics.stdout)
	}
	for _, q := range []string{"smssckf", "什么是手冲咖啡", "什么是手冲咖啡？"} {
		if a := bot(t, "", "ask", "--config", cfg, "--format", "jsonl", q); !strings.Contains(a.stdout, `"slug":"smssckf"`) {
			t.Errorf("%q does not find the entry: %s", q, a.stdout)
		}
	}
	show := bot(t, "", "kb", "show", "--config", cfg, "smssckf")
	if first, _, _ := strings.Cut(show.stdout, "\n"); show.code != 0 || first != "# 什么是手冲咖啡" {
		t.Errorf("kb show: exit %d, first line %q", show.code, first)
	}
}
