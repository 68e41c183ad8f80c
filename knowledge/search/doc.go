// Package search matches user queries, in Chinese, English or both, to knowledge base entries,
// for any base: the shipped one and a team's own imported from Markdown with nothing added.
//
// # Reading a query
//
// A query is cut to its first 2 KB and 512 characters and normalised (normalize.go): NFKC
// (full-width to half-width), lower case, Traditional to Simplified Chinese with OpenCC's
// dictionaries (github.com/longbridgeapp/opencc), and chat mentions (<@U123>, <!channel>,
// @everyone), links, code spans, emoji and shortcodes, control characters and invalid UTF-8
// turned into spaces. Greetings, thanks and goodbyes that wrap a question ("hey team, …
// thx!", "请问一下，……呢？谢谢") are cut from its ends; a query that is only such small talk,
// or "who are you" / "what can you do", is not searched: Result.SmallTalk says what it is.
//
// English words are stemmed (Snowball) and, where the stem says less than the word
// ("marketing" -> "market"), also kept as the word, each reading at half weight. Chinese is
// read as overlapping character bigrams plus single characters (at a quarter weight). Stop
// words and filler in both languages (data/stop.en.txt, data/stop.zh.txt) neither add to a
// match nor cost it; a bigram with a stop character counts only where the base itself names
// such a word.
//
// # Scoring
//
// Every field of an entry is indexed with its own weight, BM25F (index.go): the name (slug,
// title, aliases) counts most, then the question and keywords, the examples and the answer's
// point labels, and least the answer and explanation text. BM25F ranks the entries.
//
// Confidence is the share of the query's weight that the best entry explains (coverage):
// each term weighs its inverse document frequency, a term found in the entry's name or
// question counts in full and one found only in its answer counts less. A word the base does
// not have at all weighs what the base's rarest word does, and counts against every entry:
// that is how off-topic text is refused ("weather in Berlin"), without a list of domain
// words. A query whose informative weight is small next to what the base's own titles weigh
// ("startup" in a base about startups) says too little to answer.
//
// A query that is, without its stop words, one entry's name (slug, title or alias, typos
// corrected) answers that entry at once.
//
// # Calibration
//
// The confidence from which the best entry answers is set when the index is built, from the
// base itself (calibrate): each entry's own question is asked of the other entries, and the
// median best confidence they reach is what a question this base cannot answer, in its own
// words, typically scores. A base whose topics are distinct answers from lower; one whose
// entries overlap or share an everyday vocabulary (the shipped base, with its examples) from
// higher. No number is tuned per base.
//
// # Typos
//
// An English word the base lacks is read as the base's word one edit away (5 to 7 letters; a
// missing, wrong or swapped letter only up to 5) or two (8 or more), at a discount. A Chinese
// bigram the base lacks that shares one character with a base word and sounds like it (the
// other character with the same toneless pinyin, or a syllable off: 风验 for 风险, 案列 for
// 案例; github.com/mozillazg/go-pinyin) is read as it, at a discount.
//
// # What it was measured on
//
// The few numbers (query.go, index.go, search.go: params) were chosen on ../shared/eval's two
// foreign bases and the shipped base's development sets (TestSweep prints the grid), and are
// measured on sets held back (TestTeamBases: four team bases and two question sets written
// without sight of the matcher; TestIndependentHoldouts). Explain shows, for one query, what
// was read, matched where, and how the score came about (bot ask --explain).
package search
