package search

import (
	"strings"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// miniBase is a small hand-made base, so the rules below do not depend on the shipped content.
func miniBase() *knowledge.Base {
	entry := func(slug string, zh, en knowledge.Text) *knowledge.Entry {
		return &knowledge.Entry{Slug: slug, Texts: map[knowledge.Lang]*knowledge.Text{knowledge.ZH: &zh, knowledge.EN: &en}}
	}
	return knowledge.NewBase([]*knowledge.Entry{
		entry("overview",
			knowledge.Text{Title: "什么是大模型", Question: "请简述大模型的概念。", Answer: "大模型是指具有数亿参数的深度学习模型。", Aliases: []string{"大模型", "概述"}},
			knowledge.Text{Title: "What is a large model", Question: "What is a large model?", Answer: "A large model is a deep learning model with billions of parameters, built by a startup or not.", Aliases: []string{"overview", "LLM", "large model"}}),
		entry("funding",
			knowledge.Text{Title: "大模型创业的融资策略", Question: "请为大模型创业企业制定一份融资策略。", Answer: "1. **天使轮融资：** 在项目初期，通过天使投资人获得资金。", Aliases: []string{"融资", "天使轮"}, Keywords: []string{"投资人"}},
			knowledge.Text{Title: "Funding strategy for LLM startups", Question: "Draft a funding strategy for an LLM startup.", Answer: "1. **Angel round:** early money from angel investors.", Aliases: []string{"funding", "raise money", "venture capital"}, Keywords: []string{"investors"}}),
		entry("risks",
			knowledge.Text{Title: "大模型创业的风险与挑战", Question: "请分析大模型创业可能面临的风险与挑战。", Answer: "1. **技术风险：** 模型选择。\n2. **监管风险：** 法律法规的约束。", Aliases: []string{"风险", "挑战"}},
			knowledge.Text{Title: "Risks and challenges of LLM startups", Question: "What risks does an LLM startup face?", Answer: "1. **Technical risk:** model choice.\n2. **Regulatory risk:** laws constrain startups.", Aliases: []string{"risks", "dangers"}}),
		entry("risk-management",
			knowledge.Text{Title: "大模型创业的风险管理", Question: "请为大模型创业企业制定一份风险管理策略。", Answer: "1. **风险评估：** 定期评估。\n2. **风险控制：** 降低风险。", Aliases: []string{"风险管理", "风控"}},
			knowledge.Text{Title: "Risk management for LLM startups", Question: "Draft a risk management strategy for an LLM startup.", Answer: "1. **Risk assessment:** assess regularly.\n2. **Risk control:** reduce the risk.", Aliases: []string{"risk management", "mitigate risks"}}),
		entry("sustainability",
			knowledge.Text{Title: "大模型创业的可持续发展", Question: "请制定一份可持续发展策略。", Answer: "1. **社会责任：** 积极履行社会责任。", Aliases: []string{"可持续发展"}},
			knowledge.Text{Title: "Sustainable development of LLM startups", Question: "Draft a sustainability strategy for an LLM startup.", Answer: "1. **Social responsibility:** protect the environment.", Aliases: []string{"sustainability", "sustainable development"}}),
	})
}

func TestSearchTopics(t *testing.T) {
	ix := New(miniBase())
	tests := []struct {
		query, want string
	}{
		{"funding", "funding"},
		{"FUNDING", "funding"},
		{"ｆｕｎｄｉｎｇ", "funding"}, // full-width Latin
		{"fundng", "funding"},  // one edit in a 7-letter word
		{"sustainabilty", "sustainability"},
		{"sustainabiliyt", "sustainability"}, // a swap counts as one edit
		{"risk", "risks"},                    // singular of an alias
		{"risk-management", "risk-management"},
		{"risk management", "risk-management"},
		{"how do we mitigate risks?", "risk-management"},
		{"融资", "funding"},
		{"我们怎么融资", "funding"},
		{"风险管理", "risk-management"},
		{"大模型创业有哪些风险", "risks"},
		{"how do we raise money?", "funding"},
		{"what are the risks of 大模型 startups", "risks"},
		{"<!channel> risks", "risks"},
		{"@everyone 融资", "funding"},
		{"<@U123ABC> how do we raise money", "funding"},
		{"大模型", "overview"}, // an alias no other entry has, though every entry mentions it
		{"what is a large model", "overview"},
	}
	for _, tt := range tests {
		r := ix.Search(tt.query)
		if r.Best == nil || r.Best.Slug != tt.want {
			t.Errorf("Search(%q) = %v (%.2f), want %s", tt.query, slug(r.Best), r.Score, tt.want)
		}
		if r.Score < 0 || r.Score > 1 {
			t.Errorf("Search(%q).Score = %v, want 0..1", tt.query, r.Score)
		}
	}
}

func TestSearchRefuses(t *testing.T) {
	ix := New(miniBase())
	for _, q := range []string{
		"", "   ", "hi", "thanks", "lol", "🙂🙂🙂", "？？？!!!",
		"what's the weather in Paris tomorrow", "my pod is in CrashLoopBackOff",
		"how do I reset my password", "给我讲个笑话", "今天天气怎么样",
		"startup", "startups", "创业", "大模型创业",
		"fndng", // two edits in a short word make another word
		"<!channel>", "@everyone",
	} {
		if r := ix.Search(q); r.Best != nil {
			t.Errorf("Search(%q) answered %s (%.2f), want no answer", q, r.Best.Slug, r.Score)
		}
	}
}

func TestSearchAlternatives(t *testing.T) {
	ix := New(miniBase())
	for _, q := range []string{"strategy", "挑战 风险管理 融资", "risk", "funding risks"} {
		r := ix.Search(q)
		if len(r.Alternatives) > 3 {
			t.Errorf("Search(%q): %d alternatives, want at most 3", q, len(r.Alternatives))
		}
		seen := map[string]bool{}
		if r.Best != nil {
			seen[r.Best.Slug] = true
		}
		for i, a := range r.Alternatives {
			if seen[a.Entry.Slug] {
				t.Errorf("Search(%q): %s offered twice", q, a.Entry.Slug)
			}
			seen[a.Entry.Slug] = true
			if i > 0 && a.Score > r.Alternatives[i-1].Score+1e-9 {
				t.Errorf("Search(%q): alternatives not best first: %v", q, r.Alternatives)
			}
		}
	}
	// A query between two topics offers the other one.
	r := ix.Search("funding risks")
	if r.Best == nil && len(r.Alternatives) == 0 {
		t.Fatalf("Search(funding risks): neither an answer nor alternatives")
	}
	got := []string{slug(r.Best)}
	for _, a := range r.Alternatives {
		got = append(got, a.Entry.Slug)
	}
	if j := strings.Join(got, " "); !strings.Contains(j, "funding") || !strings.Contains(j, "risks") {
		t.Errorf("Search(funding risks) = %s, want funding and risks among answer and alternatives", j)
	}
}

func TestSearchLang(t *testing.T) {
	ix := New(miniBase())
	for q, want := range map[string]knowledge.Lang{
		"融资": knowledge.ZH, "how do we raise money": knowledge.EN, "LLM是什么": knowledge.ZH,
		"what are the risks of 大模型 startups": knowledge.EN, "🙂": "", "": "",
	} {
		if got := ix.Search(q).Lang; got != want {
			t.Errorf("Search(%q).Lang = %q, want %q", q, got, want)
		}
	}
}

func TestEmptyBase(t *testing.T) {
	for _, b := range []*knowledge.Base{nil, knowledge.NewBase(nil), {Entries: []*knowledge.Entry{nil}}} {
		ix := New(b)
		if r := ix.Search("funding"); r.Best != nil || len(r.Alternatives) > 0 {
			t.Errorf("empty base answered %v", r)
		}
		if got := ix.Complete("f", knowledge.EN, 5); len(got) != 0 {
			t.Errorf("empty base completed %v", got)
		}
	}
}

// TestHostileInput feeds what a chat platform may carry; the point is that Search returns,
// without a panic, and answers nothing it should not.
func TestHostileInput(t *testing.T) {
	ix := New(miniBase())
	inputs := []string{
		strings.Repeat("a", 100_000),
		strings.Repeat("风险", 30_000),
		strings.Repeat("risk ", 20_000),
		"\xff\xfe\xc3\x28 risks \xe2\x82",
		"\x00\x01\x02 risks \x7f",
		strings.Repeat("<", 5000) + "@everyone",
		strings.Repeat("<@", 3000),
		"\u202e\u200b risks \ufeff",
		strings.Repeat("ﷺ", 3000), // expands under NFKC
		strings.Repeat("🙂", 10_000),
	}
	for _, in := range inputs {
		r := ix.Search(in)
		if r.Score < 0 || r.Score > 1 || len(r.Alternatives) > 3 {
			t.Errorf("Search(%.20q...) = %+v", in, r)
		}
	}
	if r := ix.Search("\xff\xfe\xc3\x28 risks \xe2\x82"); slug(r.Best) != "risks" {
		t.Errorf("invalid UTF-8 around a topic word: got %s, want risks", slug(r.Best))
	}
}

// TestNormalize covers what the normaliser takes out and turns into what.
func TestNormalize(t *testing.T) {
	nz, err := newNormalizer()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ in, want string }{
		{"ＲＩＳＫＳ", "risks"},
		{"<!channel> risks", "  risks"},
		{"<@U123|bob> 融资", "  融资"},
		{"@Everyone @here hi", "    hi"},
		{"a\x00b\xffc", "a b c"},
		{"<b>bold</b>", "<b>bold</b>"},
		{"see <https://example.com/a|this> risks", "see   risks"},
		{"see https://example.com/a?b=c risks", "see   risks"},
		{"run `go test ./...` now", "run   now"},
		{"thanks 🙏🏽 :tada:", "thanks     "},
		{"融資 商業模式 大模型創業的風險", "融资 商业模式 大模型创业的风险"},
		{"<:blob:123> <a:wave:42> hi", "    hi"},
	}
	for _, tt := range tests {
		if got := nz.query(tt.in); got != tt.want {
			t.Errorf("query(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if n := len([]rune(nz.query(strings.Repeat("字", 10_000)))); n > maxQueryRunes {
		t.Errorf("query kept %d runes of a long text, want at most %d", n, maxQueryRunes)
	}
}

func TestDetectLang(t *testing.T) {
	tests := []struct {
		in   string
		want knowledge.Lang
		ok   bool
	}{
		{"我们怎么融资", knowledge.ZH, true},
		{"how do we raise money?", knowledge.EN, true},
		{"LLM是什么", knowledge.ZH, true},
		{"怎么train一个大模型", knowledge.ZH, true},
		{"what are the risks of 大模型 startups", knowledge.EN, true},
		{"ＲＩＳＫＳ", knowledge.EN, true},
		{"", "", false},
		{"12345 !!!", "", false},
		{"🙂🙂", "", false},
		{"<@U123> <!channel>", "", false},
	}
	for _, tt := range tests {
		got, ok := DetectLang(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("DetectLang(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestOSADistance(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"funding", "fundng", 2, 1},
		{"risks", "rsiks", 2, 1},
		{"marketing", "marketting", 2, 1},
		{"sustainability", "sustainabilty", 2, 1},
		{"abc", "xyz", 1, 2},
		{"culture", "culture", 1, 0},
		{"policy", "polcy", 1, 1},
		{"a", "abcdef", 2, 3},
	}
	for _, tt := range tests {
		if got := osaDistance(tt.a, tt.b, tt.limit); got != tt.want {
			t.Errorf("osaDistance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
	}
}

func slug(e *knowledge.Entry) string {
	if e == nil {
		return ""
	}
	return e.Slug
}

// TestConcurrentSearch runs the development set from several goroutines at once (run it with
// -race): every result must equal the one a lone caller gets.
func TestConcurrentSearch(t *testing.T) {
	ix := New(embedded(t))
	qs := readQueries(t, "../testdata/queries.tsv")
	want := make([]string, len(qs))
	for i, q := range qs {
		want[i] = slug(ix.Search(q.query).Best)
	}
	errs := make(chan string, 8*len(qs))
	done := make(chan struct{})
	for g := 0; g < 8; g++ {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := range qs {
				k := (i*7 + g) % len(qs)
				if got := slug(ix.Search(qs[k].query).Best); got != want[k] {
					errs <- qs[k].query + ": " + got + " != " + want[k]
				}
			}
		}()
	}
	for g := 0; g < 8; g++ {
		<-done
	}
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestSmallTalk: greetings, thanks, goodbyes and questions about the bot are small talk in
// both languages, with filler around them; a question with a greeting is not.
func TestSmallTalk(t *testing.T) {
	ix := New(miniBase())
	for q, want := range map[string]string{
		"hi": "greeting", "Hello there!": "greeting", "good morning everyone": "greeting", "hey team 👋": "greeting",
		"你好": "greeting", "大家好呀": "greeting", "thanks!": "thanks", "thank you so much": "thanks", "谢谢啦": "thanks",
		"bye": "bye", "再见": "bye", "who are you?": "identity", "你是谁": "identity",
		"what can you do": "abilities", "你能做什么？": "abilities",
		"hi, what are the risks?": "", "谢谢，融资怎么做": "", "risks": "", "": "", "early": "", "早期融资": "",
	} {
		r := ix.Search(q)
		if r.SmallTalk != want {
			t.Errorf("Search(%q).SmallTalk = %q, want %q", q, r.SmallTalk, want)
		}
		if want != "" && r.Best != nil {
			t.Errorf("Search(%q): small talk answered %s", q, r.Best.Slug)
		}
	}
	for _, q := range []string{"hi, what are the risks?", "hey team, funding strategy? thx!", "请问一下，融资策略呢？谢谢"} {
		if r := ix.Search(q); r.Best == nil {
			t.Errorf("Search(%q): the question in the small talk was not answered", q)
		}
	}
}

// TestChineseTypos: a word typed with the wrong character of the right (or a near) sound
// still finds its entry, the way pinyin input goes wrong.
func TestChineseTypos(t *testing.T) {
	ix := New(embedded(t))
	for q, want := range map[string]string{
		"风验": "risks", "融姿": "funding", "营消": "marketing", "建意": "policy", "案列": "case-study",
		"大模形": "overview", "风验管里": "risk-management", "融姿策略": "funding",
	} {
		if r := ix.Search(q); slug(r.Best) != want {
			t.Errorf("Search(%q) = %q (%.2f), want %s", q, slug(r.Best), r.Score, want)
		}
	}
	// A word the base has is never read as another that sounds like it.
	if r := ix.Search("风险"); slug(r.Best) != "risks" {
		t.Errorf("Search(风险) = %q", slug(r.Best))
	}
	reimburse := knowledge.NewBase([]*knowledge.Entry{
		{Slug: "expenses", Texts: map[knowledge.Lang]*knowledge.Text{knowledge.ZH: {Title: "怎么报销差旅费", Question: "出差的费用怎么报销？", Answer: "在系统里提交发票，主管审批后十个工作日内到账。"}}},
		{Slug: "leave", Texts: map[knowledge.Lang]*knowledge.Text{knowledge.ZH: {Title: "怎么请年假", Question: "年假怎么申请？", Answer: "提前三天在系统里提交申请。"}}},
	})
	if r := New(reimburse).Search("差旅费怎么报消"); slug(r.Best) != "expenses" {
		t.Errorf("报消 for 报销: got %q (%.2f)", slug(r.Best), r.Score)
	}
}
