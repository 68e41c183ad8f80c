package main

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge/search"
	"github.com/bigmodel-bot/bigmodel-bot/store/sqlite"
)

// TestKbTeach: a question the bot missed, once taught, is answered by `bot ask` (a new
// process each time, as after a restart), listed, exported as an example into a knowledge file
// that loads, and no longer answered once its lesson is removed. Off-topic lessons refuse.
func TestKbTeach(t *testing.T) {
	cleanEnv(t)
	dir := write(t, map[string]string{"bot.yaml": ""})
	cfg := filepath.Join(dir, "bot.yaml")
	writeFile(t, cfg, "store:\n  driver: sqlite\n  dsn: "+filepath.Join(dir, "bot.db")+"\n")
	const q = "who holds the purse strings after the seed round closes?"
	ask := func(query string) map[string]any {
		t.Helper()
		r := bot(t, "", "ask", "--config", cfg, "--format", "jsonl", query)
		var a map[string]any
		if r.code != 0 || json.Unmarshal([]byte(r.stdout), &a) != nil {
			t.Fatalf("ask %q: exit %d, %s %s", query, r.code, r.stdout, r.stderr)
		}
		return a
	}
	if a := ask(q); a["slug"] == "funding" {
		t.Fatalf("%q is answered before it is taught: pick a question the base misses", q)
	}
	for _, tc := range []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"kb", "teach", "--config", cfg, q, "FUNDING"}, 0, "→ funding"},
		{[]string{"kb", "teach", "--config", cfg, "--off-topic", "what's the capital of France?"}, 0, "off-topic"},
		{[]string{"kb", "teach", "--config", cfg, "anything", "no-such-topic"}, 1, ""},
		{[]string{"kb", "teach", "--config", cfg, "   ", "funding"}, 1, ""},
		{[]string{"kb", "teach", "--config", cfg, strings.Repeat("long ", 30_000), "funding"}, 1, ""},
		{[]string{"kb", "teach", "--config", cfg, "only a question"}, 2, ""},
	} {
		r := bot(t, "", tc.args...)
		if r.code != tc.code || !strings.Contains(r.stdout, tc.out) {
			t.Errorf("bot %.60q: exit %d (want %d), stdout %q, stderr %q", tc.args, r.code, tc.code, r.stdout, r.stderr)
		}
	}
	if a := ask("hey, quick question: " + q + " thanks!"); a["slug"] != "funding" {
		t.Errorf("taught question wrapped in filler answered %v; want funding", a["slug"])
	}
	if a := ask("What's the capital of France?"); a["slug"] != "" || len(a["alternatives"].([]any)) != 0 {
		t.Errorf("off-topic lesson: answered %v with alternatives %v; want a plain refusal", a["slug"], a["alternatives"])
	}

	r := bot(t, "", "kb", "learned", "list", "--config", cfg, "--format", "json")
	var rows []struct {
		ID       int64  `json:"id"`
		Slug     string `json:"slug"`
		OffTopic bool   `json:"off_topic"`
		Question string `json:"question"`
	}
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &rows) != nil || len(rows) != 2 || rows[0].Slug != "funding" || !rows[1].OffTopic {
		t.Fatalf("learned list: exit %d, %s %s", r.code, r.stdout, r.stderr)
	}

	r = bot(t, "", "kb", "learned", "export", "--config", cfg)
	if r.code != 0 || !strings.Contains(r.stdout, q) || !strings.Contains(r.stderr, "off-topic") {
		t.Fatalf("learned export: exit %d, stderr %q", r.code, r.stderr)
	}
	exported := filepath.Join(dir, "team.yaml")
	writeFile(t, exported, r.stdout)
	if r := bot(t, "", "kb", "check", exported); r.code != 0 || !strings.Contains(r.stdout, "20 entries") {
		t.Errorf("the exported knowledge file does not check: exit %d, %s %s", r.code, r.stdout, r.stderr)
	}

	if r := bot(t, "", "kb", "learned", "remove", "--config", cfg, "1"); r.code != 0 {
		t.Fatalf("learned remove 1: exit %d, %s", r.code, r.stderr)
	}
	if r := bot(t, "", "kb", "learned", "remove", "--config", cfg, "1"); r.code != 1 || !strings.Contains(r.stderr, "no lesson 1") {
		t.Errorf("learned remove 1 twice: exit %d, %q", r.code, r.stderr)
	}
	if a := ask(q); a["slug"] == "funding" && a["score"].(float64) >= 0.95 {
		t.Errorf("the removed lesson still answers %q", q)
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestTaughtIndexSharesLessons: what one replica is taught, another replica on the same store
// answers after its next refresh; a lesson taken back stops applying; a refresh with nothing
// new rebuilds nothing.
func TestTaughtIndexSharesLessons(t *testing.T) {
	ctx := t.Context()
	dsn := filepath.Join(t.TempDir(), "bot.db")
	teacher, err := sqlite.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer teacher.Close()
	replica, err := sqlite.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer replica.Close()
	base, err := knowledge.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	ix := core.NewTaughtIndex(base, search.New(base), replica, nil)
	const q = "who holds the purse strings after the seed round closes?"
	slug := func() string {
		if r := ix.Search(q); r.Best != nil {
			return r.Best.Slug
		}
		return ""
	}
	if got := slug(); got == "risks" {
		t.Fatalf("%q answers risks before any lesson", q)
	}
	l, err := teacher.Teach(ctx, core.Lesson{Question: q, Slug: "risks", By: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if changed, err := ix.Refresh(ctx); err != nil || !changed {
		t.Fatalf("Refresh after a lesson = %v, %v; want a rebuild", changed, err)
	}
	if got := slug(); got != "risks" {
		t.Errorf("after the lesson %q answers %q; want risks", q, got)
	}
	if changed, err := ix.Refresh(ctx); err != nil || changed {
		t.Errorf("Refresh with nothing new = %v, %v; want no rebuild", changed, err)
	}
	if _, err := teacher.Forget(ctx, l.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if got := slug(); got == "risks" {
		t.Errorf("after the lesson is taken back %q still answers risks", q)
	}
}

// TestTaughtFromLeavesOutStaleSlugs: a lesson for an entry the base no longer has (a knowledge
// reload removed it) is counted, not applied.
func TestTaughtFromLeavesOutStaleSlugs(t *testing.T) {
	base, err := knowledge.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	taught, stale := core.TaughtFrom(base, []core.Lesson{
		{Question: "a", Slug: "funding"}, {Question: "b", Slug: "gone"}, {Question: "c"},
	})
	if stale != 1 || len(taught.Examples["funding"]) != 1 || len(taught.OffTopic) != 1 || taught.Examples["gone"] != nil {
		t.Errorf("TaughtFrom = %+v, stale %d; want funding's example, one off-topic, one stale", taught, stale)
	}
}

// TestTaughtOnEveryReplicaWithin30s: two bots run on one store; a question taught from the
// command line is answered by both, on their own refresh timers, within 30 seconds.
func TestTaughtOnEveryReplicaWithin30s(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the replicas' lesson refresh")
	}
	cleanEnv(t)
	dir := t.TempDir()
	yaml := "store:\n  driver: sqlite\n  dsn: " + filepath.Join(dir, "bot.db") + "\n"
	cfg := filepath.Join(dir, "bot.yaml")
	writeFile(t, cfg, yaml)
	const (
		q      = "who holds the purse strings after the seed round closes?"
		answer = "The funding strategy is as follows" // the funding entry's answer, not its title in a "did you mean"
	)
	type replica struct {
		out  *syncBuffer
		feed io.Writer
	}
	var replicas []replica
	for range 2 {
		_, out, feed := startRunning(t, yaml)
		replicas = append(replicas, replica{out, feed})
	}
	if r := bot(t, "", "kb", "teach", "--config", cfg, q, "funding"); r.code != 0 {
		t.Fatalf("kb teach: exit %d, %s", r.code, r.stderr)
	}
	taught := time.Now()
	deadline := taught.Add(30 * time.Second)
	for i, r := range replicas {
		for !strings.Contains(r.out.String(), answer) {
			if time.Now().After(deadline) {
				t.Fatalf("replica %d does not answer the taught question 30 s after it was taught:\n%.800s", i, r.out.String())
			}
			if _, err := io.WriteString(r.feed, q+"\n"); err != nil {
				t.Fatal(err)
			}
			time.Sleep(500 * time.Millisecond)
		}
		t.Logf("replica %d answers %v after the lesson", i, time.Since(taught).Round(100*time.Millisecond))
	}
}
