package search

import "github.com/bigmodel-bot/bigmodel-bot/knowledge"

// Match is one candidate entry with its confidence.
type Match struct {
	Entry *knowledge.Entry
	Score float64
}

// Result is the outcome of one query.
type Result struct {
	// Best is the entry to answer with; nil when the index is not confident enough to answer.
	Best *knowledge.Entry
	// Score is the confidence of the top candidate, 0..1.
	Score float64
	// Alternatives are "did you mean" candidates, best first, Best excluded, at most three.
	Alternatives []Match
	// Lang is the detected language of the query, "" when undecidable.
	Lang knowledge.Lang
	// SmallTalk is set when the query is only small talk, to the intent it expresses (one of
	// the SmallTalk… constants, as data/smalltalk.txt names them). Best is nil then.
	SmallTalk string
}

// The intents of small talk.
const (
	SmallTalkGreeting  = "greeting"
	SmallTalkThanks    = "thanks"
	SmallTalkBye       = "bye"
	SmallTalkIdentity  = "identity"  // "who are you"
	SmallTalkAbilities = "abilities" // "what can you do"
)
