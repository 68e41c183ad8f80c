package search

import (
	"math"
	"slices"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// matchPhrases credits every entry whose alias, slug, title or keyword occurs in the query as a
// whole, and marks the entries whose own name is the entire query.
func (ix *Index) matchPhrases(sc *scratch, allKnown bool) {
	units := sc.units
	sc.covered, sc.headed = sc.covered[:0], sc.headed[:0]
	for range units {
		sc.covered, sc.headed = append(sc.covered, false), append(sc.headed, false)
	}
	for i := range units {
		node := int32(0)
		for j := i; j < len(units) && units[j] >= 0; j++ {
			child, ok := ix.trie[uint64(node)<<32|uint64(uint32(units[j]))]
			if !ok {
				break
			}
			node = child
			whole := allKnown && i == 0 && j == len(units)-1
			if j > i && len(ix.ends[node]) > 0 {
				for k := i; k <= j; k++ {
					sc.covered[k] = true
				}
				sc.headed[j] = sc.headed[j] || !ix.domain[units[i]]
			}
			for _, end := range ix.ends[node] {
				sc.touch(end.entry)
				sc.phrase[end.entry] = max(sc.phrase[end.entry], end.score)
				if end.name {
					sc.named[end.entry] = sc.named[end.entry] || end.score >= ix.p.namedMin
					sc.exact[end.entry] = sc.exact[end.entry] || whole
				}
			}
		}
	}
}

type candidate struct {
	entry int32
	s     float32
}

// rank orders the touched entries by evidence and turns evidence into confidence: the share of
// the query the entry explains, times how much evidence there is at all, lowered when the
// runner-up is nearly as good. Words the base does not know (penalty) weigh less against an
// entry the query names outright: "marketing for a startup in Shanghai" is still about
// marketing, while "the capital of France" shares only a word with "venture capital".
//
// A query that says it is about the base's domain (anchored) pays less for unknown words: the
// question is only which entry answers it. One that does not, and has words the base does not
// know, gets no help from a name it contains: "culture" in "the culture of Japan" is not the
// company culture entry.
func (ix *Index) rank(sc *scratch, ev evidence) (float64, *knowledge.Entry, []Match) {
	total, penalty, anchored := ev.total, ev.penalty, ev.anchored
	useNames := true
	switch {
	case len(ix.anchor) == 0:
		// A base with no common subject: nothing to tell on- from off-topic by.
	case anchored:
		penalty *= ix.p.anchoredOOV
	default:
		penalty = ev.offPenalty
		if sc.words > 1 {
			// Off the domain, a word read as a typo may as well be a word the base lacks:
			// "vacation" in "future plans for my vacation" is not "valuation".
			penalty += float32(sc.guessed) * ix.p.guessOOV * ix.p.oovWord
		}
		penalty += float32(sc.exOnly) * ix.p.exampleOnlyOOV * ix.p.oovWord
		penalty *= ix.p.unanchoredOOV
		useNames = penalty == 0
	}
	var top [4]candidate
	n := 0
	for _, e := range sc.touched {
		s := sc.scores[e] + ix.p.phraseWeight*sc.phrase[e]
		if sc.exact[e] {
			s += total // one's own name outranks any mix of words
		}
		c := candidate{entry: e, s: s}
		for k := 0; k < len(top); k++ {
			if k == n || better(c, top[k]) {
				copy(top[k+1:], top[k:len(top)-1])
				top[k] = c
				n = min(n+1, len(top))
				break
			}
		}
	}
	if n == 0 || total <= 0 && !sc.exact[top[0].entry] {
		return 0, nil, nil
	}
	conf := func(c candidate) float64 {
		if sc.exact[c.entry] {
			return exactConfidence
		}
		s := float64(c.s)
		pen := penalty
		if sc.named[c.entry] && useNames {
			pen *= ix.p.namedOOV
		}
		cov := min(1, s/float64(total+pen))
		cf := cov * (1 - math.Exp(-s/ix.p.strengthScale))
		if sc.named[c.entry] && useNames {
			// A distinctive name of the topic is in the query: whatever else the query says,
			// this is what it is about, unless another entry fits as well (margin below).
			cf = max(cf, ix.p.namedFloor)
		}
		return cf
	}
	best := conf(top[0])
	if n > 1 && !sc.exact[top[0].entry] {
		r := float64(top[1].s / top[0].s)
		m := ix.p.margin
		if slices.Contains(ix.near[top[0].entry], top[1].entry) {
			m *= ix.p.nearMargin
		}
		best *= 1 - m*r*r*r
	}
	var alts []Match
	var answer *knowledge.Entry
	first := 0
	answerAt := ix.p.answerAt
	if anchored {
		answerAt = ix.p.anchoredAt
	}
	if best >= answerAt {
		answer = ix.entries[top[0].entry]
		first = 1
	}
	for _, c := range top[first:n] {
		if len(alts) == 3 {
			break
		}
		if cf := conf(c); cf >= ix.p.altAt && c.s >= 0.3*top[0].s {
			alts = append(alts, Match{Entry: ix.entries[c.entry], Score: min(cf, best)})
		}
	}
	return best, answer, alts
}

// better orders candidates by evidence, then by their order in the base.
func better(a, b candidate) bool {
	if a.s != b.s {
		return a.s > b.s
	}
	return a.entry < b.entry
}
