package quiz

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// Kinds of question. The kind is the first part of a question id.
const (
	KindPoint = "pt"    // "pt:<slug>:<i>": which of these is one of the entry's answer points
	KindTopic = "topic" // "topic:<slug>": which topic does this explanation belong to
	KindOpen  = "open"  // "open:<slug>": the entry's own question, answer shown on demand
)

// Letters are the choice labels of a multiple-choice question, in order.
var Letters = [4]string{"A", "B", "C", "D"}

// Question is one question in one language, options in canonical order (the correct one first);
// Shuffled orders them for a post.
type Question struct {
	ID          string
	Kind        string
	Slug        string
	Lang        knowledge.Lang
	Prompt      string
	Context     string   // the explanation a topic question quotes; "" otherwise
	Options     []string // four for point and topic questions, none for open ones
	Explanation string   // why the answer is right, shown after answering
	Answer      string   // the reference answer of an open question
}

// Choice reports whether the question is answered with A-D.
func (q Question) Choice() bool { return len(q.Options) == len(Letters) }

// Shuffled returns the options in the order shown on post postID, and the index of the correct
// one. The order depends only on the question id and the post id, so it survives restarts.
func (q Question) Shuffled(postID int64) ([]string, int) {
	perm := rng(q.ID, strconv.FormatInt(postID, 10)).Perm(len(q.Options))
	out := make([]string, len(perm))
	correct := 0
	for i, p := range perm {
		out[i] = q.Options[p]
		if p == 0 {
			correct = i
		}
	}
	return out, correct
}

// Bank is every question a knowledge base yields, in a stable order. It is immutable and safe
// for concurrent use.
type Bank struct {
	base *knowledge.Base
	ids  []string
	// distractors holds, per point question id, the three (slug, point index) pairs chosen as
	// wrong options; per topic question id, the three other slugs.
	distractors map[string][]ref
	// points holds every entry's parsed answer points per language; read-only after NewBank.
	points pointCache
}

type ref struct {
	slug  string
	point int
}

// pointCache parses each entry's answer points once while a bank is built, and remembers the
// normalised form and terms of every label: comparing labels pairwise is the bulk of NewBank's
// work, and recomputing them inside that quadratic loop cost most of the bot's start-up time.
type pointCache struct {
	points map[*knowledge.Entry]map[knowledge.Lang][]knowledge.Point
	labels map[string]labelInfo
}

// labelInfo is what distractor checks compare of a label.
type labelInfo struct {
	norm  string
	terms map[string]bool
}

func newPointCache() pointCache {
	return pointCache{points: map[*knowledge.Entry]map[knowledge.Lang][]knowledge.Point{}, labels: map[string]labelInfo{}}
}

func (c pointCache) get(e *knowledge.Entry, l knowledge.Lang) ([]knowledge.Point, bool) {
	t, ok := e.Texts[l]
	if !ok {
		return nil, false
	}
	if c.points[e] == nil {
		c.points[e] = map[knowledge.Lang][]knowledge.Point{}
	}
	ps, ok := c.points[e][l]
	if !ok {
		ps = t.Points()
		c.points[e][l] = ps
		for _, p := range ps {
			c.labels[p.Label] = labelInfo{norm: normalize(p.Label), terms: terms(p.Label)}
		}
	}
	return ps, true
}

// label returns the normalised form and terms of a label that get has seen.
func (c pointCache) label(s string) labelInfo {
	if li, ok := c.labels[s]; ok {
		return li
	}
	return labelInfo{norm: normalize(s), terms: terms(s)}
}

// NewBank builds the questions of b. Entries too short for a kind are skipped for that kind:
// a point question needs an entry with two or more labelled points and three distractors that
// are not also true of it; a topic question needs four entries and an explanation. Every entry
// yields an open question, so any non-empty base yields questions.
func NewBank(b *knowledge.Base) *Bank {
	k := &Bank{base: b, distractors: map[string][]ref{}, points: newPointCache()}
	langs := b.Langs()
	pc := k.points
	for _, e := range b.Entries {
		for l := range e.Texts {
			pc.get(e, l) // fill the cache now: after NewBank it is only read, from any goroutine
		}
	}
	for _, e := range b.Entries {
		labels := labelled(pc, e, langs)
		if len(labels) >= 2 {
			cands := distractorCandidates(pc, b, e, langs)
			for _, i := range labels {
				id := KindPoint + ":" + e.Slug + ":" + strconv.Itoa(i)
				if ds := pointDistractors(pc, b, cands, langs, id); ds != nil {
					k.ids = append(k.ids, id)
					k.distractors[id] = ds
				}
			}
		}
		if len(b.Entries) >= 4 && hasExplanation(e, langs) {
			id := KindTopic + ":" + e.Slug
			k.ids = append(k.ids, id)
			k.distractors[id] = topicDistractors(b, e, id)
		}
		k.ids = append(k.ids, KindOpen+":"+e.Slug)
	}
	return k
}

// IDs lists every question id, in a stable order. The caller must not modify it.
func (k *Bank) IDs() []string { return k.ids }

// Len is the number of questions.
func (k *Bank) Len() int { return len(k.ids) }

// Has reports whether id names a question of this bank.
func (k *Bank) Has(id string) bool {
	if strings.HasPrefix(id, KindOpen+":") {
		_, ok := k.base.Entry(strings.TrimPrefix(id, KindOpen+":"))
		return ok
	}
	_, ok := k.distractors[id]
	return ok
}

// Question builds question id in lang (falling back to the language the entry has).
func (k *Bank) Question(id string, lang knowledge.Lang) (Question, error) {
	kind, rest, _ := strings.Cut(id, ":")
	slug, idx, _ := strings.Cut(rest, ":")
	e, ok := k.base.Entry(slug)
	if !ok || !k.Has(id) {
		return Question{}, fmt.Errorf("question %q is not in the knowledge base", id)
	}
	t, lang := e.In(lang)
	q := Question{ID: id, Kind: kind, Slug: slug, Lang: lang}
	switch kind {
	case KindPoint:
		i, _ := strconv.Atoi(idx)
		ps, _ := k.points.get(e, lang)
		p := ps[i]
		q.Prompt = text(lang, msgPointPrompt, t.Title)
		q.Options = []string{p.Label}
		for _, d := range k.distractors[id] {
			de, _ := k.base.Entry(d.slug)
			_, dl := de.In(lang)
			dps, _ := k.points.get(de, dl)
			q.Options = append(q.Options, dps[d.point].Label)
		}
		q.Explanation = "**" + p.Label + "**" + text(lang, msgColon) + p.Body
	case KindTopic:
		q.Prompt = text(lang, msgTopicPrompt)
		q.Context = t.Explanation
		q.Options = []string{t.Title}
		for _, d := range k.distractors[id] {
			de, _ := k.base.Entry(d.slug)
			dt, _ := de.In(lang)
			q.Options = append(q.Options, dt.Title)
		}
		q.Explanation = text(lang, msgTopicExplain, t.Title, slug)
	case KindOpen:
		q.Prompt = t.Question
		if q.Prompt == "" {
			q.Prompt = t.Title
		}
		q.Answer = t.Answer
		q.Explanation = t.Explanation
	}
	return q, nil
}

// normalize folds a label for comparison: NFKC, lower case, no punctuation, symbols or spaces.
func normalize(s string) string {
	s = norm.NFKC.String(s)
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

// rng returns a random source determined by parts alone.
func rng(parts ...string) *rand.Rand {
	h1, h2 := fnv.New64a(), fnv.New64()
	for _, p := range parts {
		h1.Write([]byte(p))
		h1.Write([]byte{0})
		h2.Write([]byte(p))
		h2.Write([]byte{0})
	}
	return rand.New(rand.NewPCG(h1.Sum64(), h2.Sum64()))
}
