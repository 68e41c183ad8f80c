package search

// Chinese has no spaces, so a word the base does not know shows only as characters that are
// in no bigram it knows. One such character alone is most often glue the lists of fillers
// miss ("做", "和", "对"), and costs little (oovHan). Two or more in a row are a word the base
// lacks ("日本", "奶茶店", "个人所得税"): in a query that does not name the domain, they cost
// what an unknown English word costs, one word for every two characters.

// hanStretches records, in span (by token), the length of the stretch of unknown Chinese
// characters each token is part of (0 if none), and returns how many unknown words the
// stretches of two characters or more make. A character filler only because it stands next to
// a particle ("本" in "日本的") joins the stretch it borders: it may be part of the word. A
// stretch that is one everyday word ("安排", "希望") counts everyday of a word, as an
// everyday English word does.
func hanStretches(span []uint8, toks []token, flags []uint8, everyday float32) ([]uint8, float32) {
	for range toks {
		span = append(span, 0)
	}
	var words float32
	for i := 0; i < len(toks); {
		if !maybeUnknownHan(toks[i], flags[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(toks) && toks[j].run == toks[i].run && maybeUnknownHan(toks[j], flags[j]) {
			j++
		}
		if n := j - i; n >= 2 {
			for k := i; k < j; k++ {
				span[k] = uint8(min(n, 255))
			}
			if n == 2 && isHanEveryday(toks[i].han, toks[i+1].han) {
				words += everyday
			} else {
				words += float32(n) / 2
			}
		}
		i = j
	}
	return span, words
}

// maybeUnknownHan tells whether t is a Chinese character of no known bigram that may be part
// of a word: unknown, or filler only for the particle next to it, and not a function character.
func maybeUnknownHan(t token, f uint8) bool {
	return t.han != 0 && f&hanContent == 0 && f&hanGlue == 0 && !isHanFunction(t.han)
}

// isHanFunction reports whether a Chinese character is, on its own, mostly a function word:
// a conjunction, preposition, auxiliary verb, measure word or adverb ("和" in "天使轮和A轮",
// "来" in "拿来训练"). Next to another unknown character it does not make a word; inside a word
// the base knows ("用户", "会议") it is never looked at.
func isHanFunction(r rune) bool {
	switch r {
	case '和', '与', '及', '或', '对', '在', '给', '从', '为', '把', '被', '让', '跟', '向', '也',
		'都', '还', '就', '又', '很', '更', '最', '做', '用', '要', '会', '能', '想', '去', '来',
		'到', '该', '个', '这', '那', '些', '等', '得', '过', '将', '再', '才', '只', '并', '而',
		'且', '但', '其', '之', '此', '每', '各', '几', '拿', '搞', '弄', '有', '怎', '如', '何',
		'哪', '谁', '什', '么', '多', '比', '于', '以', '当':
		return true
	}
	return false
}

// isHanEveryday reports whether two characters are a common word that frames a question rather
// than naming its subject (the Chinese of isEverydayWord): verbs of planning and thinking,
// words of time and manner. A base that lacks one says little by it.
func isHanEveryday(a, b rune) bool {
	switch uint64(a)<<32 | uint64(b) {
	case '安'<<32 | '排', '希'<<32 | '望', '打'<<32 | '算', '觉'<<32 | '得', '认'<<32 | '为',
		'开'<<32 | '始', '处'<<32 | '理', '解'<<32 | '决', '时'<<32 | '候', '现'<<32 | '在',
		'今'<<32 | '后', '目'<<32 | '前', '方'<<32 | '法', '办'<<32 | '法', '情'<<32 | '况',
		'通'<<32 | '俗', '准'<<32 | '备', '考'<<32 | '虑', '注'<<32 | '意', '明'<<32 | '白',
		'清'<<32 | '楚', '特'<<32 | '别', '非'<<32 | '常', '一'<<32 | '直', '已'<<32 | '经',
		'别'<<32 | '人', '自'<<32 | '己', '大'<<32 | '家', '他'<<32 | '人':
		return true
	}
	return false
}

// weakAnchorAt is where a word of one of the base's anchors that is not in its titles
// ("company", "企业") is among the query's units, and how many units it has.
type weakAnchorAt struct {
	unit int32
	n    int8
}

// weakAnchor tells whether t is one of the base's anchors but not of its domain: a word every
// entry uses ("企业", "company", "business") that the titles do not.
func (ix *Index) weakAnchor(t int32) bool {
	return t >= 0 && ix.anchor[t] && !ix.domain[t]
}

func (ix *Index) anyWeakAnchor(ts []int32) bool {
	for _, t := range ts {
		if ix.weakAnchor(t) {
			return true
		}
	}
	return false
}

// weakAnchored tells whether a word such as "company" or "公司" makes the query about the base:
// it does, unless it is part of a name of a topic in the query. "企业" in "日本的企业文化" is
// the topic's own word, company culture, and says nothing of the domain, while "公司" in
// "公司怎么才能活得久" is the user's company.
func (sc *scratch) weakAnchored() bool {
	for _, w := range sc.weakAt {
		inName := true
		for k := w.unit; k < w.unit+int32(w.n); k++ {
			inName = inName && int(k) < len(sc.covered) && sc.covered[k]
		}
		if !inName {
			return true
		}
	}
	return false
}

// domainAnchored tells whether a word of the domain makes the query about the base. An English
// one does unless it ends a name that starts with a word off the domain: "model" in "business
// model of a gym" is the business model's, while "large model" and "model training" are the
// domain's.
func (sc *scratch) domainAnchored() bool {
	if sc.domainFree {
		return true
	}
	for _, u := range sc.domainAt {
		if int(u) >= len(sc.headed) || !sc.headed[u] {
			return true
		}
	}
	return false
}
