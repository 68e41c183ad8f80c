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
