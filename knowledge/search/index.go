package search

import (
	"math"
	"regexp"
	"strings"
	"sync"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// Index matches queries to the entries of a knowledge base. It is built once by New and is
// safe for concurrent use: Search only reads it.
type Index struct {
	entries []*knowledge.Entry
	words   map[string]wordTerms // English word as written in the base -> its terms
	lights  map[string]int32     // English word without plural ending -> term
	stems   map[string]int32     // Snowball stem -> term
	hans    map[rune]int32       // Chinese character -> unit, for phrases only
	unis    map[rune]int32       // Chinese character -> term, for characters of no known word
	bigrams map[uint64]int32     // two adjacent Chinese characters -> term
	idf     []float32            // by term; 0 for character units
	post    []posting            // every term's postings, one after the other
	postAt  []uint32             // by term: where its postings start in post; the next term's start ends them
	trie    map[uint64]int32     // parent node<<32 | unit -> child node; the root is node 0
	ends    [][]phraseEnd        // by node: the phrases that end there
	fuzzy   fuzzyIndex
	dict    hanDict
	comp    []completion // by entry
	related relatedIndex
	// relatedByTerm is related by the stem term of a word the base has
	relatedByTerm map[int32][]int32
	// relatedHan is related for two-character Chinese words, by their two characters
	relatedHan map[uint64][]int32
	ex         examples
	near       [][]int32 // by entry: the entries it lists as related, or that list it
	isName     []bool    // by term: some entry has it in a slug, alias, title or keyword
	// anchor holds the base's anchors: terms in anchorShare of its entries ("LLM", "startup",
	// "company", "大模型", "创业"), which say what the whole base is about
	anchor map[int32]bool
	// domain holds the anchors that say a query is about the base: those in the titles or
	// questions of anchorShare of the entries ("LLM", "大模型", "large model"), not the words
	// every answer uses in passing ("company", "企业"), which name the topic in "企业文化"
	domain  map[int32]bool
	generic map[int32]float32 // term -> the weight it has as a plain word for the domain
	p       params
	pool    sync.Pool // *scratch
}

type phraseEnd struct {
	entry int32
	name  bool    // a name of the topic (slug, alias, title) that no other entry shares
	score float32 // boost × the phrase's idf weight / entries sharing it
}

// builder holds what New needs only while indexing.
type builder struct {
	ix      *Index
	nodes   int32
	counts  map[int32]*[numFields]uint16 // term -> occurrences per field, for the current entry
	pending []pendingPhrase
	units   []int32
	terms   []int32
	toks    []token
	wordAt  []wordAt
	flags   []uint8
	named   map[int32]int  // term -> entries that have it in a slug, alias, title or keyword
	titled  map[int32]int  // term -> entries that have it in a title or question
	runes   map[int32]rune // unit -> Chinese character
	post    [][]posting    // by term
	exPost  [][]posting    // by term: the entries whose examples have it
	exEntry []int32        // by example: its entry
	exTerms []exampleTerm
	// everyday holds the stem terms of isEverydayWord words: "what matters most" leaves only
	// "matter" after its stop words, and that alone names nothing.
	everyday map[int32]bool
}

type pendingPhrase struct {
	node  int32
	entry int32
	kind  field
	units []int32
}

var boldLabel = regexp.MustCompile(`\*\*([^*\n]{1,80})\*\*`)

// New indexes every entry of b in every language it has. A nil or empty base gives an index
// that answers nothing.
func New(b *knowledge.Base) *Index {
	return newIndex(b, defaultParams())
}

func newIndex(b *knowledge.Base, p params) *Index {
	ix := &Index{
		p:       p,
		words:   make(map[string]wordTerms),
		lights:  make(map[string]int32),
		stems:   make(map[string]int32),
		hans:    make(map[rune]int32),
		unis:    make(map[rune]int32),
		bigrams: make(map[uint64]int32),
		trie:    make(map[uint64]int32),
		ends:    [][]phraseEnd{nil},
	}
	if b != nil {
		ix.entries = b.Entries[:min(len(b.Entries), maxEntries)]
	}
	bd := &builder{ix: ix, counts: make(map[int32]*[numFields]uint16), runes: make(map[int32]rune), named: make(map[int32]int), titled: make(map[int32]int), everyday: make(map[int32]bool)}
	for i, e := range ix.entries {
		bd.addEntry(int32(i), e)
	}
	ix.finish(bd)
	ix.near = nearEntries(ix.entries)
	ix.pool.New = func() any { return newScratch(len(ix.entries)) }
	return ix
}

func (bd *builder) addEntry(id int32, e *knowledge.Entry) {
	if e == nil {
		bd.ix.comp = append(bd.ix.comp, nil)
		return
	}
	clear(bd.counts)
	bd.addText(id, fSlug, strings.ReplaceAll(e.Slug, "-", " "))
	for _, lang := range knowledge.Langs {
		t, ok := e.Texts[lang]
		if !ok || t == nil {
			continue
		}
		bd.addText(id, fTitle, t.Title)
		for _, a := range t.Aliases {
			bd.addText(id, fAlias, a)
		}
		for _, k := range t.Keywords {
			bd.addText(id, fKeyword, k)
		}
		for _, m := range boldLabel.FindAllStringSubmatch(t.Answer, -1) {
			bd.addText(id, fLabel, m[1])
		}
		bd.addText(id, fQuestion, t.Question)
		bd.addText(id, fAnswer, t.Answer)
		bd.addText(id, fExplanation, t.Explanation)
		for _, ex := range t.Examples {
			bd.addText(id, fExample, ex)
			bd.addExample(id)
		}
	}
	ix := bd.ix
	for term, c := range bd.counts {
		if c[fSlug]|c[fAlias]|c[fTitle]|c[fKeyword]|c[fAliasPart]|c[fKeywordPart] != 0 {
			bd.named[term]++
		}
		if c[fTitle]|c[fQuestion] != 0 {
			bd.titled[term]++
		}
		if n := c[fExample]; n > 0 {
			// The examples are a field of their own, with their own idf (examples.go).
			tf := float64(n)
			bd.exPost[term] = append(bd.exPost[term], newPosting(id, ix.p.exampleCoef*tf/(tf+exampleSat)))
		}
		miss, any := 1.0, false
		for f, n := range c[:fExample] {
			if n > 0 {
				tf := float64(n)
				coef, sat := field(f).weight()
				miss *= 1 - coef*tf/(tf+sat)
				any = true
			}
		}
		if any {
			bd.post[term] = append(bd.post[term], newPosting(id, 1-miss))
		}
	}
	ix.comp = append(ix.comp, completions(e))
}

// addText counts the terms of one field and, for the fields that name the topic, records the
// whole text as a phrase.
func (bd *builder) addText(id int32, f field, text string) {
	bd.toks = tokenize(bd.toks[:0], normalize(text, math.MaxInt))
	bd.units, bd.terms, bd.wordAt = bd.units[:0], bd.terms[:0], bd.wordAt[:0]
	if f <= fKeyword {
		bd.ix.dict.add(bd.toks)
	}
	bd.flags = classifyHan(bd.flags[:0], bd.toks, nil, func(_ int, a, b rune) bool {
		bd.terms = append(bd.terms, bd.internBigram(a, b))
		return true
	})
	words := len(bd.terms) // a bigram is a word here: most Chinese words are two characters
	for i, t := range bd.toks {
		if t.word == "" {
			// The same characters a query keeps for phrases: all but fillers.
			if bd.flags[i]&hanContent != 0 || bd.flags[i]&hanFiller == 0 {
				bd.units = append(bd.units, bd.internHan(t.han))
			}
			if !isHanStop(t.han) {
				bd.terms = append(bd.terms, bd.internUni(t.han))
			}
			continue
		}
		if isStopWord(t.word) {
			continue
		}
		wt := bd.internWord(t.word)
		if t.compound {
			// In a name, a hyphenated word is one unit, as a query reads it: "go-to-market"
			// is not the name "market".
			if k := firstWordFrom(bd.wordAt, partsFrom(bd.toks, i)); k >= 0 {
				bd.units = bd.units[:bd.wordAt[k].unit]
			}
			bd.units = append(bd.units, wt.light)
			bd.terms = append(bd.terms, wt.light)
			continue
		}
		bd.wordAt = append(bd.wordAt, wordAt{tok: i, unit: len(bd.units)})
		words++
		bd.terms = append(bd.terms, wt.light, wt.stem)
		bd.units = append(bd.units, wt.stem)
		if isEverydayWord(t.word) {
			bd.everyday[wt.stem] = true
		}
		if f <= fKeyword && len(t.word) >= 4 {
			bd.ix.fuzzy.add(t.word, wt)
		}
	}
	// A word of a several-word name is weaker evidence than a name of its own: "公司" in the
	// alias "公司文化" should not make "公司" alone mean company culture.
	cf := f
	if words > 1 {
		cf = f.part()
	}
	for _, term := range bd.terms {
		bd.count(term, cf)
	}
	if phraseBoost(f) == 0 || len(bd.units) == 0 {
		return
	}
	node := int32(0)
	for _, u := range bd.units {
		key := uint64(node)<<32 | uint64(uint32(u))
		child, ok := bd.ix.trie[key]
		if !ok {
			bd.nodes++
			child = bd.nodes
			bd.ix.trie[key] = child
			bd.ix.ends = append(bd.ix.ends, nil)
		}
		node = child
	}
	bd.pending = append(bd.pending, pendingPhrase{node: node, entry: id, kind: f, units: append([]int32(nil), bd.units...)})
}
