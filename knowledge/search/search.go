package search

// maxFuzzyWords bounds the typo corrections of one query, and with them its cost on a large
// base: nobody misspells more words than this in a question.
const maxFuzzyWords = 8

// scratch is the per-query working memory, pooled so that Search allocates little.
type scratch struct {
	toks     []token
	units    []int32
	terms    []qterm
	hanFlags []uint8
	seg      []int32
	scores   []float32
	phrase   []float32
	exact    []bool // the whole query is one of the entry's own names
	named    []bool // the query contains one of the entry's own names
	seen     []bool
	touched  []int32   // the entries with any evidence, each once
	relTerms []int32   // the terms related words stand for, word after word
	relSpans []relSpan // by query word with related terms: where its terms end in relTerms
	rel      []float32 // by entry: the best related evidence of the current word
	relHit   []int32   // the entries with related evidence for the current word
	exHits   []exampleHit
	wordAt   []wordAt       // where each English word's terms start
	nword    uint8          // query words with terms so far, counting on past 255
	exOnly   int            // query words the base has only in examples
	weakAt   []weakAnchorAt // the words of the base's anchors that are not in its titles
	weakTok  []int32        // of them, the Chinese ones by token, till they have a unit
	covered  []bool         // by unit: part of a name of two units or more in the query
	headed   []bool         // by unit: the last word of such a name that starts off the domain
	domainAt []int32        // the units of English words of the domain
	// domainFree: the query has a Chinese word or a hyphenated word of the domain, which
	// always says the query is about it
	domainFree bool
	hanSpan    []uint8 // by token: the length of its stretch of unknown Chinese characters
	hanWords   float32 // the unknown Chinese words those stretches make (hanStretches)
	hanOld     float32 // what their characters cost one by one, in penalty
	words      int     // English words that are not stop words
	guessed    int     // of them, read as a typo of a word of the base
}

// relSpan is one query word's related terms. counted says the word itself is unknown, so the
// best of them stands in for it in the query's total weight.
type relSpan struct {
	end     int
	counted bool
	weak    bool // the word is known, but only from prose
}

func (sc *scratch) touch(e int32) {
	if !sc.seen[e] {
		sc.seen[e] = true
		sc.touched = append(sc.touched, e)
	}
}

type qterm struct {
	id     int32
	factor float32
	word   uint8 // which query word it comes from (modulo 256): one word may give two terms
}

func (sc *scratch) nextWord() uint8 {
	sc.nword++
	return sc.nword
}

func newScratch(n int) any {
	return &scratch{scores: make([]float32, n), phrase: make([]float32, n), exact: make([]bool, n), named: make([]bool, n), seen: make([]bool, n), rel: make([]float32, n)}
}

// Search finds the entry that answers query. Work is bounded whatever the input: only the first
// 512 characters count, and mentions such as <!channel> or @everyone are ignored.
func (ix *Index) Search(query string) Result {
	q := clean(query)
	res := Result{}
	res.Lang, _ = detect(q)
	if len(ix.entries) == 0 {
		return res
	}
	sc := ix.pool.Get().(*scratch)
	defer ix.pool.Put(sc)
	sc.toks = tokenize(sc.toks[:0], q)
	ev := ix.gather(sc)
	res.Score, res.Best, res.Alternatives = ix.rank(sc, ev)
	sc.reset()
	return res
}

// evidence sums up a query: total is the weight of what it says that the base knows, penalty
// what its unknown words cost, and anchored tells that it names the base's domain.
type evidence struct {
	total, penalty float32
	// offPenalty is what the unknown words cost a query that does not name the domain: there
	// a Chinese word the base lacks weighs what an English one does.
	offPenalty float32
	anchored   bool
}

// gather scores every entry with evidence for the tokens in sc.
func (ix *Index) gather(sc *scratch) evidence {
	var ev evidence
	ev.penalty = ix.queryTerms(sc)
	ev.offPenalty = ev.penalty - sc.hanOld + sc.hanWords*ix.p.hanWordK*ix.p.oovWord
	for _, t := range sc.terms {
		w := ix.idf[t.id] * t.factor
		wx := ix.exampleIDF(t.id) * t.factor
		ev.total += max(w, wx)
		ps := ix.postings(t.id)
		for _, p := range ps {
			e := p.entry()
			sc.touch(e)
			sc.scores[e] += w * p.w()
			sc.rel[e] = w * p.w()
		}
		// An entry has a term through its other fields or its examples, whichever says more.
		for _, p := range ix.examplePostings(t.id) {
			e := p.entry()
			if v := wx * p.w(); v > sc.rel[e] {
				sc.touch(e)
				sc.scores[e] += v - sc.rel[e]
			}
		}
		for _, p := range ps {
			sc.rel[p.entry()] = 0
		}
	}
	rt, ra := ix.relatedEvidence(sc)
	ev.total = (1 + ix.p.phraseWeight) * (ev.total + rt)
	ev.anchored = ev.anchored || ra
	// A query asked much as an example asks it is about the base, whatever its words.
	if ix.exampleEvidence(sc, ev.offPenalty) >= ix.p.exampleAnchor {
		ev.anchored = true
	}
	ix.matchPhrases(sc, ev.penalty == 0 && ev.offPenalty == 0)
	ev.anchored = ev.anchored || sc.domainAnchored() || sc.weakAnchored()
	return ev
}

// reset clears what a query left in sc.
func (sc *scratch) reset() {
	for _, e := range sc.touched {
		sc.scores[e], sc.phrase[e], sc.exact[e], sc.named[e], sc.seen[e] = 0, 0, false, false, false
	}
	sc.touched = sc.touched[:0]
}
