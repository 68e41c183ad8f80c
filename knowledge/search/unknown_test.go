package search

import "testing"

// TestHanStretches counts the Chinese words a base does not know, as classifyHan leaves them.
func TestHanStretches(t *testing.T) {
	known := map[string]bool{"文化": true, "企业": true, "业文": true, "风险": true, "管理": true, "险管": true, "投资": true}
	tests := []struct {
		query string
		words float32
	}{
		{"企业文化", 0},       // all known
		{"日本的企业文化", 1},    // "本" before a particle still belongs to "日本"
		{"奶茶店的风险", 1.5},   // three characters, a word and a half
		{"股票投资", 1},       // an unknown word next to a known one
		{"天使和风险", 1},      // "和" is a function character and joins no word
		{"怎么安排风险管理", 0.4}, // an everyday word weighs what everydayOOV says
		{"做风险", 0},        // one unknown character is glue, not a word
		{"小红书文案", 2.5},    // five unknown characters
		{"什么是风险", 0},      // question words are filler
		{"risk 日本", 1},    // English words break no Chinese stretch
		{"日 本", 0},        // nor do spaces join one
	}
	for _, tc := range tests {
		toks := tokenize(nil, clean(tc.query))
		flags := classifyHan(nil, toks, nil, func(_ int, a, b rune) bool { return known[string([]rune{a, b})] })
		_, words := hanStretches(nil, toks, flags, 0.4)
		if words != tc.words {
			t.Errorf("%q: %.2f unknown words, want %.2f", tc.query, words, tc.words)
		}
	}
}

// TestDomainAnchors checks which words tell the shipped base's domain: the words of its titles
// and questions do, the words every answer uses only outside a topic's name.
func TestDomainAnchors(t *testing.T) {
	ix := New(embedded(t))
	tests := []struct {
		query    string
		anchored bool
	}{
		{"大模型公司的企业文化", true},
		{"日本的企业文化", false},  // 企业 is the name's own word
		{"公司怎么才能活得久", true}, // the user's company
		{"company culture in japan", false},
		{"our company needs a culture", true},
		{"business model of a gym", false}, // "model" ends another topic's name
		{"large model business model", true},
		{"llm risks", true},
		{"AI risks", true}, // a related word of an anchor
	}
	for _, tc := range tests {
		sc := ix.pool.Get().(*scratch)
		sc.toks = tokenize(sc.toks[:0], clean(tc.query))
		ev := ix.gather(sc)
		sc.reset()
		ix.pool.Put(sc)
		if ev.anchored != tc.anchored {
			t.Errorf("%q: anchored %v, want %v", tc.query, ev.anchored, tc.anchored)
		}
	}
}
