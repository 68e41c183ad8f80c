package search

import (
	"math"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// finish computes idf, which needs every entry's postings, and the weight of each phrase.
func (ix *Index) finish(bd *builder) {
	n := float64(len(ix.entries))
	idf := func(df int) float32 { return float32(math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))) }
	ix.idf = make([]float32, len(bd.post))
	ix.postAt = make([]uint32, len(bd.post)+1)
	total := 0
	for t, p := range bd.post {
		if len(p) > 0 {
			ix.idf[t] = idf(len(p))
		}
		total += len(p)
	}
	// One array for all postings: no slack from growing, no slice header per term.
	ix.post = make([]posting, 0, total)
	for t, p := range bd.post {
		ix.post = append(ix.post, p...)
		ix.postAt[t+1] = uint32(len(ix.post))
	}
	bd.post = nil
	ix.isName = make([]bool, len(ix.idf))
	for t := range bd.named {
		ix.isName[t] = true
	}
	ix.anchor = make(map[int32]bool)
	ix.domain = make(map[int32]bool)
	if len(ix.entries) >= minAnchorEntries {
		common := ix.commonDF()
		for t := range ix.idf {
			if len(ix.postings(int32(t))) >= common {
				ix.anchor[int32(t)] = true
				if bd.titled[int32(t)] >= common {
					ix.domain[int32(t)] = true
				}
			}
		}
		if len(ix.domain) == 0 {
			// Titles that share no word: what every entry says is all there is to go by.
			ix.domain = ix.anchor
		}
	}
	rare := idf(1)
	ix.p.oovWord = ix.p.oovWordK * rare
	ix.p.oovHan = ix.p.oovHanK * rare

	// What a phrase is worth depends on how many topics its words name as well as on how often
	// the prose of other topics uses them: "training" names one topic, though many mention it,
	// while "large model", named by one, is in every entry's text and stays weak.
	ix.related, ix.generic = ix.buildRelated()
	nameIDF := func(t int32) float32 {
		if w, ok := ix.generic[t]; ok {
			return w
		}
		if n := bd.named[t]; n > 0 {
			return float32(math.Sqrt(float64(idf(n) * ix.idf[t])))
		}
		return ix.idf[t]
	}
	// A phrase several entries share names none of them in particular.
	sharers := make(map[int32]map[int32]struct{})
	for _, p := range bd.pending {
		if sharers[p.node] == nil {
			sharers[p.node] = make(map[int32]struct{})
		}
		sharers[p.node][p.entry] = struct{}{}
	}
	for _, p := range bd.pending {
		var w float32
		plain := true // every word of it an everyday word
		for i, u := range p.units {
			if bd.everyday[u] {
				w += ix.p.everydayK * nameIDF(u)
			} else {
				w += nameIDF(u)
				plain = false
			}
			if i > 0 {
				if a, b := bd.runes[p.units[i-1]], bd.runes[u]; a != 0 && b != 0 {
					if t, ok := ix.bigrams[uint64(a)<<32|uint64(b)]; ok {
						w += nameIDF(t)
					}
				}
			}
		}
		share := len(sharers[p.node])
		end := phraseEnd{entry: p.entry, name: share == 1 && p.kind <= fTitle && !plain, score: phraseBoost(p.kind) * w / float32(share)}
		ix.addEnd(p.node, end)
	}
	ix.fuzzy.finish()
	ix.finishExamples(bd)
}

// addEnd keeps one end per entry and node, the strongest.
func (ix *Index) addEnd(node int32, end phraseEnd) {
	for i, e := range ix.ends[node] {
		if e.entry == end.entry {
			if end.score > e.score {
				ix.ends[node][i].score = end.score
			}
			ix.ends[node][i].name = e.name || end.name
			return
		}
	}
	ix.ends[node] = append(ix.ends[node], end)
}

// nearEntries links each entry with the entries it names as related and those that name it.
func nearEntries(es []*knowledge.Entry) [][]int32 {
	at := make(map[string]int32, len(es))
	for i, e := range es {
		if e != nil {
			at[e.Slug] = int32(i)
		}
	}
	near := make([][]int32, len(es))
	for i, e := range es {
		if e == nil {
			continue
		}
		for _, r := range e.Related {
			if j, ok := at[r]; ok && j != int32(i) {
				near[i] = append(near[i], j)
				near[j] = append(near[j], int32(i))
			}
		}
	}
	return near
}

// commonDF is the number of entries from which a term is common to the whole base ("large",
// "company", "企业"): a word related to one is a plain word for the domain (see generic).
func (ix *Index) commonDF() int {
	return max(minAnchorEntries, int(math.Ceil(ix.p.anchorShare*float64(len(ix.entries)))))
}
