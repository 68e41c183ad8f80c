package clip

import (
	"testing"
	"unicode/utf8"
)

func TestRunes(t *testing.T) {
	for _, tc := range []struct {
		s    string
		n    int
		want string
	}{
		{"risks", 10, "risks"},
		{"risks", 5, "risks"},
		{"risks!", 5, "risk…"},
		{"大模型创业的风险", 4, "大模型…"},
		{"大模型", 3, "大模型"},
		{"abc", 1, "…"},
		{"abc", 0, ""},
		{"", 3, ""},
		{"a\xffbcdef", 3, "a\xff…"},
	} {
		got := Runes(tc.s, tc.n)
		if got != tc.want {
			t.Errorf("Runes(%q, %d) = %q; want %q", tc.s, tc.n, got, tc.want)
		}
		if tc.n > 0 && utf8.RuneCountInString(got) > tc.n {
			t.Errorf("Runes(%q, %d) = %q: longer than %d runes", tc.s, tc.n, got, tc.n)
		}
	}
}
