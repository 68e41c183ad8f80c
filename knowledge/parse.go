package knowledge

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// maxFileSize bounds one knowledge file; the shipped base is a few dozen kilobytes.
const maxFileSize = 8 << 20

// maxSlugBytes keeps button ids such as "lang:zh:<slug>" within the 90 bytes core allows.
const maxSlugBytes = 64

// parsed is an entry with the positions that validation across files reports.
type parsed struct {
	e       *Entry
	related []Pos // where each of e.Related is written
}

// Parse reads one knowledge file. Every problem is reported, as Errors of "file:line: message";
// checks that need the whole base (related slugs, languages) are Load's.
func Parse(file string, data []byte) ([]*Entry, error) {
	var errs errList
	ps := parseFile(file, data, &errs)
	checkDuplicates(ps, &errs)
	if err := errs.err(); err != nil {
		return nil, err
	}
	out := make([]*Entry, len(ps))
	for i, p := range ps {
		out[i] = p.e
	}
	return out, nil
}

var yamlLineErr = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// isParserProblem tells yaml.v3's parser messages, whose line it prints 0-based, from its
// scanner's, whose line is 1-based.
func isParserProblem(msg string) bool {
	switch msg {
	case "did not find expected <stream-start>",
		"did not find expected <document start>",
		"found undefined tag handle",
		"did not find expected node content",
		"did not find expected '-' indicator",
		"did not find expected key",
		"did not find expected ',' or ']'",
		"did not find expected ',' or '}'",
		"found duplicate %YAML directive",
		"found incompatible YAML document",
		"found duplicate %TAG directive":
		return true
	}
	return false
}

func parseFile(file string, data []byte, errs *errList) []*parsed {
	at := func(line int) Pos { return Pos{File: file, Line: line} }
	if len(data) > maxFileSize {
		errs.add(at(1), "file is larger than %d bytes", maxFileSize)
		return nil
	}
	if line, ok := firstBadByte(data); !ok {
		errs.add(at(line), "invalid UTF-8 or control character; knowledge files are UTF-8 text")
		return nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil // an empty file holds no entries; Load decides whether that is fine
		}
		pos, msg := yamlErrPos(file, err)
		errs.add(pos, "%s", msg)
		return nil
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case err == nil:
		errs.add(at(extra.Line), "a knowledge file holds one YAML document; remove the second \"---\"")
	case !errors.Is(err, io.EOF):
		pos, msg := yamlErrPos(file, err)
		errs.add(pos, "%s", msg)
	}
	p := &fileParser{file: file, errs: errs}
	return p.root(&doc)
}

// yamlErrPos turns yaml.v3's "yaml: line N: msg" into a position and a message.
func yamlErrPos(file string, err error) (Pos, string) {
	msg := err.Error()
	if m := yamlLineErr.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		if isParserProblem(m[2]) {
			n++
		}
		return Pos{File: file, Line: n}, "YAML syntax: " + m[2]
	}
	return Pos{File: file, Line: 1}, "YAML syntax: " + strings.TrimPrefix(msg, "yaml: ")
}

// firstBadByte reports the line of the first byte that is not valid UTF-8 or is a control
// character YAML forbids; yaml.v3's own message for these names no line.
func firstBadByte(data []byte) (int, bool) {
	line := 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return line, false
		case r == '\n':
			line++
		case r == '\t', r == '\r', r == '\uFEFF':
		case r < 0x20, r == 0x7f, 0x80 <= r && r < 0xa0, r == 0xFFFE, r == 0xFFFF:
			return line, false
		}
		i += size
	}
	return line, true
}

// fileParser walks one file's YAML nodes into entries, recording problems as it goes.
type fileParser struct {
	file string
	errs *errList
}

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
	p.mapping(root, []string{"entries"}, func(key string, k, v *yaml.Node) {
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
	lists := map[string]*[]string{"aliases": &t.Aliases, "keywords": &t.Keywords}
	reported := map[string]bool{} // fields whose value was already reported as malformed
	p.mapping(n, []string{"title", "question", "answer", "explanation", "aliases", "keywords"}, func(key string, k, v *yaml.Node) {
		name := string(lang) + "." + key
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
	if t.Title == "" && !reported["title"] {
		p.errs.add(p.at(n), "%s.title is empty", lang)
	}
	if t.Answer == "" && !reported["answer"] {
		p.errs.add(p.at(n), "%s.answer is empty", lang)
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
		if !contains(known, k.Value) {
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

// slugProblem explains what is wrong with a slug, or returns "".
func slugProblem(s string) string {
	if s == "" {
		return "slug is empty"
	}
	if len(s) > maxSlugBytes {
		return "slug " + strconv.Quote(clip(s, 20)) + " is longer than " + strconv.Itoa(maxSlugBytes) + " bytes"
	}
	for i, r := range s {
		if unicode.IsUpper(r) {
			return "slug " + strconv.Quote(s) + " has capitals; slugs are lowercase"
		}
		if unicode.IsMark(r) && i > 0 {
			continue // combining accents and vowel signs belong to the letter before them
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '_' && r != '.' {
			return "slug " + strconv.Quote(s) + " may hold only letters, digits and \"-\""
		}
	}
	return ""
}

func unknownKey(key string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if d := editDistance(strings.ToLower(key), k); d < bestD && d < utf8.RuneCountInString(key) {
			best, bestD = k, d
		}
	}
	msg := "unknown key " + strconv.Quote(clip(key, 30))
	if best != "" {
		return msg + "; did you mean " + strconv.Quote(best) + "?"
	}
	return msg + " (want one of " + strings.Join(known, ", ") + ")"
}

// editDistance is the Levenshtein distance, for "did you mean" on short key names.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 40 || len(rb) > 40 {
		return 99
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// clip shortens s to n runes for error messages.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
