package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
)

func TestAskJSONLOneLinePerInputLine(t *testing.T) {
	cleanEnv(t)
	lines := []string{
		"risks",
		"",
		"融资",
		"what is the weather in Paris tomorrow",
		"   ",
		"\xff\xfe\xc3\x28 risks \xe2\x82",
		"\x00\x01\x02 risks \x7f",
		"<!channel> risks",
		"@everyone 融资",
		strings.Repeat("a", 100_000),
		strings.Repeat("风险", 600_000), // 3.6 MB on one line
		"how do we raise money?\r",    // CRLF input
		"risks",
	}
	input := strings.Join(lines, "\n") + "\n"
	r := bot(t, input, "ask", "--format", "jsonl")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	out := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(out) != len(lines) {
		t.Fatalf("%d output lines for %d input lines", len(out), len(lines))
	}
	got := make([]answer, len(out))
	for i, l := range out {
		if err := json.Unmarshal([]byte(l), &got[i]); err != nil {
			t.Fatalf("line %d is not JSON: %v: %.100s", i+1, err, l)
		}
		if got[i].Alternatives == nil {
			t.Errorf("line %d: alternatives must be a list, even empty", i+1)
		}
	}
	wantSlug := map[int]string{0: "risks", 1: "", 2: "funding", 3: "", 4: "", 7: "risks", 8: "funding", 11: "funding", 12: "risks"}
	for i, want := range wantSlug {
		if got[i].Slug != want {
			t.Errorf("line %d %.30q: slug %q, want %q", i+1, lines[i], got[i].Slug, want)
		}
	}
	if got[0].Query != "risks" || got[2].Query != "融资" || got[11].Query != "how do we raise money?" {
		t.Errorf("queries not echoed in order: %q %q %q", got[0].Query, got[2].Query, got[11].Query)
	}
	if got[0].Score <= 0 || got[0].Score > 1 {
		t.Errorf("score %v out of (0, 1]", got[0].Score)
	}
	if len(got[10].Query) > maxQueryBytes {
		t.Errorf("a 3.6 MB line was echoed whole (%d bytes)", len(got[10].Query))
	}
}

func TestAskLastLineWithoutNewlineAndEmptyInput(t *testing.T) {
	cleanEnv(t)
	if r := bot(t, "risks\n融资", "ask", "--format", "jsonl"); strings.Count(r.stdout, "\n") != 2 {
		t.Errorf("want 2 answers, got:\n%s", r.stdout)
	}
	if r := bot(t, "", "ask", "--format", "jsonl"); r.code != 0 || r.stdout != "" {
		t.Errorf("empty input: exit %d, output %q", r.code, r.stdout)
	}
	// a line cut exactly at a buffer boundary with no newline still counts once
	long := strings.Repeat("x", 64<<10)
	if r := bot(t, long, "ask", "--format", "jsonl"); strings.Count(r.stdout, "\n") != 1 {
		t.Errorf("a 64 KiB last line without newline gave %d answers", strings.Count(r.stdout, "\n"))
	}
}

func TestAskTextJoinsWordsIntoOneQuestion(t *testing.T) {
	cleanEnv(t)
	r := bot(t, "", "ask", "how", "do", "we", "raise", "money")
	if r.code != 0 || !strings.Contains(r.stdout, "Angel") && !strings.Contains(r.stdout, "angel") {
		t.Errorf("exit %d, answer lacks the funding entry:\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	zh := bot(t, "", "ask", "--lang", "zh", "risks")
	if !strings.Contains(zh.stdout, "技术风险") {
		t.Errorf("--lang zh did not answer in Chinese:\n%s", zh.stdout)
	}
}

func TestAskTextIsPlainTextWithoutButtons(t *testing.T) {
	cleanEnv(t)
	r := bot(t, "", "ask", "risks")
	if strings.Contains(r.stdout, "**") || strings.Contains(r.stdout, "[!") || !strings.Contains(r.stdout, "Explanation: ") {
		t.Errorf("ask prints Markdown or button hints:\n%s", r.stdout)
	}
}

func TestAskJSON(t *testing.T) {
	cleanEnv(t)
	var one answer
	r := bot(t, "", "ask", "--format", "json", "risks")
	if err := json.Unmarshal([]byte(r.stdout), &one); err != nil || one.Slug != "risks" || one.Title == "" || one.Text == "" {
		t.Errorf("json for one query: %v %+v", err, one)
	}
	var many []answer
	r = bot(t, "risks\n\nweather\n", "ask", "--format", "json")
	if err := json.Unmarshal([]byte(r.stdout), &many); err != nil || len(many) != 3 {
		t.Fatalf("json for stdin: %v, %d answers:\n%s", err, len(many), r.stdout)
	}
	if many[0].Slug != "risks" || many[2].Slug != "" {
		t.Errorf("slugs %q %q", many[0].Slug, many[2].Slug)
	}
	r = bot(t, "", "ask", "--format", "json")
	if err := json.Unmarshal([]byte(r.stdout), &many); err != nil || len(many) != 0 {
		t.Errorf("json for empty stdin: %v %q", err, r.stdout)
	}
}

func TestAskUsesConfiguredKnowledge(t *testing.T) {
	cleanEnv(t)
	dir := write(t, map[string]string{
		"team.yaml": "knowledge:\n  paths: [kb.yaml]\n",
		"kb.yaml": `entries:
  - slug: onboarding
    en:
      title: Onboarding new engineers
      question: How do we onboard?
      answer: Pair for a week.
      explanation: People learn by doing.
      aliases: [onboarding]
`,
	})
	r := bot(t, "onboarding\nrisks\n", "ask", "--config", dir+"/team.yaml", "--format", "jsonl")
	if !strings.Contains(r.stdout, `"slug":"onboarding"`) || strings.Contains(r.stdout, `"slug":"risks"`) {
		t.Errorf("knowledge.paths did not replace the built-in base:\n%s%s", r.stdout, r.stderr)
	}
}

func TestATeamsBaseIsNotAboutLLMStartups(t *testing.T) {
	cleanEnv(t)
	dir := write(t, map[string]string{
		"team.yaml": "knowledge:\n  paths: [kb.yaml]\n",
		"kb.yaml":   "entries:\n  - slug: onboarding\n    en:\n      title: Onboarding\n      answer: Pair for a week.\n",
	})
	for _, q := range []string{"help", "what is the weather"} {
		r := bot(t, "", "ask", "--config", dir+"/team.yaml", q)
		if strings.Contains(r.stdout, "large-model") || !strings.Contains(r.stdout, "onboarding") {
			t.Errorf("%q with a team's base:\n%s", q, r.stdout)
		}
	}
	if r := bot(t, "", "ask", "what is the weather"); !strings.Contains(r.stdout, "I only know about starting a large-model (LLM) company") {
		t.Errorf("the built-in base no longer says what it is about:\n%s", r.stdout)
	}
}

func TestAMissingKnowledgePathSaysWhereItIsReadFrom(t *testing.T) {
	cleanEnv(t)
	dir := write(t, map[string]string{"team.yaml": "knowledge:\n  paths: [nowhere/]\n"})
	for _, cmd := range []string{"ask", "run"} {
		r := bot(t, "", cmd, "--config", dir+"/team.yaml")
		if r.code != 1 || !strings.Contains(r.stderr, "nowhere") || !strings.Contains(r.stderr, "team.yaml: knowledge.paths: relative paths are read from the folder of") {
			t.Errorf("%s: exit %d:\n%s", cmd, r.code, r.stderr)
		}
	}
}

func BenchmarkAsk5000(b *testing.B) {
	qs := []string{"risks", "融资", "how do we raise money", "weather in Paris", "", "大模型的训练过程", "pros and cons"}
	var sb strings.Builder
	for i := range 5000 {
		sb.WriteString(qs[i%len(qs)] + "\n")
	}
	input := sb.String()
	b.ResetTimer()
	for range b.N {
		var out strings.Builder
		c := &cli{stdin: strings.NewReader(input), stdout: &out, stderr: &out}
		if code := execute(b.Context(), c, []string{"ask", "--format", "jsonl"}); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}

// FuzzEachLine: any input gives exactly one query per line, a last line without newline included.
func FuzzEachLine(f *testing.F) {
	for _, s := range []string{"", "\n", "a\nb", "a\r\n\r\n", strings.Repeat("x", 70_000) + "\ny", "\xff\n\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		want := strings.Count(in, "\n")
		if in != "" && !strings.HasSuffix(in, "\n") {
			want++
		}
		got := 0
		err := eachLine(t.Context(), strings.NewReader(in), func(q string) error {
			if len(q) > maxQueryBytes || strings.Contains(q, "\n") {
				t.Errorf("query of %d bytes, newline inside: %v", len(q), strings.Contains(q, "\n"))
			}
			got++
			return nil
		})
		if err != nil || got != want {
			t.Errorf("%d queries for %d lines (err %v)", got, want, err)
		}
	})
}

// A half-configured platform in the environment stops `run` but not the tools that need none.
func TestToolsIgnorePlatformSettings(t *testing.T) {
	cleanEnv(t)
	t.Setenv("SLACK_BOT_TOKEN", "xoxb-only-a-token") // http mode without a signing secret
	if r := bot(t, "", "ask", "risks"); r.code != 0 || !strings.Contains(r.stdout, "Technical risk") {
		t.Errorf("ask: exit %d %q", r.code, r.stderr)
	}
	if r := bot(t, "", "kb", "show", "risks"); r.code != 0 {
		t.Errorf("kb show: exit %d %q", r.code, r.stderr)
	}
	if r := bot(t, "", "run"); r.code != 1 || !strings.Contains(r.stderr, "set slack.signing_secret (SLACK_SIGNING_SECRET) for HTTP mode") || !strings.Contains(r.stderr, "for Socket Mode") {
		t.Errorf("run: exit %d %q", r.code, r.stderr)
	}
	if r := bot(t, "", "ask", "--config", "/nonexistent/bot.yaml", "risks"); r.code != 1 || !strings.Contains(r.stderr, "bot.yaml") {
		t.Errorf("ask with a missing config file: exit %d %q", r.code, r.stderr)
	}
}

func TestAskAtATerminalSaysItIsReading(t *testing.T) {
	cleanEnv(t)
	var out, errs strings.Builder
	c := &cli{stdin: strings.NewReader("risks\n"), stdout: &out, stderr: &errs, stdinTTY: true}
	if code := execute(context.Background(), c, []string{"ask", "--format", "jsonl"}); code != 0 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	if !strings.Contains(errs.String(), "Ctrl-D") || !strings.Contains(out.String(), `"slug":"risks"`) || strings.Contains(out.String(), "Ctrl-D") {
		t.Errorf("stdout %q stderr %q", out.String(), errs.String())
	}
}

// A person at the terminal ends with "exit"; a piped "exit" is answered as a goodbye (small
// talk, no entry), one line for one line as jsonl promises.
func TestAskExit(t *testing.T) {
	cleanEnv(t)
	var out, errs strings.Builder
	c := &cli{stdin: strings.NewReader("risks\nexit\nfunding\n"), stdout: &out, stderr: &errs, stdinTTY: true}
	if code := execute(context.Background(), c, []string{"ask", "--format", "jsonl"}); code != 0 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	if got := strings.Count(out.String(), "\n"); got != 1 || !strings.Contains(out.String(), `"slug":"risks"`) {
		t.Errorf("at a terminal, exit should end after one answer:\n%s", out.String())
	}
	r := bot(t, "risks\nexit\nquit\n", "ask", "--format", "jsonl")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.code != 0 || len(lines) != 3 {
		t.Fatalf("piped: exit %d, %d lines:\n%s", r.code, len(lines), r.stdout)
	}
	for _, l := range lines[1:] {
		if !strings.Contains(l, `"slug":""`) || !strings.Contains(l, `"small_talk":"bye"`) {
			t.Errorf("a piped quit word is not a goodbye: %s", l)
		}
	}
}

// /dev/null is a character device but no terminal: `bot ask < /dev/null` must not say it
// reads from the terminal.
func TestAskFromDevNullIsNotTheTerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process")
	}
	cleanEnv(t)
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	if isTerminal(null) {
		t.Errorf("isTerminal(%s) = true", os.DevNull)
	}
	cmd := exec.Command(os.Args[0], "ask")
	cmd.Env = append(os.Environ(), "BOT_TEST_AS_MAIN=1")
	cmd.Stdin = null
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v: %s", err, stderr.String())
	}
	if strings.Contains(stderr.String(), "terminal") {
		t.Errorf("stderr: %s", stderr.String())
	}
}

// TestAskExplains: --explain says, per question, what was read and which entry matched where,
// from the very search that answered it; small talk answers no entry but says it is small talk.
func TestAskExplains(t *testing.T) {
	r := bot(t, "hi\nwho decides how our angel money is spent?\n", "ask", "--format", "jsonl", "--explain")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var got []answer
	for _, l := range strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n") {
		var a answer
		if err := json.Unmarshal([]byte(l), &a); err != nil {
			t.Fatalf("not JSON: %v: %.100s", err, l)
		}
		got = append(got, a)
	}
	if len(got) != 2 {
		t.Fatalf("%d answers, want 2", len(got))
	}
	if hi := got[0]; hi.Slug != "" || hi.SmallTalk != "greeting" || hi.Explain == nil || hi.Explain.SmallTalk != "greeting" {
		t.Errorf("hi: %+v", hi)
	}
	q := got[1]
	if q.Explain == nil || len(q.Explain.Entries) == 0 || q.Explain.Entries[0].Slug != q.Slug || len(q.Explain.Entries[0].Matches) == 0 {
		t.Fatalf("explanation does not show the answer's matches: %+v", q.Explain)
	}
	if q.Slug != "funding" {
		t.Errorf("answered %q, want funding", q.Slug)
	}
	text := bot(t, "", "ask", "--explain", "who decides how our angel money is spent?")
	if !strings.Contains(text.stdout, "how it was matched") || !strings.Contains(text.stdout, "angel in name") {
		t.Errorf("text explanation:\n%s", text.stdout)
	}
}
