package search

import (
	"fmt"
	"io"
	"strings"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// Explanation says why a query went where it went: what matching read, which words each
// candidate entry has in which field, and how its score and confidence came about.
type Explanation struct {
	Query      string
	Normalized string // the query as matched: lower case, Simplified, without mentions or emoji
	Name       bool   // the query is an entry's name
	SmallTalk  string // the small-talk intent, when the query is small talk
	Terms      []qterm
	Total      float32 // the query's weight: what an entry that explains it all would match
	Entries    []EntryExplanation
	Result     Result
	answerAt   float64
}

// EntryExplanation is one candidate entry's part of an Explanation.
type EntryExplanation struct {
	Slug       string
	Score      float64   // BM25F, which ranks the candidates
	Confidence float64   // the share of the query's weight the entry explains, less when the query says little
	Matches    []Matched // the query's terms the entry has
}

// Matched is one query term an entry has, and where.
type Matched struct {
	Term   string   // the query's word, or the base's word it was read as ("融姿→融资")
	Fields []string // the entry's fields that have it
	Weight float64  // the term's weight, after discounts for typos and sounds
	Score  float64  // what it adds to the entry's BM25F score
}

// Explain answers query as Search does and says how.
func (ix *Index) Explain(query string) Explanation {
	res, ex := ix.search(query, true)
	ex.Result, ex.answerAt = res, ix.answerAt
	return *ex
}

// maxExplained bounds the candidates an explanation lists.
const maxExplained = 5

func (ix *Index) explainEntries(sc *scratch, ranked []int32, total, evidence float32) []EntryExplanation {
	var out []EntryExplanation
	for _, e := range ranked[:min(len(ranked), maxExplained)] {
		ee := EntryExplanation{Slug: ix.entries[e].Slug, Score: float64(sc.score[e]), Confidence: float64(sc.matched[e] / total * evidence)}
		for _, t := range sc.terms {
			if t.id < 0 {
				continue
			}
			for _, p := range ix.post[t.id] {
				if p.entry != e {
					continue
				}
				m := Matched{Term: t.label(), Weight: float64(ix.idf[t.id] * t.factor)}
				m.Score = m.Weight * float64(p.score)
				for f := field(0); f < numFields; f++ {
					if p.fields&(1<<f) != 0 {
						m.Fields = append(m.Fields, fieldNames[f])
					}
				}
				ee.Matches = append(ee.Matches, m)
			}
		}
		out = append(out, ee)
	}
	return out
}

func (t qterm) label() string {
	if t.to != "" {
		return t.from + "→" + t.to
	}
	return t.from
}

// Write prints the explanation for a person: one block per query.
func (ex Explanation) Write(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "query: %q\nnormalized: %q\n", ex.Query, ex.Normalized)
	switch {
	case ex.Name:
		fmt.Fprintf(&b, "the whole query is the name of %s: confidence %.2f\n", slugOf(ex.Result.Best), ex.Result.Score)
	case ex.SmallTalk != "":
		fmt.Fprintf(&b, "small talk (%s): no entry is searched\n", ex.SmallTalk)
	default:
		var parts []string
		for _, t := range ex.Terms {
			switch {
			case t.id < 0:
				parts = append(parts, fmt.Sprintf("%s (unknown, %.2f)", t.from, t.weight))
			default:
				parts = append(parts, fmt.Sprintf("%s (%.2f)", t.label(), t.weight))
			}
		}
		fmt.Fprintf(&b, "terms: %s\ntotal weight: %.2f\n", strings.Join(parts, " · "), ex.Total)
		for _, e := range ex.Entries {
			fmt.Fprintf(&b, "  %s: bm25f %.2f, confidence %.2f\n", e.Slug, e.Score, e.Confidence)
			for _, m := range e.Matches {
				fmt.Fprintf(&b, "    %s in %s: weight %.2f, score %.2f\n", m.Term, strings.Join(m.Fields, "+"), m.Weight, m.Score)
			}
		}
	}
	switch r := ex.Result; {
	case r.Best != nil:
		fmt.Fprintf(&b, "answer: %s (%.2f; answers from %.2f)\n", r.Best.Slug, r.Score, ex.answerAt)
	case r.SmallTalk != "":
		fmt.Fprintf(&b, "answer: small talk\n")
	default:
		fmt.Fprintf(&b, "answer: none (%.2f < %.2f)\n", r.Score, ex.answerAt)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func slugOf(e *knowledge.Entry) string {
	if e == nil {
		return ""
	}
	return e.Slug
}
