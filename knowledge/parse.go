package knowledge

import (
	"bytes"
	"errors"
	"io"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/bigmodel-bot/bigmodel-bot/internal/yamlerr"
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
	ps, _ := parseFile(file, data, &errs)
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

// parseFile reads one file's entries and its "about" (nil when it has none).
func parseFile(file string, data []byte, errs *errList) ([]*parsed, map[Lang]aboutText) {
	at := func(line int) Pos { return Pos{File: file, Line: line} }
	if len(data) > maxFileSize {
		errs.add(at(1), "file is larger than %d bytes", maxFileSize)
		return nil, nil
	}
	if line, ok := firstBadByte(data); !ok {
		errs.add(at(line), "invalid UTF-8 or control character; knowledge files are UTF-8 text")
		return nil, nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil // an empty file holds no entries; Load decides whether that is fine
		}
		pos, msg := yamlErrPos(file, data, err)
		errs.add(pos, "%s", msg)
		return nil, nil
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case err == nil:
		errs.add(at(extra.Line), "a knowledge file holds one YAML document; remove the second \"---\"")
	case !errors.Is(err, io.EOF):
		pos, msg := yamlErrPos(file, data, err)
		errs.add(pos, "%s", msg)
	}
	p := &fileParser{file: file, errs: errs}
	ps := p.root(&doc)
	return ps, p.about
}

// yamlErrPos places a yaml.v3 syntax error; one that names no line is put on the first.
func yamlErrPos(file string, data []byte, err error) (Pos, string) {
	if line, ok := yamlerr.Tab(data, err); ok {
		return Pos{File: file, Line: line}, yamlerr.TabMessage
	}
	line, msg := yamlerr.Locate(err)
	return Pos{File: file, Line: max(line, 1)}, "YAML syntax: " + msg
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
