package search

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

var ceiling = flag.Bool("ceiling", false, "measure what any confidence threshold could reach on the team bases")

// ceilingPoint is one question's best candidate: its confidence, and whether it is right.
type ceilingPoint struct {
	conf    float64
	on, top bool // an on-topic question; its best candidate is a right entry
}

// TestCeiling measures how far lexical matching is from the product's bar (90% on-topic
// answered right and 90% off-topic refused), on every team base in testdata/teams and the
// shipped base's two sets: rank-1 (the best candidate right, whatever its confidence: no
// threshold answers more), today's result, and the best that one threshold for all bases
// (or one per base, chosen knowing the answers) could reach. The paraphrases and look-alike
// off-topic questions that stay apart need knowledge the bases do not hold.
//
//	go test ./knowledge/search -run Ceiling -ceiling -v
func TestCeiling(t *testing.T) {
	if !*ceiling {
		t.Skip("no -ceiling")
	}
	dir := "../testdata/teams"
	names, _ := filepath.Glob(filepath.Join(dir, "*.queries.tsv"))
	sets := map[string][]ceilingPoint{}
	var nowSum float64
	for _, qf := range names {
		name := strings.TrimSuffix(filepath.Base(qf), ".queries.tsv")
		var b *knowledge.Base
		if md := filepath.Join(dir, name+".md"); fileExists(md) {
			f, err := os.Open(md)
			if err != nil {
				t.Fatal(err)
			}
			entries, err := knowledge.Import(name+".md", f)
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			b = knowledge.NewBase(entries)
		} else {
			b = embedded(t)
		}
		ix := New(b)
		var pts []ceilingPoint
		var rank1, on, off, nOn, nOff int
		for _, q := range readTeamQueries(t, qf, slugsOf(b)) {
			ex := ix.Explain(q.query)
			p := ceilingPoint{on: len(q.want) > 0}
			switch {
			case ex.Name || ex.Taught:
				p.conf, p.top = 1, q.want[slug(ex.Result.Best)]
			case ex.SmallTalk != "":
				p.conf = -1 // never answered with an entry
			case len(ex.Entries) > 0:
				p.conf, p.top = ex.Entries[0].Confidence, q.want[ex.Entries[0].Slug]
			}
			pts = append(pts, p)
			if p.on {
				nOn++
				rank1 += b2i(p.top)
				on += b2i(q.want[slug(ex.Result.Best)])
			} else {
				nOff++
				off += b2i(ex.Result.Best == nil)
			}
		}
		sets[name] = pts
		nowSum += ratio(on, nOn) + ratio(off, nOff)
		best, at := 0.0, 0.0
		for _, p := range pts {
			if s := ceilingScore(pts, p.conf); s > best {
				best, at = s, p.conf
			}
		}
		t.Logf("%-16s rank-1 %.3f | now on %.3f off %.3f (answers from %.2f) | best threshold for it %.2f: on+off %.3f",
			name, ratio(rank1, nOn), ratio(on, nOn), ratio(off, nOff), ix.answerAt, at, best)
	}
	t.Logf("today, each base answering from its own calibrated threshold: mean on+off %.3f", nowSum/float64(len(sets)))
	for th := 0.20; th <= 0.501; th += 0.05 {
		var sum float64
		for _, pts := range sets {
			sum += ceilingScore(pts, th)
		}
		t.Logf("one threshold %.2f for every base: mean on+off %.3f (the bar needs 1.80)", th, sum/float64(len(sets)))
	}
}

// ceilingScore is on-topic answered right plus off-topic refused, answering from th.
func ceilingScore(pts []ceilingPoint, th float64) float64 {
	var on, off, nOn, nOff int
	for _, p := range pts {
		if p.on {
			nOn++
			on += b2i(p.top && p.conf >= th)
		} else {
			nOff++
			off += b2i(p.conf < th)
		}
	}
	return ratio(on, nOn) + ratio(off, nOff)
}

func ratio(a, n int) float64 { return float64(a) / float64(max(n, 1)) }

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }
