package knowledge

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// shippedSlugs are the stable topic slugs of DESIGN.md, in seed order.
var shippedSlugs = []string{
	"overview", "training", "pros-cons", "opportunities", "success-factors", "future",
	"legal-ethics", "business-models", "risks", "outlook", "key-success-factors", "case-study",
	"policy", "market-demand", "competitiveness", "funding", "marketing", "risk-management",
	"culture", "sustainability",
}

// TestEmbeddedIsFaithfulToSeed re-imports the seed and holds the shipped zh text to it.
func TestEmbeddedIsFaithfulToSeed(t *testing.T) {
	seed := importSeed(t)
	base, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if len(base.Entries) != len(shippedSlugs) || len(seed) != len(shippedSlugs) {
		t.Fatalf("embedded base has %d entries, seed %d, want %d", len(base.Entries), len(seed), len(shippedSlugs))
	}
	for i, slug := range shippedSlugs {
		e := base.Entries[i]
		if e.Slug != slug {
			t.Errorf("entry %d is %q, want %q (seed order)", i+1, e.Slug, slug)
			continue
		}
		got, want := e.Texts[ZH], seed[i].Texts[ZH]
		if got == nil {
			t.Errorf("%s: no zh text", slug)
			continue
		}
		for _, f := range []struct{ name, got, want string }{
			{"title", got.Title, want.Title},
			{"question", got.Question, want.Question},
			{"answer", got.Answer, want.Answer},
			{"explanation", got.Explanation, want.Explanation},
		} {
			if f.got != f.want {
				t.Errorf("%s: zh %s differs from the seed:\n got %q\nwant %q", slug, f.name, f.got, f.want)
			}
		}
		if gp, wp := got.Points(), want.Points(); !reflect.DeepEqual(gp, wp) {
			t.Errorf("%s: zh points differ from the seed:\n got %q\nwant %q", slug, gp, wp)
		}
	}
}

// TestEmbeddedEnglishIsComplete holds every shipped entry to a whole English version.
func TestEmbeddedEnglishIsComplete(t *testing.T) {
	base, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range base.Entries {
		en, zh := e.Texts[EN], e.Texts[ZH]
		if en == nil || zh == nil {
			t.Errorf("%s: languages %v, want zh and en", e.Slug, e.Texts)
			continue
		}
		for _, f := range []struct{ name, text string }{
			{"title", en.Title}, {"question", en.Question}, {"answer", en.Answer}, {"explanation", en.Explanation},
			{"aliases", strings.Join(en.Aliases, " ")}, {"keywords", strings.Join(en.Keywords, " ")},
		} {
			if strings.TrimSpace(f.text) == "" && f.name != "keywords" {
				t.Errorf("%s: en %s is empty", e.Slug, f.name)
			}
			if r, ok := firstCJK(f.text); ok {
				t.Errorf("%s: en %s holds Chinese (%q)", e.Slug, f.name, r)
			}
		}
		ep, zp := en.Points(), zh.Points()
		if len(ep) != len(zp) {
			t.Errorf("%s: en answer has %d points, zh %d", e.Slug, len(ep), len(zp))
			continue
		}
		for i := range zp {
			if (zp[i].Label == "") != (ep[i].Label == "") || ep[i].Body == "" && zp[i].Body != "" {
				t.Errorf("%s: en point %d is %+v, zh %+v", e.Slug, i+1, ep[i], zp[i])
			}
		}
	}
}

func firstCJK(s string) (rune, bool) {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF) {
			return r, true
		}
	}
	return 0, false
}

// seedChunks returns, per seed entry, every content line after its heading without its
// label, the way the acceptance check reads the seed.
func seedChunks(doc string) [][]string {
	parts := regexp.MustCompile(`(?m)^\s*####\s*\d+\.\s*`).Split(doc, -1)[1:]
	label := regexp.MustCompile(`\*\*(题目|答案|解析)：\*\*`)
	out := make([][]string, len(parts))
	for i, p := range parts {
		lines := strings.Split(p, "\n")
		for _, l := range lines[1:] {
			l = strings.TrimSpace(label.ReplaceAllString(l, ""))
			if l != "" && !strings.HasPrefix(l, "#") {
				out[i] = append(out[i], l)
			}
		}
	}
	return out
}

var markerRe = regexp.MustCompile(`(?m)^\s*(?:[-*+]|\d+\.)\s+`)

// flatten drops emphasis, list markers and whitespace, so only the words are compared.
func flatten(s string) string {
	s = strings.NewReplacer("**", "", "__", "").Replace(s)
	s = markerRe.ReplaceAllString(s, "")
	return strings.Join(strings.Fields(s), "")
}
