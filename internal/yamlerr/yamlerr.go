// Package yamlerr finds the line of a gopkg.in/yaml.v3 syntax error, which config and knowledge
// files both report as "file:line: message".
package yamlerr

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
)

var lineErr = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// Locate splits a yaml.v3 syntax error into its 1-based line (0 when it names none) and its
// message without the "yaml: " prefix.
func Locate(err error) (line int, msg string) {
	s := err.Error()
	m := lineErr.FindStringSubmatch(s)
	if m == nil {
		return 0, strings.TrimPrefix(s, "yaml: ")
	}
	line, _ = strconv.Atoi(m[1]) // digits only: fails only past int, leaving 0
	if zeroBased(m[2]) {
		line++
	}
	return line, m[2]
}

// TabMessage is what a file indented with a tab is told, instead of yaml.v3's "found character
// that cannot start any token", which does not say what is wrong or how to fix it.
const TabMessage = "tabs are not allowed for indentation in YAML; use spaces"

// Tab reports the line of a tab in leading whitespace that caused err, the syntax error yaml.v3
// returned for data; ok is false when err is about something else. Only the error's own line and
// the next are looked at: yaml.v3 places some tab errors on the line before the tab, and a tab
// elsewhere (say inside a block scalar) may be fine.
func Tab(data []byte, err error) (line int, ok bool) {
	if err == nil {
		return 0, false
	}
	at, msg := Locate(err)
	if !strings.Contains(msg, "tab character") && msg != "found character that cannot start any token" {
		return 0, false
	}
	at = max(at, 1) // yaml.v3 names no line for an error on the first
	lines := bytes.SplitN(data, []byte("\n"), at+2)
	for n := at; n <= at+1 && n <= len(lines); n++ {
		if tabIndented(lines[n-1]) {
			return n, true
		}
	}
	return 0, false
}

// tabIndented reports whether the whitespace that starts line holds a tab.
func tabIndented(line []byte) bool {
	for _, b := range line {
		switch b {
		case '\t':
			return true
		case ' ':
		default:
			return false
		}
	}
	return false
}

// zeroBased tells yaml.v3's parser messages, which print a 0-based line, from its scanner's,
// which print a 1-based one.
func zeroBased(msg string) bool {
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
