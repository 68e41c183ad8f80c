package console

import (
	"regexp"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge/search"
)

// TestTheShippedBaseInTheConsole holds the conversations a new user has on a fresh checkout.
func TestTheShippedBaseInTheConsole(t *testing.T) {
	b, err := knowledge.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	bot := core.New(core.Options{Base: b, Search: search.New(b)})
	entry := regexp.MustCompile(`(?i)technical risk|技术风险|天使轮|angel`)
	tests := []struct {
		line string
		want *regexp.Regexp // nil: no entry may show
	}{
		{"/bigmodel risks", regexp.MustCompile(`(?i)technical risk`)},
		{"/bigmodel 融资", regexp.MustCompile(`天使轮`)},
		{"how should we handle data privacy and copyright?", regexp.MustCompile(`(?i)intellectual property|fairness`)},
		{"/bigmodel what is the weather in Paris tomorrow", nil},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			for _, format := range []string{FormatText, FormatJSONL} {
				out := converse(t, bot, format, tt.line)
				if tt.want != nil && !tt.want.MatchString(out) {
					t.Errorf("%s output lacks %s:\n%s", format, tt.want, out)
				}
				if tt.want == nil && entry.MatchString(out) {
					t.Errorf("%s: an off-topic question got an entry:\n%s", format, out)
				}
			}
		})
	}
}
