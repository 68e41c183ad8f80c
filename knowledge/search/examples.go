package search

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
)

// examples is what the index keeps of the entries' example questions. They are a field of
// their own: by term, the entries whose examples have it (post, with the field's weight) and
// an idf over the entries that have examples, so that an everyday word in the examples of many
// entries ("how", "company", "钱") weighs little there without changing what the other fields
// say. For the whole-example signal it also keeps which entry each example belongs to and, by
// term, the examples that have it.
type examples struct {
	post    []posting // entries by term, one term after the other
	postAt  []uint32  // by term: where its entries start in post
	idf     []float32 // by term
	rare    float32   // the idf of a term no example has
	only    []bool    // by term: the base has it only in examples
	whole   []bool    // by term: it counts for the whole-example signal (wholeTerms)
	limit   uint32    // the most entries a term's examples count for (maxExampleShare)
	entry   []int32   // by example
	byTerm  []int32   // examples by term, one term after the other
	byTermA []uint32  // by term: where its examples start in byTerm
}

// coreWord marks, in the query words an example has, that one of them is a word the base has
// outside examples too.
const coreWord = 1 << 63

// exampleTerm is one distinct term of one example, while indexing.
type exampleTerm struct{ term, example int32 }

// addExample records the distinct terms of one example of entry id; addText has just counted
// them into bd.terms.
func (bd *builder) addExample(id int32) {
	ex := int32(len(bd.exEntry))
	bd.exEntry = append(bd.exEntry, id)
	start := len(bd.exTerms)
	for _, t := range bd.terms {
		et := exampleTerm{term: t, example: ex}
		if !slices.Contains(bd.exTerms[start:], et) {
			bd.exTerms = append(bd.exTerms, et)
		}
	}
}

// finishExamples lays out the examples' postings by term and computes their idf.
func (ix *Index) finishExamples(bd *builder) {
	if len(bd.exEntry) == 0 {
		return
	}
	x := &ix.ex
	nt := len(ix.idf)
	withEx := map[int32]bool{}
	for _, e := range bd.exEntry {
		withEx[e] = true
	}
	n := float64(len(withEx))
	idf := func(df int) float32 { return float32(math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))) }
	x.idf, x.only, x.postAt = make([]float32, nt), make([]bool, nt), make([]uint32, nt+1)
	for t, p := range bd.exPost {
		x.idf[t] = idf(len(p))
		x.only[t] = len(p) > 0 && len(ix.postings(int32(t))) == 0
		x.post = append(x.post, p...)
		x.postAt[t+1] = uint32(len(x.post))
	}
	x.rare = idf(0)
	x.limit = uint32(max(2, len(withEx)/maxExampleShare))
	x.whole = ix.wholeTerms(bd.exPost, x.limit)
	bd.exPost = nil

	x.entry = bd.exEntry
	bd.exTerms = slices.DeleteFunc(bd.exTerms, func(et exampleTerm) bool { return !x.whole[et.term] })
	x.byTermA = make([]uint32, nt+1)
	for _, et := range bd.exTerms {
		x.byTermA[et.term+1]++
	}
	for t := 1; t <= nt; t++ {
		x.byTermA[t] += x.byTermA[t-1]
	}
	x.byTerm = make([]int32, len(bd.exTerms))
	fill := slices.Clone(x.byTermA[:nt])
	for _, et := range bd.exTerms {
		x.byTerm[fill[et.term]] = et.example
		fill[et.term]++
	}
	bd.exEntry, bd.exTerms = nil, nil
}

// wholeTerms marks the terms that count for the whole-example signal: one a word (an English
// word's stem or a Chinese bigram; not the plural-only form, which only doubles the stem, nor a
// character alone), not an anchor, and in the examples of at most limit entries (a third of
// those with examples, at least two). Everyday words ("how", "我们") say nothing about which example a
// query is like, and leaving them out bounds the work on a large base.
func (ix *Index) wholeTerms(exPost [][]posting, limit uint32) []bool {
	whole := make([]bool, len(exPost))
	for t, p := range exPost {
		whole[t] = len(p) > 0 && len(p) <= int(limit) && !ix.anchor[int32(t)]
	}
	for _, t := range ix.lights {
		whole[t] = false
	}
	for _, t := range ix.unis {
		whole[t] = false
	}
	return whole
}

// maxExampleScan bounds the examples one query looks at, and so its cost on a large base: a
// question's words are in far fewer.
const maxExampleScan = 1 << 12

// maxExampleShare: a term counts for the whole-example signal only if at most 1/maxExampleShare
// of the entries' examples have it.
const maxExampleShare = 3

// exampleIDF is the weight of term t in the examples, 0 for a base without examples. It is
// never more than the term's weight in the other fields, when they have it: a word of the
// domain ("大模型", "LLM") that fewer entries' examples happen to use is no rarer for that.
func (ix *Index) exampleIDF(t int32) float32 {
	if ix.ex.idf == nil {
		return 0
	}
	if ix.anchor[t] {
		return 0 // it says what the base is about, not which entry
	}
	w := ix.p.exampleIDFK * ix.ex.idf[t]
	if !ix.ex.only[t] {
		w = min(w, ix.idf[t])
	}
	return w
}

// examplePostings returns the entries whose examples have term t, none when more than
// 1/maxExampleShare of them do: an everyday word of the examples says little of any entry,
// and the bound keeps a long query cheap on a large base.
func (ix *Index) examplePostings(t int32) []posting {
	if ix.ex.postAt == nil || ix.ex.postAt[t+1]-ix.ex.postAt[t] > ix.ex.limit {
		return nil
	}
	return ix.ex.post[ix.ex.postAt[t]:ix.ex.postAt[t+1]]
}

// exampleOnly tells whether the base has the word of wt only in examples.
func (ix *Index) exampleOnly(wt wordTerms) bool {
	return ix.ex.only != nil && (wt.stem < 0 || ix.ex.only[wt.stem]) && (wt.light < 0 || ix.ex.only[wt.light])
}

// countExampleOnly counts a query word whose term t the base has only in examples: without a
// word of the domain next to it, such a word ("lunch" in "big tech could eat our lunch") is
// more likely another subject than the topic.
func (sc *scratch) countExampleOnly(ix *Index, t int32) {
	if ix.ex.only != nil && ix.ex.only[t] {
		sc.exOnly++
	}
}

// exampleEvidence credits each entry with its example closest to the query: the share of the
// query's weight (by the examples' idf) that one example has, times the weight it has. A
// question asked much as one example asks it ("how do we stop people quitting") counts for its
// entry as a whole, beyond its words counted one by one. One word in common is no more than
// the field already says, so an example needs two of the query's words, each in the examples of
// few entries and not a plain word for the domain ("how", "公司"). penalty is what the
// query's unknown words cost: they are part of the query no example has. It returns the share
// of the query the closest example has, among the examples that share with it a word the rest
// of the base has too: two words only examples have ("eat our lunch") may be an idiom's.
func (ix *Index) exampleEvidence(sc *scratch, penalty float32) (best float32) {
	x := &ix.ex
	if len(x.entry) == 0 || ix.p.exampleK == 0 {
		return 0
	}
	// The hits, at most maxExampleScan, sorted by example rather than summed in arrays by
	// example: a query's work and memory do not grow with the base.
	var qw float32
	scan := maxExampleScan
	for _, t := range sc.terms {
		if !x.whole[t.id] {
			continue
		}
		h := exampleHit{w: x.idf[t.id] * t.factor, main: max(ix.idf[t.id], ix.exampleIDF(t.id)) * t.factor}
		qw += h.w
		exs := x.byTerm[x.byTermA[t.id]:x.byTermA[t.id+1]]
		if scan -= len(exs); scan < 0 {
			continue // the query's weight still counts it
		}
		if h.w >= ix.p.exampleWordMin*x.rare {
			h.words = 1 << (t.word % 63)
			if !x.only[t.id] {
				h.words |= coreWord
			}
		}
		for _, ex := range exs {
			h.example = ex
			sc.exHits = append(sc.exHits, h)
		}
	}
	qw += ix.p.exampleOOV * x.rare * penalty / ix.p.oovWord
	slices.SortFunc(sc.exHits, func(a, b exampleHit) int { return cmp.Compare(a.example, b.example) })
	for i := 0; i < len(sc.exHits); {
		sum := sc.exHits[i]
		j := i + 1
		for ; j < len(sc.exHits) && sc.exHits[j].example == sum.example; j++ {
			sum.w += sc.exHits[j].w
			sum.main += sc.exHits[j].main
			sum.words |= sc.exHits[j].words
		}
		i = j
		if e := x.entry[sum.example]; qw > 0 && bits.OnesCount64(sum.words&^coreWord) >= 2 {
			if sc.rel[e] == 0 {
				sc.relHit = append(sc.relHit, e)
			}
			sc.rel[e] = max(sc.rel[e], sum.w/qw*sum.main)
			if sum.words&coreWord != 0 {
				best = max(best, sum.w/qw)
			}
		}
	}
	for _, e := range sc.relHit {
		sc.touch(e)
		sc.scores[e] += ix.p.exampleK * sc.rel[e] * (1 + ix.p.phraseWeight)
		sc.rel[e] = 0
	}
	sc.exHits, sc.relHit = sc.exHits[:0], sc.relHit[:0]
	return best
}

// exampleHit is a query term found in an example: its weight in the examples and in the index,
// and the query word it stands for, as a bit.
type exampleHit struct {
	example int32
	w, main float32
	words   uint64
}
