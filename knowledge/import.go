package knowledge

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"
)

// field is the part of an entry a line of an imported document belongs to.
type field int

const (
	preamble field = iota // text after the heading, before any label
	question
	answer
	explanation
	nFields
)

var (
	headingRe = regexp.MustCompile(`^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$`)
	numberRe  = regexp.MustCompile(`^(?:\d+|[０-９]+)[ \t]*[.、．)）:：]\s*(.*)$`)
	// labelRe matches "**答案：**", "**答案**：", "**Answer:**", "**Answer**:" and the like.
	labelRe = regexp.MustCompile(`^[ \t]*\*\*[ \t]*(?i:(题目|问题|答案|回答|解析|解释|question|answer|explanation|analysis))[ \t]*([:：]?)[ \t]*\*\*[ \t]*([:：]?)[ \t]*(.*)$`)
	fenceRe = regexp.MustCompile("^[ \t]*(```|~~~)")
)

var labelField = map[string]field{
	"题目": question, "问题": question, "question": question,
	"答案": answer, "回答": answer, "answer": answer,
	"解析": explanation, "解释": explanation, "explanation": explanation, "analysis": explanation,
}

// draft is an entry while its lines are read.
type draft struct {
	heading string
	number  string
	line    int
	lines   [nFields][]string
	inline  [nFields]bool // the field's first line followed its label on the same line
	seen    [nFields]bool
	cur     field
}

// Import reads a document in the seed's Markdown Q&A format ("#### N. heading", then
// **题目：**/**答案：**/**解析：** or **Question:**/**Answer:**/**Explanation:**) into entries
// in the document's one language, with slugs made from the headings. Errors name name:line.
func Import(name string, r io.Reader) ([]*Entry, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	var errs errList
	if len(data) > maxFileSize {
		errs.add(Pos{File: name, Line: 1}, "document is larger than %d bytes", maxFileSize)
		return nil, errs.err()
	}
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:firstInvalid(data)], []byte("\n"))
		errs.add(Pos{File: name, Line: line}, "invalid UTF-8; documents must be UTF-8 text")
		return nil, errs.err()
	}
	lines := splitLines(string(data))
	drafts := scan(lines)
	lang := detectLang(lines)
	var entries []*Entry
	slugs := map[string]bool{}
	for i, d := range drafts {
		e, ok := d.entry(name, lang, &errs)
		if !ok {
			continue
		}
		e.Slug = uniqueSlug(makeSlug(e.Texts[lang].Title), i+1, d.number, slugs)
		entries = append(entries, e)
	}
	if len(drafts) == 0 {
		errs.add(Pos{File: name, Line: 1}, "no entries found: want headings such as \"#### 1. 什么是大模型？\"")
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	return entries, nil
}

// scan splits the document into entry drafts, one per entry heading.
func scan(lines []string) []*draft {
	var (
		out        []*draft
		cur        *draft
		inFence    bool
		entryLevel int // the heading level of entries, set by the first one
	)
	for i, l := range lines {
		if fenceRe.MatchString(l) {
			inFence = !inFence
		}
		if !inFence {
			if m := headingRe.FindStringSubmatch(l); m != nil && !fenceRe.MatchString(l) {
				level, text := len(m[1]), strings.TrimSpace(m[2])
				num := numberRe.FindStringSubmatch(text)
				switch {
				case level == entryLevel, entryLevel == 0 && (level == 4 || num != nil):
					entryLevel = level
					cur = &draft{heading: text, line: i + 1}
					if num != nil {
						cur.number, cur.heading = leadingDigits(text), strings.TrimSpace(num[1])
					}
					out = append(out, cur)
					continue
				case level < entryLevel, entryLevel == 0:
					cur = nil // a section heading such as "### 主题：…" ends the entry
					continue
				}
				// A heading below the entries' level is part of the entry's text.
			}
			if m := labelRe.FindStringSubmatch(l); m != nil && cur != nil && (m[2] != "" || m[3] != "" || m[4] == "") {
				f := labelField[strings.ToLower(m[1])]
				cur.cur = f
				if cur.seen[f] {
					cur.lines[f] = append(cur.lines[f], "")
				}
				cur.seen[f] = true
				if len(cur.lines[f]) == 0 && m[4] != "" {
					cur.inline[f] = true
				}
				if m[4] != "" {
					cur.lines[f] = append(cur.lines[f], m[4])
				}
				continue
			}
		}
		if cur != nil {
			cur.lines[cur.cur] = append(cur.lines[cur.cur], l)
		}
	}
	return out
}

func leadingDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case '0' <= r && r <= '9':
			b.WriteRune(r)
		case '０' <= r && r <= '９':
			b.WriteRune('0' + r - '０')
		default:
			return b.String()
		}
	}
	return b.String()
}

// entry turns a draft into an entry in lang, or reports why it cannot.
func (d *draft) entry(file string, lang Lang, errs *errList) (*Entry, bool) {
	pos := Pos{File: file, Line: d.line}
	var text [nFields]string
	for f := range nFields {
		text[f] = tidy(d.lines[f], d.inline[f])
	}
	// Text before any label is kept, never dropped: it is the answer when the entry has no
	// answer label, else it leads the question.
	switch {
	case text[preamble] == "":
	case text[answer] == "":
		text[answer] = text[preamble]
	default:
		text[question] = strings.TrimSpace(text[preamble] + "\n\n" + text[question])
	}
	title := titleOf(d.heading)
	if title == "" {
		errs.add(pos, "entry heading is empty")
		return nil, false
	}
	if text[answer] == "" {
		label := "**答案：**"
		if lang == EN {
			label = "**Answer:**"
		}
		errs.add(pos, "entry %q has no answer: want a %s line", clip(title, 30), label)
		return nil, false
	}
	t := &Text{Title: title, Question: text[question], Answer: text[answer], Explanation: text[explanation], Aliases: []string{title}}
	return &Entry{Texts: map[Lang]*Text{lang: t}, Source: pos}, true
}

// titleOf drops the question mark that ends the seed's headings and surrounding emphasis.
func titleOf(heading string) string {
	t := strings.TrimSpace(heading)
	for {
		u := strings.TrimSpace(strings.TrimRight(t, "？?"))
		if strings.HasPrefix(u, "**") && strings.HasSuffix(u, "**") && len(u) > 4 {
			u = strings.TrimSpace(u[2 : len(u)-2])
		}
		if u == t {
			return t
		}
		t = u
	}
}
