package search

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

func benchQueries(b *testing.B) []string {
	var qs []string
	for _, q := range readQueries(b, "../testdata/queries.tsv") {
		qs = append(qs, q.query)
	}
	return qs
}

// BenchmarkSearch is one query of the development set, round robin, on the shipped base.
func BenchmarkSearch(b *testing.B) {
	ix := New(embedded(b))
	qs := benchQueries(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		ix.Search(qs[i%len(qs)])
	}
}

// BenchmarkSearchTaught is BenchmarkSearch with 1,000 taught questions on the shipped base:
// every lesson is one more example of its entry, and a taught question a look-up.
func BenchmarkSearchTaught(b *testing.B) {
	base := embedded(b)
	qs := benchQueries(b)
	t := Taught{Examples: map[string][]string{}}
	for i := range 1000 {
		e := base.Entries[i%len(base.Entries)]
		q := fmt.Sprintf("%s, asked for the %dth time", qs[i%len(qs)], i)
		t.Examples[e.Slug] = append(t.Examples[e.Slug], q)
	}
	ix := NewTaught(base, t)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		ix.Search(qs[i%len(qs)])
	}
}

// BenchmarkSearchHostile is the worst input a user can send: the longest text that is read,
// every character Chinese, then the same as typos that all need the typo search.
func BenchmarkSearchHostile(b *testing.B) {
	ix := New(embedded(b))
	for name, q := range map[string]string{
		"100KB":  strings.Repeat("风险管理融资策略", 13_000),
		"typos":  strings.Repeat("sustanabilty marketting fundng ", 2000),
		"binary": string(randomBytes(100_000)),
	} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ix.Search(q)
			}
		})
	}
}

// BenchmarkNew is the start-up cost of indexing the shipped base.
func BenchmarkNew(b *testing.B) {
	base := embedded(b)
	b.ReportAllocs()
	for b.Loop() {
		New(base)
	}
}

// BenchmarkSearchLarge is a query on a generated base of 10,000 entries, without and with
// example questions (15 per entry and language), and reports the heap the index holds.
func BenchmarkSearchLarge(b *testing.B) {
	b.Run("plain", func(b *testing.B) { benchLarge(b, syntheticBase(10_000)) })
	b.Run("examples", func(b *testing.B) { benchLarge(b, withSyntheticExamples(syntheticBase(10_000), 15)) })
}

func benchLarge(b *testing.B, base *knowledge.Base) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	ix := New(base)
	runtime.GC()
	runtime.ReadMemStats(&after)
	qs := benchQueries(b)
	for i := 0; i < 50; i++ {
		e := base.Entries[i*97%len(base.Entries)]
		qs = append(qs, e.Texts[knowledge.EN].Title, e.Texts[knowledge.ZH].Aliases[0], e.Texts[knowledge.EN].Aliases[0]+"s")
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		ix.Search(qs[i%len(qs)])
	}
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "index-MB")
	runtime.KeepAlive(ix)
}

// withSyntheticExamples gives every entry of a synthetic base n example questions per
// language: everyday words shared across the base, mixed with words of the entry's own text.
func withSyntheticExamples(base *knowledge.Base, n int) *knowledge.Base {
	r := rand.New(rand.NewPCG(5, 6))
	everyday := strings.Fields("how what why can we our do does is should my the company team money users start make")
	zhEveryday := []string{"怎么", "我们", "公司", "为什么", "可以", "需要", "团队", "用户"}
	for _, e := range base.Entries {
		for lang, t := range e.Texts {
			own := strings.Fields(t.Answer)
			if lang == knowledge.ZH {
				own = nil
				rs := []rune(t.Answer)
				for i := 0; i+1 < len(rs); i += 2 {
					own = append(own, string(rs[i:i+2]))
				}
			}
			for k := 0; k < n; k++ {
				var words []string
				for w := 0; w < 6+r.IntN(6); w++ {
					switch {
					case r.IntN(2) == 0 && lang == knowledge.ZH:
						words = append(words, zhEveryday[r.IntN(len(zhEveryday))])
					case r.IntN(2) == 0:
						words = append(words, everyday[r.IntN(len(everyday))])
					default:
						words = append(words, own[r.IntN(len(own))])
					}
				}
				sep := " "
				if lang == knowledge.ZH {
					sep = ""
				}
				t.Examples = append(t.Examples, strings.Join(words, sep))
			}
		}
	}
	return base
}

func randomBytes(n int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	out := make([]byte, n)
	for i := range out {
		out[i] = byte(r.IntN(256))
	}
	return out
}

// syntheticBase makes n entries with English and Chinese texts of the shipped base's size,
// drawn from a vocabulary that grows with n, as a large team's base would.
func syntheticBase(n int) *knowledge.Base {
	r := rand.New(rand.NewPCG(7, 9))
	syll := []string{"ka", "lo", "mi", "ten", "sor", "va", "qui", "dre", "pan", "zu", "el", "ost", "ri", "ga", "no", "be"}
	enWords := make([]string, 20_000)
	for i := range enWords {
		var sb strings.Builder
		for k := 0; k < 2+r.IntN(3); k++ {
			sb.WriteString(syll[r.IntN(len(syll))])
		}
		enWords[i] = sb.String()
	}
	han := []rune("的模型训练风险管理融资策略市场需求营销文化可持续发展政策建议案例分析竞争力商业模式未来方向法律伦理数据隐私知识产权技术创新人才团队合作生态品牌")
	zhWord := func() string {
		return string([]rune{han[r.IntN(len(han))], han[r.IntN(len(han))]})
	}
	sentence := func(words int, zh bool) string {
		var sb strings.Builder
		for k := 0; k < words; k++ {
			if zh {
				sb.WriteString(zhWord())
				continue
			}
			// Zipf-like: a few words are everywhere, most are rare.
			sb.WriteString(enWords[int(float64(len(enWords))*r.Float64()*r.Float64()*r.Float64())])
			sb.WriteByte(' ')
		}
		return sb.String()
	}
	entries := make([]*knowledge.Entry, n)
	for i := range entries {
		entries[i] = &knowledge.Entry{
			Slug: fmt.Sprintf("topic-%d", i),
			Texts: map[knowledge.Lang]*knowledge.Text{
				knowledge.EN: {Title: sentence(5, false), Question: sentence(12, false), Answer: sentence(120, false),
					Explanation: sentence(40, false), Aliases: []string{sentence(1, false), sentence(2, false), sentence(2, false)},
					Keywords: []string{sentence(1, false), sentence(2, false), sentence(1, false), sentence(2, false)}},
				knowledge.ZH: {Title: sentence(5, true), Question: sentence(12, true), Answer: sentence(150, true),
					Explanation: sentence(50, true), Aliases: []string{sentence(2, true), sentence(1, true)},
					Keywords: []string{sentence(2, true), sentence(3, true)}},
			},
		}
	}
	return knowledge.NewBase(entries)
}

// BenchmarkComplete is autocomplete as Discord asks for it while a user types, on the shipped
// base and on 10,000 generated entries (a prefix nothing matches scans every name).
func BenchmarkComplete(b *testing.B) {
	for name, base := range map[string]*knowledge.Base{"shipped": embedded(b), "10k": syntheticBase(10_000)} {
		ix := New(base)
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			prefixes := []string{"ris", "融", "fund", "zzzz", ""}
			for i := 0; b.Loop(); i++ {
				ix.Complete(prefixes[i%len(prefixes)], knowledge.EN, 25)
			}
		})
	}
}

// BenchmarkSearchLargeHostile is the costliest query for a large base: the longest text read,
// made of long unknown words that each send the typo search through the vocabulary.
func BenchmarkSearchLargeHostile(b *testing.B) {
	b.Run("plain", func(b *testing.B) { benchLargeHostile(b, syntheticBase(10_000)) })
	b.Run("examples", func(b *testing.B) { benchLargeHostile(b, withSyntheticExamples(syntheticBase(10_000), 15)) })
}

func benchLargeHostile(b *testing.B, base *knowledge.Base) {
	ix := New(base)
	r := rand.New(rand.NewPCG(3, 4))
	var sb strings.Builder
	for sb.Len() < maxQueryBytes {
		for k := 0; k < 9; k++ {
			sb.WriteByte(byte('a' + r.IntN(26)))
		}
		sb.WriteByte(' ')
	}
	q := sb.String()
	b.ReportAllocs()
	for b.Loop() {
		ix.Search(q)
	}
}

// BenchmarkSearchLargeHan is the costliest Chinese query for a large base: the base's most
// common characters, each beside one the base lacks, so that none forms a known word and each
// would be looked up alone.
func BenchmarkSearchLargeHan(b *testing.B) {
	b.Run("plain", func(b *testing.B) { benchLargeHan(b, syntheticBase(10_000)) })
	b.Run("examples", func(b *testing.B) { benchLargeHan(b, withSyntheticExamples(syntheticBase(10_000), 15)) })
}

func benchLargeHan(b *testing.B, base *knowledge.Base) {
	ix := New(base)
	han := []rune("的模型训练风险管理融资策略市场需求营销文化可持续发展政策建议案例分析竞争力商业模式未来方向法律伦理数据隐私知识产权技术创新人才团队合作生态品牌")
	var sb strings.Builder
	for i := 0; sb.Len() < maxQueryBytes; i++ {
		sb.WriteRune(han[i%len(han)])
		sb.WriteRune('鬯')
	}
	q := sb.String()
	b.ReportAllocs()
	for b.Loop() {
		ix.Search(q)
	}
}

// BenchmarkSearchLargeExampleWords is a long query made of the examples of a large base itself,
// so that every word sends the whole-example signal through the examples that have it.
func BenchmarkSearchLargeExampleWords(b *testing.B) {
	base := withSyntheticExamples(syntheticBase(10_000), 15)
	ix := New(base)
	var sb strings.Builder
	for i := 0; sb.Len() < maxQueryBytes; i++ {
		sb.WriteString(base.Entries[i*37%len(base.Entries)].Texts[knowledge.EN].Examples[i%15])
		sb.WriteByte(' ')
	}
	q := sb.String()
	for name, ix := range map[string]*Index{"plain": New(syntheticBase(10_000)), "examples": ix} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ix.Search(q)
			}
		})
	}
}
