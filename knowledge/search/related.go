package search

import (
	"slices"
	"strings"
)

// relatedWords are groups of everyday words that mean about the same thing when people talk
// about a company: one group a line, English words and two-character Chinese words (other
// Chinese words are ignored). It is general business vocabulary, so that a question asked in
// plain words ("what's good about ...", "keep employees motivated", "怎么挣钱") reaches the
// entry whose text uses the formal word ("advantages", "staff morale", "赚钱"). It was written
// as a general list and grown while studying the development sets' misses, never the held-out
// sets'. Only the words a base has count: a base on another subject gets little from it, and
// nothing wrong (TestRelatedWordsNeedTheBase).
const relatedWords = `
good great benefit advantage upside pro positive strength plus merit
bad drawback disadvantage downside con negative weakness minus
issue concern worry
hard difficult difficulty tough challenge hurdle obstacle problem trouble struggle headache
big bigger biggest large larger largest huge massive enormous
small smaller tiny little
money cash fund funds funding financing finance investment
investor backer vc angel
earn revenue income profit profitable monetize monetization pricing price charge sell living
cost costs expense expensive spending spend burn
employee staff worker workforce personnel team people crew
hire hiring recruit recruiting recruitment talent
motivation motivated morale engagement engaged enthusiasm
happy happiness satisfaction satisfied wellbeing
loyal loyalty retention retain
quit quitting leave leaving turnover attrition churn
company firm enterprise organization
startup founder entrepreneur cofounder
success successful succeed win winning thrive prosper
important key critical crucial essential vital
future upcoming ahead coming next later
trend trending hot popular emerging rising
opportunity chance opening gap niche window
prospect outlook promising potential bright
risk danger threat hazard pitfall peril
manage handle control mitigate reduce prevent protect safeguard
law legal lawsuit sue illegal legality lawyer
rule regulation regulator regulate compliance comply
privacy private confidential
copyright infringe infringement plagiarism
fair fairness bias biased discrimination discriminate
government state official lawmaker authority authorities politician
policy policies
demand requirement
customer client user buyer consumer
compete competition competitor rival rivalry player
edge differentiate differentiation distinguish unique
promote promotion advertise advertising publicity awareness outreach notice visibility exposure
brand branding reputation
train training teach teaching
gpu gpus chip chips hardware compute accelerator
prepare preparation contingency emergency
sustainable sustainability durable lasting longevity viable endure survive survival
environment environmental green eco climate carbon
culture values workplace atmosphere vibe spirit
example case instance story
overview introduction intro basics beginner primer
define definition
parameter parameters weight weights
grow growth expand expansion scale scaling
plan strategy approach roadmap tactic tactics
international global overseas abroad worldwide foreign
ai llm language
network net
tune tuning tuned
data dataset datasets corpus
tradeoff tradeoffs compromise
fail failure failing collapse bankrupt bankruptcy
permission consent allow allowed authorization
own owns ownership owner
fee fees pricing
insurance insure hedge
emergency crisis incident outage
teamwork collaboration cooperation
公司 企业 初创
赚钱 挣钱 盈利 营收 收入 收钱 收费
资金 资本 钱款
投资 融资 注资
员工 职工 雇员 人员 同事
困难 难题 难处 挑战 难点
好处 优点 优势 长处 益处
坏处 缺点 劣势 短处 弊端
风险 危险 隐患
未来 将来 以后 今后
机会 机遇 商机
客户 用户 买家 消费者
竞争 对手 竞品
推广 宣传 营销 推销
氛围 文化 风气
环保 绿色 低碳
法律 法规
隐私 个资
重要 关键 核心
行业 领域 产业
需求 刚需
语料 数据
失败 倒闭 破产
团队 队伍
价格 定价
路线 路径 方向
趋势 潮流 走势
团结 凝聚
大厂 巨头
长久 长期 持久
危机 出事 事故 意外
作品 版权 著作
`

// maxRelatedTerms bounds the related terms one query adds, and so their cost on a large base.
const maxRelatedTerms = 48

// relatedIndex maps a word of relatedWords, as written, without its plural ending and as its
// stem, to the terms of the base its group has.
type relatedIndex map[string][]int32

// buildRelated resolves the groups of relatedWords against the terms the index has. A group
// with one of the base's anchors ("large", "company", "企业") is the domain in other words:
// its words get the anchor's weight (generic), so that "big" in "training a big model" or "公司"
// in "大模型创业公司" does not count as the rare word the base happens to use once.
func (ix *Index) buildRelated() (relatedIndex, map[int32]float32) {
	rel := make(relatedIndex)
	generic := make(map[int32]float32)
	ix.relatedHan = make(map[uint64][]int32)
	anchorDF := ix.commonDF()
	for _, line := range strings.Split(relatedWords, "\n") {
		words := strings.Fields(line)
		var terms []int32
		anchorIDF := float32(-1)
		for _, w := range words {
			id, ok := ix.wordTerm(w)
			if !ok || len(ix.postings(id)) == 0 {
				continue
			}
			terms = append(terms, id)
			if len(ix.postings(id)) >= anchorDF && (anchorIDF < 0 || ix.idf[id] < anchorIDF) {
				anchorIDF = ix.idf[id]
			}
		}
		if anchorIDF >= 0 {
			for _, t := range terms {
				if len(ix.postings(t)) < anchorDF {
					generic[t] = anchorIDF // the anchors themselves keep their ways
				}
			}
		}
		if len(terms) == 0 {
			continue
		}
		for _, w := range words {
			if r := []rune(w); !isASCII(w) && len(r) == 2 {
				k := uint64(r[0])<<32 | uint64(r[1])
				for _, t := range terms {
					if !slices.Contains(ix.relatedHan[k], t) {
						ix.relatedHan[k] = append(ix.relatedHan[k], t)
					}
				}
				continue
			}
			for _, k := range [...]string{w, lightStem(w), stem(w)} {
				for _, t := range terms {
					if !slices.Contains(rel[k], t) {
						rel[k] = append(rel[k], t)
					}
				}
			}
		}
	}
	// A word the base has finds its group by its stem's term, with no stemming at query time.
	ix.relatedByTerm = make(map[int32][]int32)
	for k, terms := range rel {
		if id, ok := ix.stems[k]; ok {
			ix.relatedByTerm[id] = terms
		}
	}
	return rel, generic
}

// wordTerm is the term of a word of relatedWords: an English word's stem, or the bigram of a
// two-character Chinese word.
func (ix *Index) wordTerm(w string) (int32, bool) {
	if r := []rune(w); !isASCII(w) && len(r) == 2 && isHan(r[0]) && isHan(r[1]) {
		id, ok := ix.bigrams[uint64(r[0])<<32|uint64(r[1])]
		return id, ok
	}
	id, ok := ix.stems[stem(w)]
	return id, ok
}

// genericFactor scales a query term that is a plain word for the domain down to the weight of
// the domain's anchor; other terms keep theirs.
func (ix *Index) genericFactor(t int32) float32 {
	if t < 0 {
		return 1
	}
	if w, ok := ix.generic[t]; ok && ix.idf[t] > w {
		return w / ix.idf[t]
	}
	return 1
}

// addRelated records the terms related to query word w (st: its stem, if known) other than its
// own (wt), and reports
// whether it has any. counted: w is unknown, and its best related term stands in for it;
// weak: w is known only from prose.
func (ix *Index) addRelated(sc *scratch, w, st string, wt wordTerms, counted, weak bool) bool {
	rel, ok := ix.relatedByTerm[wt.stem]
	if !ok {
		rel, ok = ix.related[w]
	}
	if !ok {
		rel, ok = ix.related[lightStem(w)]
	}
	if !ok && st != "" {
		rel = ix.related[st]
	}
	return addRelatedTerms(sc, rel, wt.light, wt.stem, counted, weak)
}

// addRelatedHan is addRelated for two adjacent Chinese characters; own is their bigram term,
// or -1 when the base lacks it.
func (ix *Index) addRelatedHan(sc *scratch, a, b rune, own int32) bool {
	return addRelatedTerms(sc, ix.relatedHan[uint64(a)<<32|uint64(b)], own, own, own < 0, false)
}

// addRelatedTerms records rel, less the word's own terms, as one query word's related terms.
func addRelatedTerms(sc *scratch, rel []int32, own1, own2 int32, counted, weak bool) bool {
	start := len(sc.relTerms)
	for _, t := range rel {
		if len(sc.relTerms) >= maxRelatedTerms {
			break
		}
		if t != own1 && t != own2 {
			sc.relTerms = append(sc.relTerms, t)
		}
	}
	if len(sc.relTerms) == start {
		return false
	}
	sc.relSpans = append(sc.relSpans, relSpan{end: len(sc.relTerms), counted: counted, weak: weak})
	return true
}

// relatedEvidence credits each entry with the best related term of each query word, so a word
// with many near-synonyms in one entry counts once. It returns the weight the unknown words
// with related terms add to the query's total, and whether a related term is one of the
// base's anchors.
func (ix *Index) relatedEvidence(sc *scratch) (total float32, anchored bool) {
	start := 0
	for _, sp := range sc.relSpans {
		var best float32
		for _, t := range sc.relTerms[start:sp.end] {
			w := ix.idf[t] * ix.genericFactor(t) * ix.p.relatedK
			if !sp.counted && !sp.weak {
				w *= ix.p.knownRelatedK // only a hint next to the word's own evidence
			}
			best = max(best, w)
			ps := ix.postings(t)
			anchored = anchored || ix.domain[t]
			for _, p := range ps {
				e := p.entry()
				if v := w * p.w(); v > sc.rel[e] {
					if sc.rel[e] == 0 {
						sc.relHit = append(sc.relHit, e)
					}
					sc.rel[e] = v
				}
			}
		}
		for _, e := range sc.relHit {
			sc.touch(e)
			sc.scores[e] += sc.rel[e]
			sc.rel[e] = 0
		}
		sc.relHit = sc.relHit[:0]
		if sp.counted {
			total += best
		}
		start = sp.end
	}
	return total, anchored
}
