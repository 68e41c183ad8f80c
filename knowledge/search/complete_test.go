package search

import (
	"slices"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

func slugs(es []*knowledge.Entry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Slug)
	}
	return out
}

func TestComplete(t *testing.T) {
	ix := New(miniBase())
	tests := []struct {
		prefix string
		lang   knowledge.Lang
		limit  int
		want   []string
	}{
		{"ris", knowledge.EN, 5, []string{"risks", "risk-management"}},
		{"RIS", knowledge.EN, 5, []string{"risks", "risk-management"}},
		{"ｒｉｓ", knowledge.EN, 5, []string{"risks", "risk-management"}},
		{"ris", knowledge.EN, 1, []string{"risks"}},
		{"融", knowledge.ZH, 5, []string{"funding"}},
		{"风险", knowledge.ZH, 5, []string{"risks", "risk-management"}},
		{"管理", knowledge.ZH, 5, []string{"risk-management"}}, // inside a name comes after names that start with it
		{"money", knowledge.EN, 5, []string{"funding"}},      // inside the alias "raise money"
		{"", knowledge.EN, 2, []string{"overview", "funding"}},
		{"", knowledge.ZH, 0, []string{"overview", "funding", "risks", "risk-management", "sustainability"}},
		{"融", knowledge.EN, 5, nil},                              // a name in the other language is not offered
		{"sustain", knowledge.ZH, 5, []string{"sustainability"}}, // slugs work in every language
		{"zzz", knowledge.EN, 5, nil},
	}
	for _, tt := range tests {
		got := slugs(ix.Complete(tt.prefix, tt.lang, tt.limit))
		if !slices.Equal(got, tt.want) {
			t.Errorf("Complete(%q, %s, %d) = %v, want %v", tt.prefix, tt.lang, tt.limit, got, tt.want)
		}
	}
}

func TestCompleteOrder(t *testing.T) {
	ix := New(miniBase())
	// "sk" is inside "risks" and "risk-management": no name starts with it, both contain it.
	got := slugs(ix.Complete("sk", knowledge.EN, 5))
	if !slices.Equal(got, []string{"risks", "risk-management"}) {
		t.Errorf("Complete(sk) = %v", got)
	}
	// "r" starts "raise money", "risks" and "risk management", and is inside "overview".
	got = slugs(ix.Complete("r", knowledge.EN, 10))
	if len(got) < 4 || !slices.Equal(got[:4], []string{"funding", "risks", "risk-management", "overview"}) {
		t.Errorf("Complete(r) = %v, want names starting with r first, in base order", got)
	}
}

func TestCompleteOneLanguageEntry(t *testing.T) {
	zhOnly := &knowledge.Entry{Slug: "融资策略", Texts: map[knowledge.Lang]*knowledge.Text{
		knowledge.ZH: {Title: "大模型创业的融资策略", Answer: "融资", Aliases: []string{"融资"}},
	}}
	ix := New(knowledge.NewBase([]*knowledge.Entry{zhOnly}))
	// An entry without English is shown in Chinese, so its Chinese names complete for English users too.
	if got := slugs(ix.Complete("融", knowledge.EN, 5)); !slices.Equal(got, []string{"融资策略"}) {
		t.Errorf("Complete(融, en) on a Chinese-only base = %v", got)
	}
}

func TestCompleteShipped(t *testing.T) {
	ix := New(embedded(t))
	if got := slugs(ix.Complete("ris", knowledge.EN, 25)); len(got) < 2 || got[0] != "risks" || got[1] != "risk-management" {
		t.Errorf("Complete(ris) = %v, want risks, risk-management first", got)
	}
	if got := slugs(ix.Complete("融", knowledge.ZH, 25)); len(got) == 0 || got[0] != "funding" {
		t.Errorf("Complete(融) = %v, want funding first", got)
	}
	if got := ix.Complete("", knowledge.EN, 25); len(got) != 20 {
		t.Errorf("Complete(\"\") gave %d entries, want all 20", len(got))
	}
}
