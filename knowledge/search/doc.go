// Package search matches user queries, in Chinese, English or both, to knowledge base entries.
//
// # How a query is read
//
// A query is cut to its first 2 KB and 512 characters, normalized (NFKC, so full-width Latin
// is plain ASCII; lower case), and stripped of chat mentions (<!channel>, <@U123>, @everyone)
// and of control characters and invalid UTF-8. English words then count through two terms:
// the word without its plural ending ("marketing" stays apart from "market") and its Snowball
// stem ("risky", "risks", "risk" meet); stop words and the words people wrap questions in
// ("please tell me about") are dropped. Chinese is read as character bigrams; particles and
// question words ("的", "吗", "什么", "如何") are fillers that neither count nor break phrases.
// An English word the base does not have is corrected to the nearest word of a slug, alias,
// title or keyword: one edit (a swap counts as one) for words of 4 to 7 letters, two from 8,
// none below 4.
//
// # How entries are scored
//
// Each term weighs its inverse document frequency across entries, so words every entry has
// ("大模型", "创业", "LLM", "startup", "large model") weigh next to nothing. How strongly a term
// belongs to an entry combines its fields: slug and aliases count most, then title, keywords,
// the answer's bold labels, the question, and least the answer and explanation prose. A slug,
// alias, title or keyword found whole in the query adds a phrase bonus, divided among the
// entries that share it. Confidence is the share of the query an entry explains (words the base
// does not know count against it), times how much evidence there is at all, lowered when the
// runner-up comes close. Below 0.25 Search does not answer and offers up to three alternatives.
//
// # Names
//
// A query that is exactly a name only one entry has (its slug, an alias, a title) answers that
// entry with confidence 0.95, however common its words: "大模型", "LLM" and "what is a large
// model" name the overview entry, because its aliases say so. A single generic word that names
// no entry ("startup", "创业", "大模型创业") answers nothing. A distinctive name inside a longer
// query ("how should a startup in Shanghai approach marketing") keeps its entry answerable
// despite the unknown words around it, unless another entry fits as well.
//
// # Tuning
//
// The constants in params.go were chosen on knowledge/testdata/queries.tsv (TestQueries;
// TestSweep with -sweep prints a grid over both halves of it) and checked on
// knowledge/testdata/queries-heldout.tsv, written apart and not tuned on (TestHeldOutQueries).
package search
