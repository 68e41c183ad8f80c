package knowledge

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// fileParser walks one file's YAML nodes into entries, recording problems as it goes.
type fileParser struct {
	file  string
	errs  *errList
	about map[Lang]aboutText // the file's "about", if it has one
}

// aboutText is one language of a base's "about" and where it is written.
type aboutText struct {
	text string
	at   Pos
}

// maxAbout bounds an "about" text: it completes "Answers about …" in Discord's 100-character
// command description and Slack's 140-character app description.
const maxAbout = 60

func (p *fileParser) at(n *yaml.Node) Pos { return Pos{File: p.file, Line: n.Line} }

func (p *fileParser) root(doc *yaml.Node) []*parsed {
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return nil
	}
	if root.Kind != yaml.MappingNode {
		p.errs.add(p.at(root), "want a mapping with an \"entries\" list, got %s", kindName(root))
		return nil
	}
	var out []*parsed
	p.mapping(root, []string{"entries", "about"}, func(key string, k, v *yaml.Node) {
		if key == "about" {
			p.aboutNode(v)
			return
		}
		if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
			return
		}
		if v.Kind != yaml.SequenceNode {
			p.errs.add(p.at(v), "entries: want a list of entries, got %s", kindName(v))
			return
		}
		for _, item := range v.Content {
			if p.errs.full() {
				return
			}
			if e := p.entry(item); e != nil {
				out = append(out, e)
			}
		}
	})
	return out
}

// aboutNode reads "about": what the base covers, per language ({en: coffee brewing, zh: 手冲咖啡}).
func (p *fileParser) aboutNode(n *yaml.Node) {
	if n.Kind != yaml.MappingNode {
		p.errs.add(p.at(n), "about: want a mapping such as {en: coffee brewing, zh: 手冲咖啡}, got %s", kindName(n))
		return
	}
	p.about = map[Lang]aboutText{}
	p.mapping(n, []string{string(ZH), string(EN)}, func(key string, k, v *yaml.Node) {
		s, ok := p.scalar(v, "about."+key)
		if !ok {
			return
		}
		s = strings.TrimSpace(s)
		switch {
		case s == "":
			p.errs.add(p.at(v), "about.%s is empty", key)
		case strings.ContainsAny(s, "\n\r"):
			p.errs.add(p.at(v), "about.%s: want one line", key)
		case utf8.RuneCountInString(s) > maxAbout:
			p.errs.add(p.at(v), "about.%s is longer than %d characters (it completes \"Answers about …\")", key, maxAbout)
		default:
			p.about[Lang(key)] = aboutText{text: s, at: p.at(v)}
		}
	})
}

func (p *fileParser) entry(n *yaml.Node) *parsed {
	if n.Kind != yaml.MappingNode {
		p.errs.add(p.at(n), "entry: want a mapping with slug, zh and en, got %s", kindName(n))
		return nil
	}
	e := &Entry{Texts: map[Lang]*Text{}, Source: p.at(n)}
	out := &parsed{e: e}
	slugSeen := false
	p.mapping(n, []string{"slug", "related", "zh", "en"}, func(key string, k, v *yaml.Node) {
		switch key {
		case "slug":
			slugSeen = true
			s, ok := p.scalar(v, "slug")
			if !ok {
				return
			}
			e.Slug = strings.TrimSpace(s)
			if msg := slugProblem(e.Slug); msg != "" {
				p.errs.add(p.at(v), "%s", msg)
			}
		case "related":
			for _, item := range p.list(v, "related") {
				s, ok := p.scalar(item, "related")
				if ok && strings.TrimSpace(s) != "" {
					e.Related = append(e.Related, strings.TrimSpace(s))
					out.related = append(out.related, p.at(item))
				}
			}
		default:
			if t := p.text(Lang(key), v); t != nil {
				e.Texts[Lang(key)] = t
			}
		}
	})
	if !slugSeen {
		p.errs.add(e.Source, "entry has no slug")
	}
	if len(e.Texts) == 0 && slugSeen {
		p.errs.add(e.Source, "entry %q has no text: add zh: or en: with a title and an answer", e.Slug)
	}
	return out
}

func (p *fileParser) text(lang Lang, n *yaml.Node) *Text {
	if n.Kind != yaml.MappingNode {
		p.errs.add(p.at(n), "%s: want a mapping with title, question, answer, explanation, got %s", lang, kindName(n))
		return nil
	}
	t := &Text{}
	fields := map[string]*string{"title": &t.Title, "question": &t.Question, "answer": &t.Answer, "explanation": &t.Explanation}
	lists := map[string]*[]string{"aliases": &t.Aliases, "keywords": &t.Keywords, "examples": &t.Examples}
	reported := map[string]bool{} // fields whose value was already reported as malformed
	written := map[string]Pos{}
	p.mapping(n, []string{"title", "question", "answer", "explanation", "aliases", "keywords", "examples"}, func(key string, k, v *yaml.Node) {
		name := string(lang) + "." + key
		written[key] = p.at(k)
		if f, ok := fields[key]; ok {
			s, ok := p.scalar(v, name)
			if !ok {
				reported[key] = true
			}
			*f = strings.TrimSpace(s)
			return
		}
		for _, item := range p.list(v, name) {
			if s, ok := p.scalar(item, name); ok && strings.TrimSpace(s) != "" {
				*lists[key] = append(*lists[key], strings.TrimSpace(s))
			}
		}
	})
	for _, f := range []struct{ key, value string }{{"title", t.Title}, {"answer", t.Answer}} {
		switch at, ok := written[f.key]; {
		case f.value != "" || reported[f.key]:
		case ok:
			p.errs.add(at, "%s.%s is empty", lang, f.key)
		default:
			p.errs.add(p.at(n), "%s has no %s", lang, f.key)
		}
	}
	return t
}

// mapping calls f for each key of n, reporting unknown and repeated keys.
func (p *fileParser) mapping(n *yaml.Node, known []string, f func(key string, k, v *yaml.Node)) {
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if p.errs.full() {
			return
		}
		if p.alias(k) || p.alias(v) {
			continue
		}
		if k.Kind != yaml.ScalarNode {
			p.errs.add(p.at(k), "want a key name, got %s", kindName(k))
			continue
		}
		if first, dup := seen[k.Value]; dup {
			p.errs.add(p.at(k), "duplicate key %q (first at line %d)", k.Value, first)
			continue
		}
		seen[k.Value] = k.Line
		if !slices.Contains(known, k.Value) {
			p.errs.add(p.at(k), "%s", unknownKey(k.Value, known))
			continue
		}
		f(k.Value, k, v)
	}
}

// alias rejects YAML aliases: a knowledge file needs none, and expanding them invites
// exponential blow-up on hostile input.
func (p *fileParser) alias(n *yaml.Node) bool {
	if n.Kind == yaml.AliasNode {
		p.errs.add(p.at(n), "YAML aliases (*%s) are not supported in knowledge files", n.Value)
		return true
	}
	return false
}

func (p *fileParser) scalar(n *yaml.Node, name string) (string, bool) {
	if p.alias(n) {
		return "", false
	}
	if n.Kind != yaml.ScalarNode {
		p.errs.add(p.at(n), "%s: want text, got %s", name, kindName(n))
		return "", false
	}
	if n.Tag == "!!null" {
		return "", true
	}
	return n.Value, true
}

func (p *fileParser) list(n *yaml.Node, name string) []*yaml.Node {
	switch {
	case p.alias(n):
		return nil
	case n.Kind == yaml.ScalarNode && n.Tag == "!!null":
		return nil
	case n.Kind != yaml.SequenceNode:
		p.errs.add(p.at(n), "%s: want a list, such as [a, b], got %s", name, kindName(n))
		return nil
	}
	return n.Content
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		return "text " + strconv.Quote(clip(n.Value, 20))
	}
	return "something else"
}
