package knowledge

import "testing"

func TestParseLang(t *testing.T) {
	tests := []struct {
		in   string
		want Lang
		ok   bool
	}{
		{"zh", ZH, true}, {"zh-CN", ZH, true}, {"ZH_tw", ZH, true}, {"中文", ZH, true}, {"Chinese", ZH, true},
		{"en", EN, true}, {"en-US", EN, true}, {"English", EN, true}, {"英文", EN, true},
		{"", "", false}, {"fr", "", false}, {"z", "", false}, {"日本語", "", false},
	}
	for _, tt := range tests {
		got, ok := ParseLang(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseLang(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestEntryInFallsBack(t *testing.T) {
	e := &Entry{Texts: map[Lang]*Text{ZH: {Title: "风险"}}}
	if text, lang := e.In(ZH); lang != ZH || text.Title != "风险" {
		t.Errorf("In(zh) = %q, %s", text.Title, lang)
	}
	if text, lang := e.In(EN); lang != ZH || text.Title != "风险" {
		t.Errorf("In(en) of a zh-only entry = %q, %s; want the zh text", text.Title, lang)
	}
	if text, lang := (&Entry{}).In(EN); lang != EN || text == nil {
		t.Errorf("In(en) of an empty entry = %v, %s; want an empty text", text, lang)
	}
}
