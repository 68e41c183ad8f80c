package search

// params tune how evidence becomes confidence. The defaults were chosen on the development
// sets (knowledge/testdata/queries.tsv, queries-paraphrase.tsv) and checked on sets written
// apart; TestQueries, TestParaphrases, TestHeldOutQueries and TestIndependentHoldouts report
// how well they do.
type params struct {
	// answerAt is the confidence from which Search answers instead of offering alternatives.
	answerAt float64
	// phraseWeight is how much a whole alias, slug, title or keyword found in the query counts
	// next to its words counted one by one.
	phraseWeight float32
	// strengthScale is the evidence at which a match is 63% "strong"; it keeps queries made only
	// of words every entry shares ("startup", "大模型创业") from answering.
	strengthScale float64
	// lightK is how much the plural-only form of an English word counts next to its stem.
	lightK float32
	// stemK is how much its Snowball stem counts.
	stemK float32
	// fuzzyFactor discounts a word matched only through a typo correction.
	fuzzyFactor float32
	// altAt is the least confidence a "did you mean" candidate needs.
	altAt float64
	// margin is how much a runner-up as good as the best lowers the confidence.
	margin float64
	// nearMargin scales margin when the runner-up is a related entry: two views of one subject
	// ("success factors", "key success factors") splitting the evidence is no reason to refuse.
	nearMargin float64
	// oovWordK and oovHanK are what an English word and a Chinese character the base does not
	// know cost a match, relative to the weight of the rarest word it does know.
	oovWordK, oovHanK float32
	// hanWordK is what a word of unknown Chinese characters (two of them) costs a query that
	// does not name the domain, next to an unknown English word.
	hanWordK float32
	// hanUniK is how much a Chinese character of no known word counts by itself, and
	// hanUniOOV what share of an unknown character's cost it still pays.
	hanUniK, hanUniOOV float32
	// namedOOV scales that cost for an entry whose own name is in the query.
	namedOOV float32
	// everydayOOV scales the cost of a common word that frames a question (isEverydayWord).
	everydayOOV float32
	// everydayK is how much such a word counts when the base has it.
	everydayK float32
	// namedMin is the least weight a name needs to count as naming its entry ("LLM" names
	// the overview but is in every entry's text), and namedFloor the confidence it then gives.
	namedMin   float32
	namedFloor float64
	// anchorShare is the share of entries a term must be in to mark the base's own domain
	// ("LLM", "startup", "大模型"): a query with such a word is about the base, so the words
	// of it the base does not know cost it less (scaled by anchoredOOV), while a query without
	// one that has unknown words ("the risk of rain tomorrow") gets no help from a name it
	// contains.
	anchorShare float64
	anchoredOOV float32
	// unanchoredOOV scales the cost of unknown words in a query that does not name the domain:
	// there an unknown word is most likely what the query is about ("smoking" in "risks of
	// smoking").
	unanchoredOOV float32
	// guessOOV is the share of an unknown word's cost a typo-corrected word pays in a query of
	// several words that does not name the domain.
	guessOOV float32
	// anchoredAt replaces answerAt for an anchored query: it is about the base, and the best
	// entry is a better reply than none even when the words are plain.
	anchoredAt float64
	// relatedK is how much a word of relatedWords counts for the words of its group: less than
	// the word itself, since "good" is only near "advantages".
	relatedK float32
	// knownRelatedK scales relatedK for a word the base has itself.
	knownRelatedK float32
	// exampleK is how much the example closest to the query counts, at its full weight, when
	// the query is all in it (exampleEvidence); exampleOOV is how much an unknown word of the
	// query weighs against that share, next to the rarest word of the examples.
	exampleK, exampleOOV float32
	// exampleOnlyOOV is the share of an unknown word's cost that a word the base has only in
	// examples pays in a query that does not name the domain.
	exampleOnlyOOV float32
	// exampleWordMin is the least idf, as a share of the rarest word's, that a word needs to
	// count as one of the two words an example must share with the query.
	exampleWordMin float32
	// exampleAnchor is the share of a query one example must have for the query to count as
	// about the base, as a query with one of its anchors does.
	exampleAnchor float32
	// exampleIDFK scales the examples' idf next to the other fields'.
	exampleIDFK float32
	// exampleCoef is how strongly a word of the examples ties it to their entry, as a field.
	exampleCoef float64
	// derived from the base by New
	oovWord, oovHan float32
}

func defaultParams() params {
	return params{
		answerAt:       0.25,
		phraseWeight:   0.5,
		strengthScale:  1.0,
		fuzzyFactor:    0.8,
		lightK:         0.5,
		stemK:          1,
		altAt:          0.12,
		margin:         0.3,
		nearMargin:     0.5,
		oovWordK:       3.5,
		oovHanK:        0.3,
		namedOOV:       0.4,
		hanUniK:        0.3,
		hanWordK:       1.25,
		hanUniOOV:      0.5,
		everydayOOV:    0.4,
		everydayK:      0.4,
		namedMin:       0.5,
		namedFloor:     0.5,
		anchorShare:    0.8,
		anchoredOOV:    0.15,
		unanchoredOOV:  2,
		anchoredAt:     0.12,
		guessOOV:       0.3,
		relatedK:       0.6,
		knownRelatedK:  0.5,
		exampleK:       0.25,
		exampleOOV:     1,
		exampleOnlyOOV: 0.5,
		exampleCoef:    1,
		exampleIDFK:    0.5,
		exampleWordMin: 0.1,
		exampleAnchor:  0.6,
	}
}

// exampleSat is how fast a word's weight in the examples saturates as it recurs across them.
const exampleSat = 1.0

// exactConfidence is the confidence of a query that is exactly one entry's own name.
const exactConfidence = 0.95

// minAnchorEntries is the least number of entries from which words shared by most of them tell
// the base's domain: in a base of three entries, a word in all three may be chance.
const minAnchorEntries = 8
