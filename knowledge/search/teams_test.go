package search

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// teamQuery is one line of a team base's question set: the headings (or slugs) that answer it
// ("" when none should), and its kind.
type teamQuery struct {
	query, kind string
	want        map[string]bool
}

func readTeamQueries(t *testing.T, path string, slugOf map[string]string) []teamQuery {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []teamQuery
	for n, line := range strings.Split(string(raw), "\n") {
		cols := strings.Split(line, "\t")
		if n == 0 || len(cols) < 2 || strings.TrimSpace(cols[0]) == "" {
			continue
		}
		q := teamQuery{query: cols[0], want: map[string]bool{}}
		if len(cols) > 2 {
			q.kind = cols[2]
		}
		for _, h := range strings.Split(cols[1], "|") {
			if h = strings.TrimRight(strings.TrimSpace(h), "？?"); h != "" {
				s, ok := slugOf[h]
				if !ok {
					t.Fatalf("%s:%d: no entry %q", path, n+1, h)
				}
				q.want[s] = true
			}
		}
		out = append(out, q)
	}
	return out
}

// measureTeam returns the share of on-topic questions answered with a right entry and of
// off-topic ones (small talk among them) refused, logging every miss.
func measureTeam(t *testing.T, ix *Index, qs []teamQuery) (on, off float64) {
	t.Helper()
	var onOK, onN, offOK, offN int
	for _, q := range qs {
		r := ix.Search(q.query)
		got := slug(r.Best)
		if len(q.want) == 0 {
			offN++
			if got == "" {
				offOK++
			} else {
				t.Logf("%s %q answered %s (%.2f)", q.kind, q.query, got, r.Score)
			}
			continue
		}
		onN++
		if q.want[got] {
			onOK++
		} else {
			t.Logf("%s %q answered %q (%.2f)", q.kind, q.query, got, r.Score)
		}
	}
	return float64(onOK) / float64(max(onN, 1)), float64(offOK) / float64(max(offN, 1))
}

// TestTeamBases imports each held-out team base from Markdown, nothing added, and measures
// its questions (see testdata/teams/README.md). The floors are what the matcher reached when
// the sets were first measured, less a margin; the product's bar is 90% and 90%, which these
// sets show is not met yet on paraphrases and look-alike off-topic questions.
func TestTeamBases(t *testing.T) {
	floors := map[string][2]float64{
		"it-helpdesk.zh": {0.78, 0.60}, "hr-policy.zh": {0.80, 0.60},
		"restaurant.en": {0.80, 0.60}, "saas-support.en": {0.74, 0.68},
		"library.en": {0.74, 0.64}, "clinic.en": {0.80, 0.64},
		"gym.zh": {0.85, 0.57}, "property.zh": {0.82, 0.28},
	}
	for name, floor := range floors {
		t.Run(name, func(t *testing.T) {
			dir := "../testdata/teams"
			f, err := os.Open(filepath.Join(dir, name+".md"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			entries, err := knowledge.Import(name+".md", f)
			if err != nil {
				t.Fatal(err)
			}
			b := knowledge.NewBase(entries)
			slugOf := map[string]string{}
			for _, e := range b.Entries {
				for _, tx := range e.Texts {
					slugOf[strings.TrimRight(tx.Title, "？?")] = e.Slug
				}
			}
			on, off := measureTeam(t, New(b), readTeamQueries(t, filepath.Join(dir, name+".queries.tsv"), slugOf))
			t.Logf("%s: on-topic %.1f%%, off-topic refused %.1f%%", name, 100*on, 100*off)
			if on < floor[0] || off < floor[1] {
				t.Errorf("on-topic %.1f%%, off-topic refused %.1f%%; want at least %.0f%% and %.0f%%", 100*on, 100*off, 100*floor[0], 100*floor[1])
			}
		})
	}
	for name, floor := range map[string][2]float64{"llm.zh": {0.77, 0.90}, "llm.en": {0.75, 0.90}} {
		t.Run(name, func(t *testing.T) {
			b := embedded(t)
			slugOf := map[string]string{}
			for _, e := range b.Entries {
				slugOf[e.Slug] = e.Slug
			}
			on, off := measureTeam(t, New(b), readTeamQueries(t, filepath.Join("../testdata/teams", name+".queries.tsv"), slugOf))
			t.Logf("%s: on-topic %.1f%%, off-topic refused %.1f%%", name, 100*on, 100*off)
			if on < floor[0] || off < floor[1] {
				t.Errorf("on-topic %.1f%%, off-topic refused %.1f%%; want at least %.0f%% and %.0f%%", 100*on, 100*off, 100*floor[0], 100*floor[1])
			}
		})
	}
}
