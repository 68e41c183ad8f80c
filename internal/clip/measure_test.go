package clip

import (
	"reflect"
	"strings"
	"testing"
)

func TestMeasureLen(t *testing.T) {
	for _, tc := range []struct {
		s          string
		runes, u16 int
	}{
		{"", 0, 0},
		{"abc", 3, 3},
		{"融资", 2, 2},
		{"ok 🚀", 4, 5},
	} {
		if got := (Measure{}).Len(tc.s); got != tc.runes {
			t.Errorf("runes Len(%q) = %d, want %d", tc.s, got, tc.runes)
		}
		if got := (Measure{UTF16: true}).Len(tc.s); got != tc.u16 {
			t.Errorf("UTF-16 Len(%q) = %d, want %d", tc.s, got, tc.u16)
		}
	}
}

func TestMeasureSplit(t *testing.T) {
	noTrailingX := func(head string, i int) int {
		for i > 0 && head[i-1] == 'x' {
			i--
		}
		return i
	}
	for _, tc := range []struct {
		name string
		m    Measure
		s    string
		max  int
		want []string
	}{
		{"fits", Measure{}, "short text", 20, []string{"short text"}},
		{"blank", Measure{}, " \n\n ", 5, nil},
		{"paragraph first", Measure{}, "aaaa bbbb\n\ncccc dd", 14, []string{"aaaa bbbb", "cccc dd"}},
		{"line before word", Measure{}, "aaaa bbbb\ncc dd", 12, []string{"aaaa bbbb", "cc dd"}},
		{"word", Measure{}, "aaaa bbbb cccc", 11, []string{"aaaa bbbb", "cccc"}},
		{"indent kept after newline", Measure{}, "aaaa bbbb\n  - cc", 12, []string{"aaaa bbbb", "  - cc"}},
		{"no boundary: hard cut", Measure{}, "abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"early boundary ignored", Measure{}, "a bcdefghij", 6, []string{"a bcde", "fghij"}},
		{"emoji count twice", Measure{UTF16: true}, "🚀🚀🚀", 4, []string{"🚀🚀", "🚀"}},
		{"one character wider than max", Measure{UTF16: true}, "🚀a", 1, []string{"🚀", "a"}},
		{"safe moves the cut", Measure{Safe: noTrailingX}, "abcxxdef", 5, []string{"abc", "xxdef"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.m.Split(tc.s, tc.max)
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("Split(%q, %d) = %q, want %q", tc.s, tc.max, got, tc.want)
			}
		})
	}
}

// Whatever the text, no piece is over the limit and no non-space character is lost.
func TestMeasureSplitKeepsEverythingWithinMax(t *testing.T) {
	text := strings.Repeat("融资 risks 🚀🚀 and a longer_word_without_spaces\n\n  - item\n", 40)
	for _, m := range []Measure{{}, {UTF16: true}} {
		for _, max := range []int{1, 2, 7, 50, 333} {
			pieces := m.Split(text, max)
			for _, p := range pieces {
				if m.Len(p) > max && m.Len(p) > 2 {
					t.Fatalf("UTF16=%v max %d: piece %q is %d long", m.UTF16, max, p, m.Len(p))
				}
			}
			squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
			if got, want := squash(strings.Join(pieces, "")), squash(text); got != want {
				t.Fatalf("UTF16=%v max %d lost text", m.UTF16, max)
			}
		}
	}
}

func TestMeasureTruncate(t *testing.T) {
	for _, tc := range []struct {
		name string
		m    Measure
		s    string
		max  int
		want string
	}{
		{"fits", Measure{}, "hello", 5, "hello"},
		{"hard cut", Measure{}, "abcdefgh", 5, "abcd…"},
		{"word boundary near end", Measure{}, "the quick brown fox jumps", 24, "the quick brown fox…"},
		{"word boundary too early", Measure{}, "a bcdefghijkl", 6, "a bcd…"},
		{"cjk", Measure{}, "大模型创业的风险", 4, "大模型…"},
		{"emoji count twice", Measure{UTF16: true}, "🚀🚀🚀", 5, "🚀🚀…"},
		{"max one", Measure{}, "abc", 1, "…"},
		{"max zero", Measure{}, "abc", 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.m.Truncate(tc.s, tc.max)
			if got != tc.want {
				t.Fatalf("Truncate(%q, %d) = %q, want %q", tc.s, tc.max, got, tc.want)
			}
			if tc.m.Len(got) > tc.max {
				t.Fatalf("Truncate(%q, %d) is %d long", tc.s, tc.max, tc.m.Len(got))
			}
		})
	}
}
