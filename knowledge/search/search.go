package search

import (
	"cmp"
	"math"
	"slices"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

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
	wordAt   []wordAt  // where each English word's terms start
	words    int       // English words that are not stop words
	guessed  int       // of them, read as a typo of a word of the base
}

// wordAt is where an English word's token, terms and phrase units start.
type wordAt struct{ tok, term, unit int }

// compoundPartK is what the parts of a known hyphenated word still count.
const compoundPartK = 0.25

// partsFrom returns the token where the parts of the compound at token i start: its parts are
// the words just before it that, joined, spell it. It returns -1 when there are none.
func partsFrom(toks []token, i int) int {
	n := len(toks[i].word)
	start := -1
	for k := i - 1; k >= 0 && n > 0 && toks[k].word != "" && !toks[k].compound; k-- {
		n -= len(toks[k].word)
		start = k
	}
	return start
}

// firstWordFrom returns the first of the words at that starts at token start or later, or -1.
func firstWordFrom(at []wordAt, start int) int {
	first := -1
	for k := len(at) - 1; start >= 0 && k >= 0 && at[k].tok >= start; k-- {
		first = k
	}
	return first
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
	anchored       bool
}

// gather scores every entry with evidence for the tokens in sc.
func (ix *Index) gather(sc *scratch) evidence {
	var ev evidence
	ev.penalty = ix.queryTerms(sc)
	for _, t := range sc.terms {
		w := ix.idf[t.id] * t.factor
		ev.total += w
		ps := ix.postings(t.id)
		ev.anchored = ev.anchored || ix.anchor[t.id]
		for _, p := range ps {
			e := p.entry()
			sc.touch(e)
			sc.scores[e] += w * p.w()
		}
	}
	rt, ra := ix.relatedEvidence(sc)
	ev.total = (1 + ix.p.phraseWeight) * (ev.total + rt)
	ev.anchored = ev.anchored || ra
	ix.matchPhrases(sc, ev.penalty == 0)
	return ev
}

// reset clears what a query left in sc.
func (sc *scratch) reset() {
	for _, e := range sc.touched {
		sc.scores[e], sc.phrase[e], sc.exact[e], sc.named[e], sc.seen[e] = 0, 0, false, false, false
	}
	sc.touched = sc.touched[:0]
}

// queryTerms turns the tokens into phrase units and distinct weighted terms, and returns what
// the words the base does not know cost.
func (ix *Index) queryTerms(sc *scratch) float32 {
	sc.units, sc.terms = sc.units[:0], sc.terms[:0]
	sc.relTerms, sc.relSpans = sc.relTerms[:0], sc.relSpans[:0]
	sc.wordAt = sc.wordAt[:0]
	sc.words, sc.guessed = 0, 0
	sc.seg = ix.dict.segment(sc.seg[:0], sc.toks)
	sc.hanFlags = classifyHan(sc.hanFlags[:0], sc.toks, sc.seg, func(a, b rune) bool {
		id, ok := ix.bigrams[uint64(a)<<32|uint64(b)]
		if ok && len(ix.postings(id)) > 0 {
			sc.terms = append(sc.terms, qterm{id: id, factor: ix.genericFactor(id)})
		}
		if !ok {
			id = -1
		}
		// "挣钱" stands for "赚钱", which the base has.
		return ix.addRelatedHan(sc, a, b, id) || ok
	})
	var penalty float32
	fuzzyLeft := maxFuzzyWords
	for i, t := range sc.toks {
		if t.word == "" {
			switch f := sc.hanFlags[i]; {
			case f&hanContent != 0:
				u, ok := ix.hans[t.han]
				if !ok {
					u = -1
				}
				sc.units = append(sc.units, u)
			case f&hanFiller == 0:
				// A character of no word the base knows: it breaks phrases and counts against
				// every match, like an unknown English word. Alone it may still mean what it
				// means in the base's words ("钱" in "找钱", "练" in "训练"), weakly.
				sc.units = append(sc.units, -1)
				if id, ok := ix.unis[t.han]; ok && len(ix.postings(id)) > 0 {
					sc.terms = append(sc.terms, qterm{id: id, factor: ix.p.hanUniK})
					penalty += ix.p.hanUniOOV * ix.p.oovHan
				} else {
					penalty += ix.p.oovHan
				}
			}
			continue
		}
		if isStopWord(t.word) {
			continue
		}
		if t.compound {
			// Only a help: an unknown compound's parts have already been counted. A known one
			// weighs as much as a word, which counts through two terms, and stands for its
			// parts: "long-term" is one idea, not "long" and "term" and "long-term".
			if wt, ok := ix.words[t.word]; ok {
				if k := firstWordFrom(sc.wordAt, partsFrom(sc.toks, i)); k >= 0 {
					for j := sc.wordAt[k].term; j < len(sc.terms); j++ {
						sc.terms[j].factor *= compoundPartK
					}
					sc.units = sc.units[:sc.wordAt[k].unit]
				}
				sc.units = append(sc.units, wt.light)
				sc.terms = append(sc.terms, qterm{id: wt.light, factor: 2})
			}
			continue
		}
		sc.wordAt = append(sc.wordAt, wordAt{tok: i, term: len(sc.terms), unit: len(sc.units)})
		sc.words++
		wt, st := ix.lookupWord(t.word)
		factor := float32(1)
		known := wt.light >= 0 || wt.stem >= 0
		// A word the base has only in prose ("problems") says little there: the words it
		// stands for ("challenges") count in full.
		weak := known && (wt.stem < 0 || !ix.isName[wt.stem])
		if ix.addRelated(sc, t.word, st, wt, !known, weak) && !known {
			// A plain word for one the base has: it counts through that word, and breaks
			// phrases as an unknown word does.
			sc.units = append(sc.units, -1)
			continue
		}
		if !known && fuzzyLeft > 0 {
			fuzzyLeft--
			if fw, ok := ix.fuzzy.lookup(t.word); ok {
				wt, factor = fw, ix.p.fuzzyFactor
				sc.guessed++
			}
		}
		sc.units = append(sc.units, wt.stem)
		if wt.light < 0 && wt.stem < 0 {
			if isEverydayWord(t.word) {
				penalty += ix.p.everydayOOV * ix.p.oovWord
			} else {
				penalty += ix.p.oovWord
			}
			continue
		}
		if isEverydayWord(t.word) {
			// It frames the question; that the base has it somewhere says little.
			factor *= ix.p.everydayK
		}
		if wt.light >= 0 {
			sc.terms = append(sc.terms, qterm{id: wt.light, factor: factor * ix.p.lightK * ix.genericFactor(wt.stem)})
		}
		if wt.stem >= 0 {
			sc.terms = append(sc.terms, qterm{id: wt.stem, factor: factor * ix.p.stemK * ix.genericFactor(wt.stem)})
		}
	}
	// A word typed twice is one word.
	slices.SortFunc(sc.terms, func(a, b qterm) int {
		if c := cmp.Compare(a.id, b.id); c != 0 {
			return c
		}
		return cmp.Compare(b.factor, a.factor) // the strongest reading of a term first
	})
	sc.terms = slices.CompactFunc(sc.terms, func(a, b qterm) bool { return a.id == b.id })
	return penalty
}

// lookupWord maps an English query word to its terms: as written in the base, or by its plural
// or its stem. Terms the base does not know are -1. It also returns the word's stem when it
// had to compute it ("" otherwise), for the related words.
func (ix *Index) lookupWord(w string) (wt wordTerms, st string) {
	if wt, ok := ix.words[w]; ok {
		return wt, ""
	}
	light := lightStem(w)
	if wt, ok := ix.words[light]; ok {
		return wt, "" // a plural of a word the base has: "VCs"
	}
	wt = wordTerms{light: -1, stem: -1}
	if id, ok := ix.lights[light]; ok {
		wt.light = id
	}
	st = stem(w)
	if id, ok := ix.stems[st]; ok {
		wt.stem = id
	}
	return wt, st
}

// matchPhrases credits every entry whose alias, slug, title or keyword occurs in the query as a
// whole, and marks the entries whose own name is the entire query.
func (ix *Index) matchPhrases(sc *scratch, allKnown bool) {
	units := sc.units
	for i := range units {
		node := int32(0)
		for j := i; j < len(units) && units[j] >= 0; j++ {
			child, ok := ix.trie[uint64(node)<<32|uint64(uint32(units[j]))]
			if !ok {
				break
			}
			node = child
			whole := allKnown && i == 0 && j == len(units)-1
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
		if sc.words > 1 {
			// Off the domain, a word read as a typo may as well be a word the base lacks:
			// "vacation" in "future plans for my vacation" is not "valuation".
			penalty += float32(sc.guessed) * ix.p.guessOOV * ix.p.oovWord
		}
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
