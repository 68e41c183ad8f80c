package knowledge

import (
	"bytes"
	"strings"

	"gopkg.in/yaml.v3"
)

// textOrder is the order languages are written in: the seed's language first.
var textOrder = []Lang{ZH, EN}

// Marshal writes entries as a knowledge file that Parse reads back unchanged: multi-line
// text as "|" block scalars, lists of names in flow style.
func Marshal(entries []*Entry) []byte {
	list := &yaml.Node{Kind: yaml.SequenceNode}
	for _, e := range entries {
		m := &yaml.Node{Kind: yaml.MappingNode}
		addScalar(m, "slug", e.Slug)
		if len(e.Related) > 0 {
			addList(m, "related", e.Related)
		}
		for _, l := range textOrder {
			t, ok := e.Texts[l]
			if !ok || t == nil {
				continue
			}
			tm := &yaml.Node{Kind: yaml.MappingNode}
			addScalar(tm, "title", t.Title)
			addScalar(tm, "question", t.Question)
			addScalar(tm, "answer", t.Answer)
			addScalar(tm, "explanation", t.Explanation)
			if len(t.Aliases) > 0 {
				addList(tm, "aliases", t.Aliases)
			}
			if len(t.Keywords) > 0 {
				addList(tm, "keywords", t.Keywords)
			}
			if len(t.Examples) > 0 {
				addList(tm, "examples", t.Examples)
			}
			m.Content = append(m.Content, key(string(l)), tm)
		}
		list.Content = append(list.Content, m)
	}
	doc := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{key("entries"), list}}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	// Encoding a tree of valid UTF-8 strings cannot fail; the strings are made valid below.
	_ = enc.Encode(doc)
	_ = enc.Close()
	return buf.Bytes()
}

func key(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}

func addScalar(m *yaml.Node, k, v string) {
	n := key(clean(v))
	if strings.Contains(n.Value, "\n") {
		n.Style = yaml.LiteralStyle
	}
	m.Content = append(m.Content, key(k), n)
}

func addList(m *yaml.Node, k string, vs []string) {
	seq := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, v := range vs {
		seq.Content = append(seq.Content, key(clean(v)))
	}
	m.Content = append(m.Content, key(k), seq)
}

// clean makes s valid UTF-8 with "\n" line ends, as Parse would read it.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}
