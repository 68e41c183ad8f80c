package yamlerr

import (
	"errors"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestLocate(t *testing.T) {
	cases := []struct {
		name, doc string
		line      int
	}{
		{"scanner: tab indentation", "a: 1\nb:\n\t- x\n", 3},
		{"parser: unclosed flow list", "a: 1\nb: [x, y\nc: 2\n", 2},
		{"parser: block then flow", "a:\n  b: 1\n c: 2\n", 3},
		{"scanner: unclosed quote", "a: 1\nb: \"x\n", 2},
	}
	for _, c := range cases {
		var n yaml.Node
		err := yaml.Unmarshal([]byte(c.doc), &n)
		if err == nil {
			t.Fatalf("%s: no error", c.name)
		}
		line, msg := Locate(err)
		if line != c.line || msg == "" || msg[:5] == "yaml:" {
			t.Errorf("%s: Locate(%q) = %d, %q; want line %d and the bare message", c.name, err, line, msg, c.line)
		}
	}
	if line, msg := Locate(errors.New("yaml: control characters are not allowed")); line != 0 || msg != "control characters are not allowed" {
		t.Errorf("an error without a line: %d, %q", line, msg)
	}
}

func TestTab(t *testing.T) {
	cases := []struct {
		name, doc string
		line      int // 0: not a tab problem
	}{
		{"tab before a list item", "a: 1\nb:\n\t- x\n", 3},
		{"tab before a key", "quiz:\n\ttimezone: UTC\n", 2},
		{"tab on the first line", "\ta: 1\n", 1},
		{"tab after spaces", "a:\n  b: 1\n \tc: 2\n", 3},
		{"tab under a list item", "entries:\n  - slug: x\n\t  zh: 1\n", 3},
		{"tab inside a block scalar's indentation", "a: |\n  x\n\ty\n", 3},
		{"tab-only line", "a: 1\n\t\n", 2},
		{"unclosed list, no tab", "a: 1\nb: [x, y\nc: 2\n", 0},
		{"unclosed list, tab further down", "a: [x\nb: 1\nc: 2\nd:\n\te: 3\n", 0},
		{"stray character, no tab", "a: 1\n@b: 2\n", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var n yaml.Node
			err := yaml.Unmarshal([]byte(c.doc), &n)
			if err == nil {
				t.Fatal("yaml accepted the document")
			}
			line, ok := Tab([]byte(c.doc), err)
			if ok != (c.line > 0) || line != c.line {
				t.Errorf("Tab(%q) = %d, %v; want line %d (error was %v)", c.doc, line, ok, c.line, err)
			}
		})
	}
	if _, ok := Tab([]byte("\ta: 1\n"), nil); ok {
		t.Error("no error is no tab problem")
	}
}
