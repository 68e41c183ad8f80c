package search

import "sort"

// Confidence, for any base, is the share of a query's weight that its best entry explains.
const (
	nameScore     = 0.95 // a query that is one entry's name
	maxConfidence = 0.99
)

// params are the few numbers matching depends on, the same for every base.
type params struct {
	// calibrateK: the best entry answers from this share of the confidence that the base's own
	// questions reach on the other entries (calibrate); within answerFloor and answerCeil.
	calibrateK  float64
	answerFloor float64
	answerCeil  float64
	// evidenceK: a query needs this share of what the base's own questions typically weigh
	// to be answered with full confidence; one that weighs less says too little ("time").
	evidenceK float32
}

var defaultParams = params{calibrateK: 0.9, answerFloor: 0.2, answerCeil: 0.6, evidenceK: 0.4}

// scratch is one query's working memory, pooled so that Search allocates little.
type scratch struct {
	pieces  []piece
	terms   []qterm
	score   []float32 // by entry: BM25F
	matched []float32 // by entry: the query weight it explains
	touched []int32
	ranked  []int32 // the best entries, best first
	common  []qterm // the query's terms that very many entries have (lazyFrom)
	rd      readings
}

func (ix *Index) scratch() *scratch {
	if sc, ok := ix.pool.Get().(*scratch); ok {
		return sc
	}
	n := len(ix.entries)
	return &scratch{score: make([]float32, n), matched: make([]float32, n)}
}

// Search finds the entry that answers query. Work is bounded whatever the input: only the first
// 512 characters count, and mentions such as <!channel> or @everyone are ignored.
func (ix *Index) Search(query string) Result {
	res, _ := ix.search(query, false)
	return res
}

// search answers a query and, when explain is set, says how.
func (ix *Index) search(query string, explain bool) (Result, *Explanation) {
	q := ix.norm.query(query)
	res := Result{}
	res.Lang, _ = detect(q)
	var ex *Explanation
	if explain {
		ex = &Explanation{Query: query, Normalized: q, Terms: []TermExplanation{}, Entries: []EntryExplanation{}}
	}
	units := splitUnits(q)
	if intent := ix.lists.smallTalk(units); intent != "" {
		res.SmallTalk = intent
		if ex != nil {
			ex.SmallTalk = intent
		}
		return res, ex
	}
	// Greetings and thanks around a question neither add to it nor cost it.
	q = ix.lists.dropSmallTalk(q, units)
	if ex != nil {
		ex.Normalized = q
	}
	key := ix.lists.contentKey(q, nil)
	if e, ok := ix.taught[key]; ok {
		if ex != nil {
			ex.Taught = true
		}
		if e >= 0 {
			res.Best, res.Score = ix.entries[e], nameScore
		}
		return res, ex // taught off-topic: refused, with no "did you mean"
	}
	if e, ok := ix.byName(key); ok {
		res.Best, res.Score = ix.entries[e], nameScore
		if ex != nil {
			ex.Name = true
		}
		return res, ex
	}
	if len(ix.entries) == 0 {
		return res, ex
	}
	sc := ix.scratch()
	defer ix.release(sc)
	sc.pieces = ix.lists.analyze(sc.pieces[:0], q)
	sc.terms = ix.readQuery(sc.terms[:0], sc.pieces, &sc.rd)
	if len(sc.pieces) <= 2*ix.longestName {
		if fix := ix.typos(sc.terms); fix != nil {
			// A misspelt name is still a name: "buisness model", "sucess factors".
			if e, ok := ix.byName(ix.lists.contentKey(q, fix)); ok {
				res.Best, res.Score = ix.entries[e], nameScore*typoK
				if ex != nil {
					ex.Name, ex.Terms = true, explainTerms(sc.terms)
				}
				return res, ex
			}
		}
	}
	var total, informative float32
	common := sc.common[:0] // terms of very many entries, in a large base: weighed last
	for _, t := range sc.terms {
		total += t.weight
		informative += ix.informative(t)
		if t.id < 0 {
			continue
		}
		if len(ix.entries) >= lazyFrom && len(ix.post[t.id]) > len(ix.entries)/lazyShare {
			common = append(common, t)
			continue
		}
		ix.accumulate(sc, t)
	}
	if len(sc.touched) == 0 {
		for _, t := range common {
			ix.accumulate(sc, t)
		}
		common = common[:0]
	}
	sc.common = common
	if ex != nil {
		ex.Terms, ex.Total = explainTerms(sc.terms), float64(total)
	}
	if total == 0 || len(sc.touched) == 0 {
		return res, ex
	}
	ranked := sc.top(topK)
	if len(common) > 0 {
		// The common terms add to the best candidates only: they cannot lift an entry that
		// has none of the query's rarer words above those that do.
		for _, t := range common {
			ix.addTo(sc, t, ranked)
		}
		sort.SliceStable(ranked, func(i, j int) bool { return sc.better(ranked[i], ranked[j]) })
	}
	evidence := min(1, informative/(ix.p.evidenceK*ix.typical))
	conf := func(e int32) float64 { return min(float64(sc.matched[e]/total*evidence), maxConfidence) }
	best := ranked[0]
	res.Score = conf(best)
	if res.Score >= ix.answerAt {
		res.Best = ix.entries[best]
	}
	for _, e := range ranked {
		if len(res.Alternatives) == 3 {
			break
		}
		if e == best && res.Best != nil || conf(e) < ix.answerAt/2 {
			continue
		}
		res.Alternatives = append(res.Alternatives, Match{Entry: ix.entries[e], Score: conf(e)})
	}
	if ex != nil {
		ex.Entries = ix.explainEntries(sc, ranked, total, evidence)
	}
	return res, ex
}

// In a base of lazyFrom entries or more, a term in more than 1/lazyShare of them is weighed
// for the best candidates only: its postings would cost most of the query.
const (
	lazyFrom  = 1000
	lazyShare = 8
)

// topK is how many of the best-scoring entries a query keeps: the answer, three
// alternatives and what Explain shows.
const topK = 8

func (ix *Index) accumulate(sc *scratch, t qterm) {
	w := ix.idf[t.id] * t.factor
	for _, p := range ix.post[t.id] {
		if sc.score[p.entry] == 0 && sc.matched[p.entry] == 0 {
			sc.touched = append(sc.touched, p.entry)
		}
		sc.score[p.entry] += w * p.score()
		sc.matched[p.entry] += w * p.cover()
	}
}

// addTo adds a term's evidence to the given entries only.
func (ix *Index) addTo(sc *scratch, t qterm, entries []int32) {
	w := ix.idf[t.id] * t.factor
	for _, e := range entries {
		if p, ok := ix.posting(t.id, e); ok {
			sc.score[e] += w * p.score()
			sc.matched[e] += w * p.cover()
		}
	}
}

// posting finds entry e's posting of a term; postings are in entry order.
func (ix *Index) posting(id, e int32) (posting, bool) {
	ps := ix.post[id]
	i := sort.Search(len(ps), func(i int) bool { return ps[i].entry >= e })
	if i < len(ps) && ps[i].entry == e {
		return ps[i], true
	}
	return posting{}, false
}

func (sc *scratch) better(a, b int32) bool {
	if sc.score[a] != sc.score[b] {
		return sc.score[a] > sc.score[b]
	}
	return a < b
}

// top returns the k touched entries with the highest score, best first.
func (sc *scratch) top(k int) []int32 {
	out := sc.ranked[:0]
	for _, e := range sc.touched {
		if len(out) == k && !sc.better(e, out[k-1]) {
			continue
		}
		if len(out) < k {
			out = append(out, e)
		} else {
			out[k-1] = e
		}
		for i := len(out) - 1; i > 0 && sc.better(out[i], out[i-1]); i-- {
			out[i], out[i-1] = out[i-1], out[i]
		}
	}
	sc.ranked = out
	return out
}

func (ix *Index) release(sc *scratch) {
	for _, e := range sc.touched {
		sc.score[e], sc.matched[e] = 0, 0
	}
	sc.touched = sc.touched[:0]
	if len(sc.rd) > 256 {
		sc.rd = nil
	}
	ix.pool.Put(sc)
}

// typos maps the query's misspelt English words to the base's words they were read as, or
// is nil when there are none. A word the base does not have as written may still share its
// stem with one ("marketting", "market"): it is corrected here too, as names are compared
// by their words.
func (ix *Index) typos(terms []qterm) map[string]string {
	var fix map[string]string
	for _, t := range terms {
		if t.kind == kindBigram && t.to != "" {
			if fix == nil {
				fix = map[string]string{}
			}
			fix[t.from] = t.to // a Chinese word that sounds like the base's
			continue
		}
		if t.kind != kindWord || t.half == 2 {
			continue // a word read as written is also read as its stem: corrected once, there
		}
		to := t.to
		if to == "" && !ix.fuzzy.has(t.from) {
			if _, w, ok := ix.fuzzy.lookup(t.from); ok {
				to = w
			}
		}
		if to != "" {
			if fix == nil {
				fix = map[string]string{}
			}
			fix[t.from] = to
		}
	}
	return fix
}

// byName finds the one entry whose slug, title or alias the query's content (contentKey) is.
func (ix *Index) byName(key string) (int32, bool) {
	if key == "" {
		return -1, false
	}
	refs := ix.byNameKey[key]
	if len(refs) == 1 {
		return refs[0].entry, true
	}
	found := int32(-1)
	for _, r := range refs {
		if r.whole {
			if found >= 0 {
				return -1, false // two entries have this very name: the query must say which
			}
			found = r.entry
		}
	}
	return found, found >= 0
}

// informative is what a query term says toward choosing an entry: its weight, less the share
// of entries that have it. A term in every entry ("大模型创业" in a base about nothing else)
// says nothing, whatever its weight.
func (ix *Index) informative(t qterm) float32 {
	if t.id < 0 {
		return t.weight
	}
	return t.weight * (1 - float32(len(ix.post[t.id]))/float32(max(len(ix.entries), 1)))
}
