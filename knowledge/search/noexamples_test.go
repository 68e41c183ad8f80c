package search

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

var updateGolden = flag.Bool("update", false, "rewrite testdata/noexamples.golden from the current code")

// TestBaseWithoutExamples keeps a base without examples (a team's imported base) scoring
// exactly as it did before the matcher learned examples: testdata/noexamples.golden holds every
// query set's results on a copy of the shipped base as it was then, recorded by the code of
// that time.
func TestBaseWithoutExamples(t *testing.T) {
	b, err := knowledge.Load([]string{"testdata/base-noexamples.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range b.Entries {
		for _, tx := range e.Texts {
			if len(tx.Examples) > 0 {
				t.Fatalf("%s has examples; this test needs a base without", e.Slug)
			}
		}
	}
	ix := New(b)
	const golden = "testdata/noexamples.golden"
	if *updateGolden {
		var sb strings.Builder
		for _, set := range []string{"queries", "queries-heldout", "holdout", "holdout-fresh", "queries-paraphrase"} {
			for _, q := range readQueries(t, "../testdata/"+set+".tsv") {
				sb.WriteString(q.query + "\t" + result(ix.Search(q.query)) + "\n")
			}
		}
		if err := os.WriteFile(golden, []byte(sb.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	data, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	for _, line := range lines {
		query, want, _ := strings.Cut(line, "\t")
		if got := result(ix.Search(query)); got != want {
			t.Errorf("%q: got %q, want %q", query, got, want)
		}
	}
	if len(lines) < 1000 {
		t.Errorf("%s has %d queries, want the five query sets' 1,000 and more", golden, len(lines))
	}
}

// result prints what a user sees of a Result: the answer, its confidence and the alternatives.
func result(r Result) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s\t%.6f", slug(r.Best), r.Score)
	for _, a := range r.Alternatives {
		fmt.Fprintf(&sb, "\t%s %.6f", a.Entry.Slug, a.Score)
	}
	return sb.String()
}
