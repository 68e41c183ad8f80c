package search

import (
	"math"
	"math/bits"
	"slices"
)

// examples is what the index keeps of the entries' example questions for the whole-example
// signal: which entry each example belongs to, and by term the examples that have it. Their
// words also count as a field of the entry (fExample), like any other.
type examples struct {
	entry []int32   // by example
	post  []int32   // examples by term, one term after the other
	at    []uint32  // by term: where its examples start in post
	idf   []float32 // by term: inverse frequency among the entries that have examples
	rare  float32   // the idf of a term no example has
	only  []bool    // by term: the base has it only in examples
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

// finishExamples lays out the examples' postings by term and weighs each term by how many
// entries' examples have it: an everyday word ("how", "company", "钱") in the examples of many
// entries says little about which one a query means.
func (ix *Index) finishExamples(bd *builder) {
	if len(bd.exEntry) == 0 {
		return
	}
	x := &ix.ex
	x.entry = bd.exEntry
	nt := len(ix.idf)
	x.at = make([]uint32, nt+1)
	df := make([]int32, nt)
	last := make([]int32, nt) // the last entry counted in df, plus one
	for _, et := range bd.exTerms {
		x.at[et.term+1]++
		if e := x.entry[et.example]; last[et.term] != e+1 {
			last[et.term] = e + 1
			df[et.term]++
		}
	}
	for t := 1; t <= nt; t++ {
		x.at[t] += x.at[t-1]
	}
	x.post = make([]int32, len(bd.exTerms))
	fill := slices.Clone(x.at[:nt])
	for _, et := range bd.exTerms {
		x.post[fill[et.term]] = et.example
		fill[et.term]++
	}
	withEx := map[int32]bool{}
	for _, e := range x.entry {
		withEx[e] = true
	}
	n := float64(len(withEx))
	idf := func(df int32) float32 { return float32(math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))) }
	x.idf = make([]float32, nt)
	for t := range x.idf {
		x.idf[t] = idf(df[t])
	}
	x.rare = idf(0)
	x.only = make([]bool, nt)
	for t := range x.only {
		x.only[t] = bd.coreDF[t] == 0 && len(ix.postings(int32(t))) > 0
	}
	bd.exEntry, bd.exTerms = nil, nil
}

// exampleEvidence credits each entry with its example closest to the query: the share of the
// query's weight (by the examples' idf) that one example has, times that weight. A question
// asked in the words of one example ("how do we stop people quitting") counts for its entry as
// a whole, beyond its words counted one by one. scale turns the examples' weights into the
// index's; penalty is what the query's unknown words cost.
func (ix *Index) exampleEvidence(sc *scratch, penalty float32) {
	x := &ix.ex
	if len(x.entry) == 0 || ix.p.exampleK == 0 {
		return
	}
	if len(sc.exScore) < len(x.entry) {
		sc.exScore = make([]float32, len(x.entry))
		sc.exWords = make([]uint64, len(x.entry))
		sc.exMain = make([]float32, len(x.entry))
	}
	var qw float32
	for _, t := range sc.terms {
		w := x.idf[t.id] * t.factor
		qw += w
		for _, ex := range x.post[x.at[t.id]:x.at[t.id+1]] {
			if sc.exScore[ex] == 0 {
				sc.exHit = append(sc.exHit, ex)
			}
			sc.exScore[ex] += w
			sc.exMain[ex] += ix.idf[t.id] * t.factor
			sc.exWords[ex] |= 1 << (t.word % 64)
		}
	}
	// Words the base does not know are part of the query no example has.
	qw += ix.p.exampleOOV * x.rare * penalty / ix.p.oovWord
	for _, ex := range sc.exHit {
		e := x.entry[ex]
		// One word in common is no more than the field's evidence already says.
		if v := sc.exScore[ex]; qw > 0 && bits.OnesCount64(sc.exWords[ex]) >= 2 {
			sc.rel[e] = max(sc.rel[e], v/qw*sc.exMain[ex])
		}
		sc.exScore[ex], sc.exWords[ex], sc.exMain[ex] = 0, 0, 0
	}
	for _, ex := range sc.exHit {
		e := x.entry[ex]
		if sc.rel[e] > 0 {
			sc.touch(e)
			sc.scores[e] += ix.p.exampleK * sc.rel[e] * (1 + ix.p.phraseWeight)
			sc.rel[e] = 0
		}
	}
	sc.exHit = sc.exHit[:0]
}
