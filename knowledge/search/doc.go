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
// A character of no word the base knows still counts alone, weakly, if at most a quarter of the
// entries have it ("钱" in "拿到钱", "练" in "练模型"). Two or more such characters in a row are
// a word the base lacks ("日本", "奶茶店", "炒股"; unknown.go): a character next to a particle
// joins them ("本" in "日本的"), a function character ("和", "做", "来") breaks them, and one
// alone is glue that costs little.
// An English word the base does not have is corrected to the nearest word of a slug, alias,
// title or keyword: one edit (a swap counts as one) for words of 5 to 7 letters, two from 8, a
// wrong or swapped letter only in words of 4 ("rain" is not "train"), none below 4.
//
// # Plain words
//
// People ask in everyday words the base does not use. related.go lists groups of everyday
// English words (and two-character Chinese words) that mean about the same in talk about a
// company: "good" stands near "advantage" and "benefit", "staff" near "employee", "挣钱" near
// "赚钱". An unknown word with a related word the base has counts through it (at relatedK);
// a known word adds its related words as a hint (half that, in full if the base has the word
// only in prose). Each query word credits an entry once, with its best related word. A group
// that holds one of the base's anchors (below) is the domain in other words: "big" weighs
// what "large" weighs, "公司" what "企业" weighs, so a rare alias word such as "big" in "big
// model" does not pull "training a big model" to the overview. Words that only frame a
// question ("steps", "matter", "good", "need"; isEverydayWord) count less, cost less when
// unknown, and a name made only of them ("what matters most") names nothing on its own.
//
// # How entries are scored
//
// Each term weighs its inverse document frequency across entries, so words every entry has
// ("大模型", "创业", "LLM", "startup", "large model") weigh next to nothing. How strongly a term
// belongs to an entry combines its fields: slug and aliases count most, then title, keywords,
// the answer's bold labels, the question, and least the answer and explanation prose. A slug,
// alias, title or keyword found whole in the query adds a phrase bonus, divided among the
// entries that share it; a known hyphenated word ("long-term") stands for its parts rather
// than adding to them. Confidence is the share of the query an entry explains (words the base
// does not know count against it), times how much evidence there is at all, lowered when the
// runner-up comes close (less so when the runner-up is a related entry: "success factors" and
// "key success factors" splitting the evidence is no reason to refuse). Below 0.25 Search does
// not answer and offers up to three alternatives.
//
// # Examples
//
// An entry may list examples: questions users really ask about it, in their own words
// ("what could sink us", "公司快没钱了怎么办"). They are a field of their own, with an idf over the
// entries that have examples, so a word in the examples of many entries ("actually", "钱")
// weighs little there, and nothing from more than a third of them; an entry has a term through
// its other fields or its examples, whichever says more; a word the other fields have weighs no
// more in the examples than there, and the base's anchors take nothing from them. On top
// of the words counted one by one, the example closest to the query adds a whole-example signal:
// the share of the query's weight that one example has, times that weight (exampleEvidence). It
// counts only words in the examples of at most a third of the entries, needs two of them in the
// same example (one word in common says no more than the field does), and a query most of which
// one example has (60%), with a word the rest of the base has too, counts as about the base,
// as one with an anchor does. Examples never make a term an anchor, nor add names, phrases, typo
// corrections or Chinese words: they are everyday text, full of idioms ("eat our lunch"). A word
// only examples have costs, in a query that does not name the domain, half what an unknown word
// costs, and is first tried as a typo of a name, since examples keep users' typos ("outlok").
// A base without examples scores exactly as before they existed (TestBaseWithoutExamples).
//
// # The domain
//
// Terms in at least 80% of the entries of a base of 8 or more ("LLM", "startup", "company",
// "大模型", "创业") are its anchors: they weigh next to nothing. Those also in 80% of the titles
// or questions ("LLM", "large model", "大模型", "创业") are its domain: a query that has one (or a
// related word of one: "founder", "AI") is about the base. The other anchors, words every
// answer uses in passing ("company", "企业", "business"), say so too ("公司怎么才能活得久"),
// except inside a topic's name: "企业" in "日本的企业文化" is company culture's own word. Nor
// does an English word of the domain that ends a name begun off it: "model" in "business model
// of a gym". A query about the base pays far less for unknown words (anchoredOOV) and answers
// from 0.12: the best entry is a better reply than none. A query that is not, and has unknown
// words, gets no help from a name inside it and pays double for its unknown words: "risk" in
// "the risk of rain tomorrow", "culture" in "culture of Japan" or "风险管理" in "炒股怎么做风险管理"
// is another sense of the word. There a Chinese word the base lacks costs what an English one
// does (hanWordK; a bit more, as two characters often say what two English words do), where
// inside the domain its characters cost little one by one, as before. A query of words the
// base knows ("融资", "怎么融资", "风险有哪些") has nothing to pay and answers.
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
// TestSweep with -sweep prints a grid over both halves of it) and on the everyday paraphrases
// of knowledge/testdata/queries-paraphrase.tsv (TestParaphrases), and checked on
// queries-heldout.tsv (TestHeldOutQueries) and holdout.tsv (TestIndependentHoldouts), written
// by others. holdout-fresh.tsv was written before the plain-word rules and not tuned on: it
// only measures (TestIndependentHoldouts). The examples' constants (exampleK and the others in
// params.go) were chosen with TestExampleSweep (-sweep.examples) on the development and
// paraphrase sets, holding the held-out sets and off-topic refusals where they were.
// hanWordK and the domain rules were chosen on offtopic-lookalikes.tsv (topic words about
// other subjects, and the same words about the domain), holding every other set's on-topic
// figures; its held-out third, offtopic-lookalikes-holdout.tsv, was only measured
// (TestLookalikes).
package search
