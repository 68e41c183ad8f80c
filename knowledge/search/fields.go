package search

// field is where in an entry a word occurs; the short fields written to name the topic count
// more than the prose that discusses it.
type field uint8

const (
	fSlug field = iota
	fAlias
	fTitle
	fKeyword
	fAliasPart   // a word of an alias of several words
	fKeywordPart // a word of a keyword of several words
	fLabel       // the bold labels of the answer's list items
	fQuestion
	fAnswer
	fExplanation
	fExample // the example questions users ask about the topic
	numFields
)

// weight is how strongly one occurrence in field f ties a word to the entry (coef), and how fast
// repeats saturate (sat): a word in an alias says "this is the topic" at once, a word in the
// answer needs to recur before it does.
func (f field) weight() (coef, sat float64) {
	switch f {
	case fSlug, fAlias:
		return 1.0, 0.2
	case fTitle:
		return 0.9, 0.2
	case fKeyword:
		return 0.8, 0.2
	case fAliasPart:
		return 0.6, 0.2
	case fKeywordPart:
		return 0.45, 0.2
	case fLabel:
		return 0.65, 0.2
	case fQuestion:
		return 0.6, 1
	case fAnswer:
		return 0.45, 1
	case fExample:
		return 0, exampleSat // a field of its own: params.exampleCoef, examples.go
	}
	return 0.35, 1
}

// part is the field the words of a several-word name count in.
func (f field) part() field {
	switch f {
	case fAlias:
		return fAliasPart
	case fKeyword:
		return fKeywordPart
	}
	return f
}

// phraseBoost is how much a whole alias, slug, title or keyword found in the query adds.
func phraseBoost(f field) float32 {
	switch f {
	case fSlug, fAlias:
		return 1
	case fTitle:
		return 0.8
	case fKeyword:
		return 0.6
	}
	return 0
}
