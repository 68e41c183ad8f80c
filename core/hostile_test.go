package core

import (
	"context"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge/search"
)

func hostileInputs() []string {
	rnd := rand.New(rand.NewPCG(7, 7))
	junk := make([]byte, 5000)
	for i := range junk {
		junk[i] = byte(rnd.IntN(256))
	}
	return []string{
		"", "   ", "🙂🙂🙂", "？？？!!!", strings.Repeat("a", 100_000), strings.Repeat("风险", 30_000),
		string(junk), "\xff\xfe\xc3\x28 risks \xe2\x82", "\x00\x01\x02 risks \x7f", "<!channel> risks",
		"@everyone 融资", "<@U123|bob> <#C1|general> risks", "\u202eskisr", "risks\u200b", "share", "lang",
		"answer", "quiz subscribe", "回答", "**bold** # title", strings.Repeat("<", 5000), strings.Repeat("<!", 3000),
	}
}

func TestHostileInputNeverPanicsAndGetsAReply(t *testing.T) {
	for i, in := range hostileInputs() {
		for _, kind := range []Kind{KindCommand, KindMention, KindMessage, KindAction} {
			r := newRig(t)
			req := Request{Platform: "test", User: "U1", Kind: kind, Text: in, ActionID: in, ActionValue: in, Locale: in}
			rep, err := r.bot.Handle(context.Background(), req)
			if err != nil {
				t.Errorf("input %d (%s): %v", i, kind, err)
			}
			if rep.Empty() {
				t.Errorf("input %d (%s): empty reply", i, kind)
			}
			for _, s := range []string{rep.Title, rep.Body, rep.Footer} {
				if !utf8.ValidString(s) {
					t.Errorf("input %d (%s): invalid UTF-8 in reply", i, kind)
				}
				if strings.Contains(s, "<!channel>") || strings.Contains(s, "@everyone") {
					t.Errorf("input %d (%s): reply carries a broadcast mention: %q", i, kind, s)
				}
			}
			if len(rep.Text()) > 8000 {
				t.Errorf("input %d (%s): reply is %d bytes", i, kind, len(rep.Text()))
			}
		}
	}
}

func TestMentionInjectionStillFindsTheTopic(t *testing.T) {
	r := newRig(t)
	for in, slug := range map[string]string{"<!channel> risks": "risks", "@everyone 融资": "funding", "<@U99> risks <!here>": "risks"} {
		if rep := r.say(t, KindMention, in); rep.Facts()["slug"] != slug {
			t.Errorf("%q answered %q, want %q", in, rep.Facts()["slug"], slug)
		}
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  risks  ", "risks"},
		{"a\x00b\tc\nd", "a b c d"},
		{"\xff\xfe risks", "risks"},
		{"<!channel> risks", "risks"},
		{"<!subteam^S1|team> hi", "hi"},
		{"<@123456789> <@&42> <#99> 融资", "融资"},
		{"@everyone @here @channel risks", "risks"},
		{"＠everyone 融资", "融资"},
		{"email me@here.com", "email me@here.com"},
		{"a < b > c", "a < b > c"},
		{"<https://example.com|x>", "<https://example.com|x>"},
		{"ri\u200bsks\u202e", "risks"},
	}
	for _, tt := range tests {
		if got := clean(tt.in); got != tt.want {
			t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := clean(strings.Repeat("风", 100_000)); len(got) > maxInput || !utf8.ValidString(got) {
		t.Errorf("clean of 300 KB gave %d bytes, valid=%v", len(got), utf8.ValidString(got))
	}
}

func TestShorten(t *testing.T) {
	if got := shorten(strings.Repeat("长", 300)); utf8.RuneCountInString(got) != maxEcho+1 || !strings.HasSuffix(got, "…") {
		t.Errorf("shorten gave %d runes", utf8.RuneCountInString(got))
	}
	if got := shorten("short"); got != "short" {
		t.Errorf("shorten(short) = %q", got)
	}
}

func TestEveryMessageExistsInBothLanguages(t *testing.T) {
	verbs := regexp.MustCompile(`%[a-z]`)
	// Strings that are the same in both languages on purpose.
	noHan := map[msg]bool{msgBtnEnglish: true, msgAnswerFooter: true, msgDidYouMeanPrefix: true}
	for id, texts := range catalogue {
		for _, l := range []knowledge.Lang{knowledge.EN, knowledge.ZH} {
			if strings.TrimSpace(texts[l]) == "" {
				t.Errorf("%s has no %s text", id, l)
			}
		}
		if en, zh := verbs.FindAllString(texts[knowledge.EN], -1), verbs.FindAllString(texts[knowledge.ZH], -1); fmt.Sprint(en) != fmt.Sprint(zh) {
			t.Errorf("%s: en takes %v, zh takes %v", id, en, zh)
		}
		if l := knowledge.ZH; !noHan[id] && !regexp.MustCompile(`\p{Han}`).MatchString(texts[l]) {
			t.Errorf("%s: zh text has no Chinese: %q", id, texts[l])
		}
	}
}

func FuzzHandle(f *testing.F) {
	for _, in := range hostileInputs()[:12] {
		f.Add(in, uint8(0))
	}
	f.Add("topic:risks", uint8(3))
	f.Add("lang:zh:risks", uint8(3))
	r := newRig(f)
	f.Fuzz(func(t *testing.T, in string, kind uint8) {
		req := Request{Platform: "fuzz", User: "U", Kind: Kind(kind % 4), Text: in, ActionID: in}
		rep, err := r.bot.Handle(context.Background(), req)
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		if !utf8.ValidString(rep.Text()) {
			t.Fatalf("%q: invalid UTF-8 out", in)
		}
	})
}

func BenchmarkHandleHostile(b *testing.B) {
	r := newRig(b)
	in := strings.Repeat("风险 risks ", 10_000)
	req := Request{Platform: "bench", User: "U", Kind: KindMessage, Text: in}
	b.ReportAllocs()
	for b.Loop() {
		r.bot.Handle(context.Background(), req)
	}
}

// panickySearch is a search index with a bug.
type panickySearch struct{}

func (panickySearch) Search(string) search.Result { panic("index out of range") }

// A bug costs one reply, not the process: Handle turns a panic into an error and an apology in
// the user's language, and the next request is answered as usual. Core is the one place that
// recovers a handler's panic; the adapters rely on it.
func TestAPanicCostsOneReply(t *testing.T) {
	b := New(Options{Base: testBase(), Search: panickySearch{}})
	for _, tc := range []struct {
		text string
		lang knowledge.Lang
	}{{"what are the risks?", knowledge.EN}, {"风险是什么？", knowledge.ZH}} {
		r, err := b.Handle(context.Background(), Request{Platform: "test", Channel: "C1", User: "U1", Kind: KindCommand, Text: tc.text})
		if err == nil || !strings.Contains(err.Error(), "panic") {
			t.Errorf("%q: err %v; want the panic as an error", tc.text, err)
		}
		if r.Empty() || r.Visibility != Ephemeral {
			t.Errorf("%q: reply %+v; want an apology to the user alone", tc.text, r)
		}
	}
	if r, err := b.Handle(context.Background(), Request{Platform: "test", Channel: "C1", User: "U1", Kind: KindCommand, Text: "help"}); err != nil || r.Empty() {
		t.Errorf("after a panic, help = %+v, %v", r, err)
	}
}
