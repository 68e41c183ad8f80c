// Package knowledge holds the knowledge base: its file format, loader, validation, the importer
// for Markdown Q&A documents, and the shipped base embedded in the binary.
package knowledge

// Lang is a language the base can be read in: "zh" or "en".
type Lang string

// The languages the bot speaks.
const (
	ZH Lang = "zh"
	EN Lang = "en"
)

// Langs lists every language the bot knows, in order of preference for fallbacks.
var Langs = []Lang{EN, ZH}

// ParseLang maps "zh", "zh-CN", "zh_TW", "中文", "en", "en-US", "English"... to a Lang.
func ParseLang(s string) (Lang, bool) {
	switch {
	case s == "":
		return "", false
	case hasPrefixFold(s, "zh"), s == "中文", s == "汉语", s == "chinese", s == "Chinese":
		return ZH, true
	case hasPrefixFold(s, "en"), s == "英文", s == "英语":
		return EN, true
	}
	return "", false
}

func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[i] {
			return false
		}
	}
	return true
}

// Text is one entry in one language. Answer and Explanation are Markdown (bold, numbered and
// bulleted lists, nested lists); Aliases are the short names users type for the topic, Keywords
// further words that point to it, and Examples questions users really ask about it, in their
// own words: they teach the matcher the everyday vocabulary the formal text lacks.
type Text struct {
	Title       string   `yaml:"title"`
	Question    string   `yaml:"question"`
	Answer      string   `yaml:"answer"`
	Explanation string   `yaml:"explanation"`
	Aliases     []string `yaml:"aliases,omitempty"`
	Keywords    []string `yaml:"keywords,omitempty"`
	Examples    []string `yaml:"examples,omitempty"`
}

// Entry is one topic of the knowledge base, in every language its file has.
type Entry struct {
	Slug    string         `yaml:"slug"`
	Related []string       `yaml:"related,omitempty"`
	Texts   map[Lang]*Text `yaml:"-"`
	// Source is where the entry starts, for error messages.
	Source Pos `yaml:"-"`
}

// Pos is a place in a knowledge file.
type Pos struct {
	File string
	Line int
}

// In returns the entry's text in lang, or in the first language it has when it lacks lang,
// together with the language actually returned.
func (e *Entry) In(lang Lang) (*Text, Lang) {
	if t, ok := e.Texts[lang]; ok {
		return t, lang
	}
	for _, l := range Langs {
		if t, ok := e.Texts[l]; ok {
			return t, l
		}
	}
	return &Text{}, lang
}
