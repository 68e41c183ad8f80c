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
	Query      string             `json:"query"`
	Normalized string             `json:"normalized"`           // as matched: lower case, Simplified, no mentions or emoji
	Name       bool               `json:"name,omitempty"`       // the query is an entry's name
	Taught     bool               `json:"taught,omitempty"`     // the query is one its owners taught: to an entry, or off-topic
	SmallTalk  string             `json:"small_talk,omitempty"` // the small-talk intent, when the query is small talk
	Terms      []TermExplanation  `json:"terms"`
	Total      float64            `json:"total"` // the query's weight: what an entry that explains it all matches
	Entries    []EntryExplanation `json:"entries"`
	AnswerAt   float64            `json:"answer_at"` // the confidence from which this base answers
	Result     Result             `json:"-"`
}

// TermExplanation is one term of the query as matching weighed it.
type TermExplanation struct {
	Text string `json:"text"`           // the query's word or characters
	Read string `json:"read,omitempty"` // the base's word it was read as (a typo, a sound)
	// As is "stem" or "word" for an English word read both ways ("marketing": the stem
	// "market" and the word as written, half each)
	As      string  `json:"as,omitempty"`
	Weight  float64 `json:"weight"` // what it adds to the query's weight
	Unknown bool    `json:"unknown,omitempty"`
}

// EntryExplanation is one candidate entry's part of an Explanation.
type EntryExplanation struct {
	Slug       string    `json:"slug"`
	Score      float64   `json:"bm25f"`      // BM25F, which ranks the candidates
	Confidence float64   `json:"confidence"` // the share of the query's weight the entry explains, less when the query says little
	Matches    []Matched `json:"matches"`    // the query's terms the entry has
}

// Matched is one query term an entry has, and where.
type Matched struct {
	Term   string   `json:"term"`   // the query's word, or the base's word it was read as ("融姿→融资")
	Fields []string `json:"fields"` // the entry's fields that have it
	Weight float64  `json:"weight"` // the term's weight, after discounts for typos and sounds
	Score  float64  `json:"score"`  // what it adds to the entry's BM25F score
}

// Explain answers query as Search does and says how.
func (ix *Index) Explain(query string) Explanation {
	res, ex := ix.search(query, true)
	ex.Result, ex.AnswerAt = res, ix.answerAt
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
			p, ok := ix.posting(t.id, e)
			if !ok {
				continue
			}
			m := Matched{Term: t.label(), Weight: float64(ix.idf[t.id] * t.factor)}
			m.Score = m.Weight * float64(p.score())
			for f := field(0); f < numFields; f++ {
				if p.fields&(1<<f) != 0 {
					m.Fields = append(m.Fields, fieldNames[f])
				}
			}
			ee.Matches = append(ee.Matches, m)
		}
		out = append(out, ee)
	}
	return out
}

func (t qterm) label() string {
	from := strings.TrimPrefix(t.from, "=")
	switch {
	case t.to != "":
		return from + "→" + t.to
	case t.half == 1:
		return from + " (stem)"
	case t.half == 2:
		return from + " (word)"
	}
	return from
}

// Write prints the explanation for a person: one block per query.
func (ex Explanation) Write(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "query: %q\nnormalized: %q\n", ex.Query, ex.Normalized)
	switch {
	case ex.Name:
		fmt.Fprintf(&b, "the whole query is the name of %s: confidence %.2f\n", slugOf(ex.Result.Best), ex.Result.Score)
	case ex.Taught && ex.Result.Best != nil:
		fmt.Fprintf(&b, "the query was taught to %s: confidence %.2f\n", slugOf(ex.Result.Best), ex.Result.Score)
	case ex.Taught:
		fmt.Fprintf(&b, "the query was taught as off-topic: refused\n")
	case ex.SmallTalk != "":
		fmt.Fprintf(&b, "small talk (%s): no entry is searched\n", ex.SmallTalk)
	default:
		var parts []string
		for _, t := range ex.Terms {
			switch {
			case t.Unknown:
				parts = append(parts, fmt.Sprintf("%s (unknown, %.2f)", t.Text, t.Weight))
			case t.Read != "":
				parts = append(parts, fmt.Sprintf("%s→%s (%.2f)", t.Text, t.Read, t.Weight))
			case t.As != "":
				parts = append(parts, fmt.Sprintf("%s (%s, %.2f)", t.Text, t.As, t.Weight))
			default:
				parts = append(parts, fmt.Sprintf("%s (%.2f)", t.Text, t.Weight))
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
		fmt.Fprintf(&b, "answer: %s (%.2f; answers from %.2f)\n", r.Best.Slug, r.Score, ex.AnswerAt)
	case r.SmallTalk != "":
		fmt.Fprintf(&b, "answer: small talk\n")
	default:
		fmt.Fprintf(&b, "answer: none (%.2f < %.2f)\n", r.Score, ex.AnswerAt)
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

func explainTerms(ts []qterm) []TermExplanation {
	out := make([]TermExplanation, 0, len(ts))
	for _, t := range ts {
		te := TermExplanation{Text: strings.TrimPrefix(t.from, "="), Read: t.to, Weight: float64(t.weight), Unknown: t.id < 0}
		switch t.half {
		case 1:
			te.As = "stem"
		case 2:
			te.As = "word"
		}
		out = append(out, te)
	}
	return out
}
