// Package yamlerr finds the line of a gopkg.in/yaml.v3 syntax error, which config and knowledge
// files both report as "file:line: message".
package yamlerr

import (
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
