package search

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// field is a part of an entry that is indexed on its own, with its own weight.
type field uint8

const (
	fName     field = iota // slug, title and aliases
	fQuestion              // the entry's own question
	fKeywords              // keywords
	fExamples              // example questions users asked
	fPoints                // the bold labels of the answer's points
	fBody                  // the answer and the explanation
	numFields
)

var fieldNames = [numFields]string{"name", "question", "keywords", "examples", "points", "body"}

// Field weights for BM25F: how much one occurrence counts toward the entry's term frequency,
// and how much of a query term the field explains when the term is found there (coverage).
// A name says what the entry is about; the body mentions many things in passing.
var (
	fieldWeight = [numFields]float64{fName: 3, fQuestion: 2, fKeywords: 2, fExamples: 1.5, fPoints: 1.5, fBody: 1}
	fieldCover  = [numFields]float64{fName: 1, fQuestion: 1, fKeywords: 1, fExamples: 0.6, fPoints: 0.85, fBody: 0.7}
)

// BM25 constants, the textbook values.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// posting is one entry's evidence for one term, in 8 bytes: a base of 10,000 entries has
// millions of them.
type posting struct {
	entry  int32
	sat    uint16 // the saturated BM25F term frequency, 0..1 in 1/65535ths
	cov    uint8  // how much of the term the entry explains, its best field's cover, in 1/255ths
	fields uint8  // the fields that have the term, one bit each
}

func (p posting) score() float32 { return float32(p.sat) / math.MaxUint16 }
func (p posting) cover() float32 { return float32(p.cov) / math.MaxUint8 }

// Index matches queries to the entries of a knowledge base. It is built once by New and is
// safe for concurrent use: Search only reads it.
type Index struct {
	entries  []*knowledge.Entry
	norm     *normalizer
	lists    *wordLists
	terms    map[string]int32 // index key -> term id
	keys     []string         // by term id
	idf      []float32        // by term id
	declared []bool           // by term id: some entry has it in a name, keyword or point label
	post     [][]posting      // by term id
	unknown  float32          // the weight of a word the base does not have
	typical  float32          // what the base's own titles weigh as queries, the median
	answerAt float64          // the confidence from which the best entry answers (calibrate)
	// longestName is the most pieces a name reads as: a longer query is no misspelt name
	longestName int
	fuzzy       fuzzyIndex // English words of the base, for typos
	// sounds finds Chinese words of the base by sound, for typos. It is built by the first
	// query that needs it (soundsOnce): most queries never do, and it is a sixth of New.
	sounds     soundIndex
	soundsOnce sync.Once
	byNameKey  map[string][]nameRef // an entry name as nameKey writes it -> the entries with it
	comp       []completion         // by entry
	pool       sync.Pool            // of *scratch
	// taught maps the questions owners taught (questionKey) to their entry, or -1 for one to
	// refuse (NewTaught); nil for a base as it is.
	taught map[string]int32
	p      params
}

// New builds the index of a base. It panics only if the embedded word lists or conversion
// dictionaries are broken, which the package's tests rule out.
func New(b *knowledge.Base) *Index {
	ix, err := build(b)
	if err != nil {
		panic(fmt.Sprintf("search: %v", err))
	}
	return ix
}

func build(b *knowledge.Base) (*Index, error) {
	nz, err := newNormalizer()
	if err != nil {
		return nil, err
	}
	wl, err := loadLists()
	if err != nil {
		return nil, err
	}
	ix := &Index{p: defaultParams, norm: nz, lists: wl, terms: map[string]int32{}, byNameKey: map[string][]nameRef{}}
	if b != nil {
		ix.entries = b.Entries
	}
	n := len(ix.entries)
	fields := make([][numFields][]string, n) // every entry's texts, read once
	var all []string
	for e, en := range ix.entries {
		if en != nil {
			fields[e] = fieldTexts(en)
			for _, texts := range fields[e] {
				all = append(all, texts...)
			}
		}
	}
	nz.learn(all)
	// occ[e] counts each term of entry e by field, sorted by term; lens are the fields'
	// lengths in terms.
	occ := make([][]occurrence, n)
	lens := make([][numFields]float64, n)
	var total [numFields]float64
	var pieces []piece
	var keys []uint64 // term<<3 | field, one per occurrence in the entry being read
	for e, en := range ix.entries {
		if en == nil {
			ix.comp = append(ix.comp, completion{})
			continue
		}
		keys = keys[:0]
		for f, texts := range fields[e] {
			for _, text := range texts {
				pieces = wl.analyze(pieces[:0], nz.text(text, math.MaxInt))
				for _, p := range pieces {
					id := ix.intern(p.key)
					keys = append(keys, uint64(id)<<3|uint64(f))
					lens[e][f]++
					total[f]++
					if p.kind == kindWord {
						ix.fuzzy.add(p.surface, id)
					}
				}
			}
		}
		occ[e] = countOccurrences(keys)
		for _, name := range entryNames(en) {
			norm := nz.text(name, maxQueryRunes)
			key := wl.contentKey(norm, nil)
			if key == "" {
				continue
			}
			ix.longestName = max(ix.longestName, len(wl.analyze(pieces[:0], norm)))
			whole := key == pluralStemAll(norm)
			ix.byNameKey[key] = addName(ix.byNameKey[key], nameRef{entry: int32(e), whole: whole})
		}
		ix.comp = append(ix.comp, completions(nz, en))
	}
	ix.fuzzy.finish()
	wl.frozen = true
	var avg [numFields]float64
	for f := range avg {
		avg[f] = max(total[f]/float64(max(n, 1)), 1)
	}
	ix.idf = make([]float32, len(ix.keys))
	ix.post = make([][]posting, len(ix.keys))
	df := make([]int32, len(ix.keys))
	for _, os := range occ {
		for i, o := range os {
			if i == 0 || os[i-1].term != o.term {
				df[o.term]++
			}
		}
	}
	for id, n := range df {
		ix.post[id] = make([]posting, 0, n)
	}
	for e, os := range occ {
		// Each term's occurrences are together: one posting per run of them.
		for i := 0; i < len(os); {
			id := os[i].term
			var pseudo, cover float64
			var bits uint8
			for ; i < len(os) && os[i].term == id; i++ {
				f := os[i].field
				pseudo += fieldWeight[f] * os[i].n / (1 - bm25B + bm25B*lens[e][f]/avg[f])
				cover = max(cover, fieldCover[f])
				bits |= 1 << f
			}
			ix.post[id] = append(ix.post[id], posting{entry: int32(e), sat: uint16(math.Round(math.MaxUint16 * pseudo / (bm25K1 + pseudo))),
				cov: uint8(math.Round(math.MaxUint8 * cover)), fields: bits})
		}
	}
	ix.declared = make([]bool, len(ix.keys))
	const declaring = 1<<fName | 1<<fKeywords | 1<<fPoints
	for id, ps := range ix.post {
		ix.idf[id] = idf(n, len(ps))
		for _, p := range ps {
			if p.fields&declaring != 0 {
				ix.declared[id] = true
			}
		}
	}
	// A word the base lacks says at least as much as its rarest word: it is what the query is
	// about and the base cannot answer.
	ix.unknown = idf(n, 1)
	ix.typical = ix.typicalWeight()
	ix.calibrate()
	return ix, nil
}

// idf is BM25's inverse document frequency, never negative.
func idf(n, df int) float32 {
	return float32(math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5)))
}

func (ix *Index) intern(key string) int32 {
	if id, ok := ix.terms[key]; ok {
		return id
	}
	id := int32(len(ix.keys))
	ix.terms[key] = id
	ix.keys = append(ix.keys, key)
	return id
}

// nameRef is an entry that has a name. whole says the name has no stop words, so it is the
// entry's name for the key itself ("LLM"), not one that only comes down to it ("who needs LLMs").
type nameRef struct {
	entry int32
	whole bool
}

func addName(refs []nameRef, r nameRef) []nameRef {
	for i, x := range refs {
		if x.entry == r.entry {
			refs[i].whole = x.whole || r.whole
			return refs
		}
	}
	return append(refs, r)
}

// pluralStemAll writes each word of s as contentKey does, keeping the rest as it is.
func pluralStemAll(s string) string {
	var b strings.Builder
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return !isHan(r) && !isWordRune(r) }) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		if isASCII(f) {
			f = pluralStem(f)
		}
		b.WriteString(f)
	}
	return b.String()
}

// fieldTexts lists the texts of each field of an entry, every language together: the terms
// of Chinese and English do not meet, and a query finds its own language's.
func fieldTexts(e *knowledge.Entry) [numFields][]string {
	var out [numFields][]string
	out[fName] = append(out[fName], strings.ReplaceAll(e.Slug, "-", " "))
	for _, lang := range knowledge.Langs {
		t, ok := e.Texts[lang]
		if !ok || t == nil {
			continue
		}
		out[fName] = append(append(out[fName], t.Title), t.Aliases...)
		out[fQuestion] = append(out[fQuestion], t.Question)
		out[fKeywords] = append(out[fKeywords], t.Keywords...)
		out[fExamples] = append(out[fExamples], t.Examples...)
		for _, p := range t.Points() {
			if p.Label != "" {
				out[fPoints] = append(out[fPoints], p.Label)
			}
		}
		out[fBody] = append(out[fBody], t.Answer, t.Explanation)
	}
	return out
}

// entryNames are the names a user may type to ask for an entry by name.
func entryNames(e *knowledge.Entry) []string {
	out := []string{e.Slug, strings.ReplaceAll(e.Slug, "-", " ")}
	for _, lang := range knowledge.Langs {
		if t, ok := e.Texts[lang]; ok && t != nil {
			out = append(append(out, t.Title), t.Aliases...)
		}
	}
	return out
}

// typicalWeight is the median weight of the entries' own titles read as queries: what the
// shortest question about this base says, in this base's terms. Evidence is measured against
// it, so the same threshold holds for a base of rare words and one of common ones.
func (ix *Index) typicalWeight() float32 {
	var ws []float32
	var pieces []piece
	var terms []qterm
	var rd readings
	for _, e := range ix.entries {
		if e == nil {
			continue
		}
		for _, t := range e.Texts {
			if t == nil || strings.TrimSpace(t.Title) == "" {
				continue
			}
			pieces = ix.lists.analyze(pieces[:0], ix.norm.query(t.Title))
			terms = ix.readQuery(terms[:0], pieces, &rd)
			var w float32
			for _, qt := range terms {
				w += ix.informative(qt)
			}
			ws = append(ws, w)
		}
	}
	if len(ws) == 0 {
		return 1
	}
	slices.Sort(ws)
	return max(ws[len(ws)/2], 0.01)
}

// maxCalibrationSamples bounds the entries calibrate asks about, and so the start-up of a
// large base.
const maxCalibrationSamples = 256

// calibrate sets the confidence from which the index answers, from the base itself: each
// entry's own question is asked of the other entries, and the median best confidence they
// reach is what a question this base cannot answer, in this base's words, typically scores.
// A base of distinct topics in plain words answers from lower; one whose entries overlap, or
// share an everyday vocabulary, from higher.
func (ix *Index) calibrate() {
	var near []float64
	step := max(1, len(ix.entries)/maxCalibrationSamples)
	for i := 0; i < len(ix.entries); i += step {
		e := ix.entries[i]
		if e == nil {
			continue
		}
		for _, lang := range knowledge.Langs {
			t, ok := e.Texts[lang]
			if !ok || t == nil || strings.TrimSpace(t.Question) == "" {
				continue
			}
			_, ex := ix.search(t.Question, true)
			if ex.Name || ex.SmallTalk != "" {
				continue
			}
			best := 0.0
			for _, c := range ex.Entries {
				if c.Slug != e.Slug {
					best = c.Confidence
					break
				}
			}
			near = append(near, best)
		}
	}
	ix.answerAt = ix.p.answerFloor
	if len(near) > 0 {
		slices.Sort(near)
		ix.answerAt = min(max(ix.p.calibrateK*near[len(near)/2], ix.p.answerFloor), ix.p.answerCeil)
	}
}

// occurrence is how often one term stands in one field of an entry.
type occurrence struct {
	term  int32
	field field
	n     float64
}

// countOccurrences turns term<<3|field keys, one per occurrence, into counts sorted by term.
func countOccurrences(keys []uint64) []occurrence {
	slices.Sort(keys)
	var out []occurrence
	for i := 0; i < len(keys); {
		j := i
		for j < len(keys) && keys[j] == keys[i] {
			j++
		}
		out = append(out, occurrence{term: int32(keys[i] >> 3), field: field(keys[i] & 7), n: float64(j - i)})
		i = j
	}
	return out
}
