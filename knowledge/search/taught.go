package search

import (
	"strings"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// Taught is what a base's owners taught the matcher on top of the base itself: questions
// people asked that belong to an entry, and questions the bot should refuse.
type Taught struct {
	Examples map[string][]string // entry slug -> questions that belong to it
	OffTopic []string            // questions no entry answers
}

// NewTaught builds the index of a base as New does, with what its owners taught: a taught
// question is answered by its entry as surely as the entry's own name, and counts as one of the
// entry's examples, so questions in the same words find it too; an off-topic question is
// refused however close an entry comes. Questions for slugs the base no longer has are ignored.
func NewTaught(b *knowledge.Base, t Taught) *Index {
	if len(t.Examples) == 0 && len(t.OffTopic) == 0 {
		return New(b)
	}
	ix := New(WithExamples(b, t.Examples))
	ix.taught = map[string]int32{}
	for e, en := range ix.entries {
		for _, q := range t.Examples[en.Slug] {
			if k := ix.questionKey(q); k != "" {
				ix.taught[k] = int32(e)
			}
		}
	}
	for _, q := range t.OffTopic {
		if k := ix.questionKey(q); k != "" {
			ix.taught[k] = -1
		}
	}
	return ix
}

// WithExamples returns b with each taught question added to its entry's examples, in the
// language it is written in (or the entry's first language when it lacks that one). Entries
// without taught questions are shared with b, those with some are copies: b stays as it was.
func WithExamples(b *knowledge.Base, taught map[string][]string) *knowledge.Base {
	if b == nil {
		return nil
	}
	out := make([]*knowledge.Entry, len(b.Entries))
	for i, e := range b.Entries {
		qs := taught[e.Slug]
		if e == nil || len(qs) == 0 {
			out[i] = e
			continue
		}
		c := *e
		c.Texts = make(map[knowledge.Lang]*knowledge.Text, len(e.Texts))
		for l, t := range e.Texts {
			tc := *t
			tc.Examples = append([]string(nil), t.Examples...)
			c.Texts[l] = &tc
		}
		for _, q := range qs {
			lang, _ := detect(q)
			if _, ok := c.Texts[lang]; !ok {
				_, lang = e.In(lang)
			}
			if t, ok := c.Texts[lang]; ok {
				t.Examples = append(t.Examples, strings.TrimSpace(q))
			}
		}
		out[i] = &c
	}
	return knowledge.NewBase(out)
}

// questionKey is how a question is looked up among the taught ones: normalised as a query is,
// without the greetings and thanks around it, and keyed as names are.
func (ix *Index) questionKey(q string) string {
	n := ix.norm.query(q)
	units := splitUnits(n)
	if ix.lists.smallTalk(units) != "" {
		return ""
	}
	return ix.lists.contentKey(ix.lists.dropSmallTalk(n, units), nil)
}
