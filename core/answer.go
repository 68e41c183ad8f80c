package core

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bigmodel-bot/bigmodel-bot/internal/clip"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge/search"
)

// maxButtonID keeps a button's id and value within what every platform carries (Discord joins
// them into a 100-character custom_id).
const maxButtonID = 90

// maxLabel bounds button labels (Slack cuts at 75 characters, Discord at 80).
const maxLabel = 70

// maxRelated bounds the related-topic buttons under an answer.
const maxRelated = 4

// ask answers a question or topic name through the search index.
func (b *Bot) ask(ctx context.Context, c *call, query string) Reply {
	if b.search == nil {
		c.outcome = OutcomeUnanswered
		return b.noAnswer(c, b.lang(ctx, c.req, detectLang(query)), query)
	}
	res := b.search.Search(query)
	q := res.Lang
	if !known(q) {
		q = detectLang(query)
	}
	lang := b.lang(ctx, c.req, q)
	switch {
	case res.SmallTalk != "":
		c.outcome = OutcomeSmallTalk
		return b.smallTalk(c, lang, res.SmallTalk)
	case res.Best != nil:
		c.outcome = OutcomeAnswered
		r := b.answer(c, res.Best, lang, res.Score)
		r.Visibility = c.visibility()
		b.rememberAsk(c, query, res.Best.Slug, res.Best.Related)
		return r
	case len(res.Alternatives) > 0:
		c.outcome = OutcomeUnanswered
		r := b.didYouMean(c, lang, res.Alternatives, res.Score)
		b.rememberAsk(c, query, "", r.Outcome.Alternatives)
		return r
	}
	c.outcome = OutcomeUnanswered
	return b.noAnswer(c, lang, query)
}

// answerKey names one prepared answer: an entry in one of the bot's languages.
type answerKey struct {
	slug string
	lang knowledge.Lang
}

// answerTemplates prepares the answer of every entry in every language the bot speaks.
func (b *Bot) answerTemplates() map[answerKey]Reply {
	out := make(map[answerKey]Reply, len(b.base.Entries)*len(knowledge.Langs))
	for _, e := range b.base.Entries {
		for _, l := range knowledge.Langs {
			out[answerKey{e.Slug, l}] = b.buildAnswer(e, l)
		}
	}
	return out
}

// answer shows an entry in lang, or in the language it has when it lacks lang. The reply is a
// copy of a prepared one; its Buttons are shared and clipped, so an append never writes into
// another reply's buttons.
func (b *Bot) answer(c *call, e *knowledge.Entry, lang knowledge.Lang, score float64) Reply {
	r, ok := b.answers[answerKey{e.Slug, lang}]
	if !ok || r.Title == "" && r.Body == "" {
		r = b.buildAnswer(e, lang)
	}
	if c.req.Syntax != nil {
		r.Footer = text(r.Lang, msgAnswerFooter, e.Slug, c.req.Syntax.Spell(CommandRef{ID: "topic", Arg: e.Slug}, r.Lang))
	}
	r.Outcome = &Outcome{Slug: e.Slug, Score: score}
	return r
}

// buildAnswer renders an entry in lang, or in the language it has when it lacks lang.
func (b *Bot) buildAnswer(e *knowledge.Entry, lang knowledge.Lang) Reply {
	t, got := e.In(lang)
	body := strings.TrimSpace(t.Answer)
	if ex := strings.TrimSpace(t.Explanation); ex != "" {
		body += "\n\n**" + text(got, msgExplanation) + "** " + ex
	}
	r := Reply{
		Title:  t.Title,
		Body:   body,
		Footer: text(got, msgAnswerFooter, e.Slug, b.textSlash().Spell(CommandRef{ID: "topic", Arg: e.Slug}, got)),
		Lang:   got,
	}
	n := 0
	for _, slug := range e.Related {
		rel, ok := b.base.Entry(slug)
		if !ok || n == maxRelated {
			continue
		}
		rt, _ := rel.In(got)
		if addButton(&r, Button{ID: "topic:" + slug, Label: label(rt.Title), Value: string(got)}) {
			n++
		}
	}
	other := knowledge.ZH
	toggle := msgBtnChinese
	if got == knowledge.ZH {
		other, toggle = knowledge.EN, msgBtnEnglish
	}
	if _, ok := e.Texts[other]; ok {
		addButton(&r, Button{ID: "lang:" + string(other) + ":" + e.Slug, Label: text(got, toggle)})
	}
	addButton(&r, Button{ID: "fb:up:" + e.Slug, Label: text(got, msgBtnHelpful), Value: string(got), Style: StyleSuccess})
	addButton(&r, Button{ID: "fb:down:" + e.Slug, Label: text(got, msgBtnNotHelpful), Value: string(got)})
	r.Buttons = slices.Clip(r.Buttons)
	return r
}

// addButton appends btn unless its id and value are too long for a platform to carry back.
func addButton(r *Reply, btn Button) bool {
	if len(btn.ID)+len(btn.Value) > maxButtonID {
		return false
	}
	r.Buttons = append(r.Buttons, btn)
	return true
}

func label(s string) string { return clip.Runes(s, maxLabel) }

func formatScore(s float64) string { return strconv.FormatFloat(s, 'f', 2, 64) }

// didYouMean offers the closest topics when the search is not confident enough to answer.
func (b *Bot) didYouMean(c *call, lang knowledge.Lang, alts []search.Match, score float64) Reply {
	var body strings.Builder
	body.WriteString(text(lang, msgUnsureBody))
	body.WriteString("\n\n")
	r := Reply{Title: text(lang, msgUnsureTitle), Visibility: c.visibility(), Lang: lang}
	var slugs []string
	for _, m := range alts {
		if m.Entry == nil {
			continue
		}
		t, _ := m.Entry.In(lang)
		body.WriteString(text(lang, msgDidYouMeanPrefix, t.Title, m.Entry.Slug))
		body.WriteString("\n")
		addButton(&r, Button{ID: "topic:" + m.Entry.Slug, Label: label(t.Title), Value: string(lang)})
		slugs = append(slugs, m.Entry.Slug)
	}
	body.WriteString("\n")
	body.WriteString(text(lang, msgUnsureHint, b.hint(c, lang, "topics")))
	r.Body = body.String()
	r.Outcome = &Outcome{Score: score, Alternatives: slugs}
	return r
}

// noAnswer is the polite refusal for questions the base does not cover: never an entry.
func (b *Bot) noAnswer(c *call, lang knowledge.Lang, query string) Reply {
	said := text(lang, msgNoAnswerEmpty)
	if q := strings.TrimSpace(query); q != "" {
		said = text(lang, msgNoAnswerBody, shorten(q))
	}
	said += b.only(lang)
	return Reply{
		Title:      text(lang, msgNoAnswerTitle),
		Body:       said + "\n\n" + b.topicLine(lang) + "\n\n" + text(lang, msgNoAnswerHint, b.hint(c, lang, "help"), b.hint(c, lang, "topics")),
		Visibility: c.visibility(),
		Lang:       lang,
		Outcome:    &Outcome{},
	}
}

// maxTopicLine bounds how many slugs help and refusals list (a team's base may be large).
const maxTopicLine = 30

// topicLine lists the topics by names users can type: the slugs in English, short Chinese
// names in Chinese (a Chinese reader should not get a line of English words).
func (b *Bot) topicLine(lang knowledge.Lang) string {
	var names []string
	for i, e := range b.base.Entries {
		if i == maxTopicLine {
			names = append(names, "…")
			break
		}
		names = append(names, topicName(e, lang))
	}
	return text(lang, msgHelpTopics, strings.Join(names, " · "))
}

// topicName is what a topic is called in a list of lang: in Chinese its first short Chinese
// alias ("风险"), else its Chinese title; otherwise, and for an entry without Chinese, its slug.
// The matcher finds an entry by any of them.
func topicName(e *knowledge.Entry, lang knowledge.Lang) string {
	if lang != knowledge.ZH {
		return e.Slug
	}
	t, ok := e.Texts[knowledge.ZH]
	if !ok {
		return e.Slug
	}
	for _, a := range t.Aliases {
		if utf8.RuneCountInString(a) <= 12 && isHan(a) && !strings.ContainsAny(a, "*`") {
			return a
		}
	}
	if t.Title != "" {
		return t.Title
	}
	return e.Slug
}

// maxTopicList bounds the `topics` list.
const maxTopicList = 50

// topics lists every topic with its title.
func (b *Bot) topics(ctx context.Context, c *call) Reply {
	lang := b.lang(ctx, c.req, detectLang(c.text))
	var body strings.Builder
	for i, e := range b.base.Entries {
		if i == maxTopicList {
			body.WriteString("- …\n")
			break
		}
		t, _ := e.In(lang)
		body.WriteString("- **" + e.Slug + "** — " + t.Title + "\n")
	}
	body.WriteString("\n" + text(lang, msgTopicsHint))
	return Reply{Title: text(lang, msgTopicsTitle), Body: body.String(), Visibility: c.visibility(), Lang: lang}
}

// help describes every command from the command table, then the topics.
func (b *Bot) help(ctx context.Context, c *call) Reply {
	lang := b.lang(ctx, c.req, detectLang(c.text))
	var body strings.Builder
	body.WriteString(b.intro(lang) + "\n\n")
	// A slash command needs its name; a DM or a mention is read as it is typed.
	syn := b.syntax(c, c.req.Kind == KindCommand)
	var examples []string
	example := func(ref CommandRef) { examples = append(examples, "**"+syn.Spell(ref, lang)+"**") }
	if n := len(b.base.Entries); n > 0 {
		example(CommandRef{ID: "topic", Arg: topicExample(b.base.Entries[0], lang)})
		t, _ := b.base.Entries[min(1, n-1)].In(lang)
		example(CommandRef{ID: "ask", Arg: lowerFirst(t.Title)})
	}
	other := knowledge.ZH
	if lang == knowledge.ZH {
		other = knowledge.EN
	}
	line := func(cmd *command) {
		if cmd.usage == nil {
			return
		}
		if c.req.Syntax == nil {
			// Both languages' names work, so help shows both.
			body.WriteString("- **" + cmd.usage[lang] + "** (" + cmd.usage[other] + ") — " + text(lang, cmd.desc) + "\n")
		} else {
			_, arg := splitUsage(cmd.usage[lang])
			body.WriteString("- **" + syn.Spell(CommandRef{ID: cmd.names[0], Arg: arg}, lang) + "** — " + text(lang, cmd.desc) + "\n")
		}
		if ex := cmd.example[lang]; strings.Contains(ex, " ") && len(examples) < 4 {
			example(b.exampleRef(cmd, ex, lang))
		}
	}
	for _, cmd := range b.commands {
		if !cmd.shortcut {
			line(cmd)
		}
	}
	for _, cmd := range b.quizCmds {
		line(cmd)
	}
	body.WriteString("\n" + text(lang, msgHelpExamples, strings.Join(examples, " · ")))
	body.WriteString("\n\n" + b.topicLine(lang))
	if c.req.Kind == KindCommand && !c.req.DM {
		// Only a slash command in a channel answers privately, so only there is "share" news.
		body.WriteString("\n\n" + text(lang, msgHelpFooter))
	}
	return Reply{Title: text(lang, msgHelpTitle), Body: body.String(), Visibility: c.visibility(), Lang: lang}
}

// topicExample is how a user would type e's topic in lang: a short alias ("风险" in Chinese
// help), else the slug, which works in every language.
func topicExample(e *knowledge.Entry, lang knowledge.Lang) string {
	if t, got := e.In(lang); got == lang {
		for _, a := range t.Aliases {
			if a != "" && utf8.RuneCountInString(a) <= 12 && !strings.ContainsAny(a, " *") {
				return a
			}
		}
	}
	return e.Slug
}

// lowerFirst makes a title read as a question typed in a sentence ("ask how large models are
// trained"), leaving acronyms ("LLM startups") and other scripts alone.
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	next, _ := utf8.DecodeRuneInString(s[n:])
	if !unicode.IsUpper(r) || unicode.IsUpper(next) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// intro says what the bot knows about, in which languages, and how to ask.
func (b *Bot) intro(lang knowledge.Lang) string {
	s := text(lang, msgHelpIntroBase)
	if about := b.about[lang]; about != "" {
		s = text(lang, msgHelpIntro, about)
	}
	if len(b.base.Langs()) > 1 {
		s += text(lang, msgHelpBilingual)
	}
	return s + "\n\n" + text(lang, msgHelpUse)
}

// only says what the bot knows about, after it could not answer.
func (b *Bot) only(lang knowledge.Lang) string {
	if about := b.about[lang]; about != "" {
		return text(lang, msgOnlyAbout, about)
	}
	return text(lang, msgOnlyTopics)
}

// SmallTalkSlug is what the query report counts small talk under ("hi", "thanks", "who are
// you"): no entry, but not a question the bot failed either. No slug can be it.
const SmallTalkSlug = "~small-talk"

// smallTalk answers a greeting, thanks or "what can you do" briefly, with how to ask.
func (b *Bot) smallTalk(c *call, lang knowledge.Lang, intent string) Reply {
	example := ""
	if len(b.base.Entries) > 0 {
		t, _ := b.base.Entries[0].In(lang)
		example = shorten(t.Title)
	}
	about := b.about[lang]
	if about == "" {
		about = text(lang, msgSmallAboutBase)
	}
	var body string
	switch intent {
	case search.SmallTalkThanks:
		body = text(lang, msgSmallThanks)
	case search.SmallTalkBye:
		body = text(lang, msgSmallBye)
	case search.SmallTalkIdentity:
		body = text(lang, msgSmallIdentity, about, example)
	case search.SmallTalkAbilities:
		body = text(lang, msgSmallAbilities, about, example, b.hint(c, lang, "topics"), b.hint(c, lang, "help"))
	default:
		body = text(lang, msgSmallGreeting, example, b.hint(c, lang, "help"), b.hint(c, lang, "topics"))
	}
	return Reply{Body: body, Visibility: c.visibility(), Lang: lang, Outcome: &Outcome{Slug: SmallTalkSlug, SmallTalk: intent}}
}
