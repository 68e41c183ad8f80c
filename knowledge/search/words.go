package search

import (
	"strings"

	"github.com/kljensen/snowball/english"
)

// stem maps an English word to its Snowball stem, so "risks", "risk" and "risky" meet.
func stem(w string) string {
	return english.Stem(w, true)
}

// lightStem strips an English plural ending and nothing else: "risks" -> "risk",
// "strategies" -> "strategy", "VCs" -> "vc", but "marketing" stays.
func lightStem(w string) string {
	switch {
	case len(w) > 4 && strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case len(w) > 4 && (strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "xes") || strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes")):
		return w[:len(w)-2]
	case len(w) > 2 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		return w[:len(w)-1]
	}
	return w
}

// isStopWord reports whether an English word carries no topic: Snowball's stop words plus the
// words people wrap questions in when they talk to a bot ("please tell me about ...").
func isStopWord(w string) bool {
	if len(w) < 2 || english.IsStopWord(w) {
		return true
	}
	return isChatWord(w)
}

// isChatWord reports whether w is a frequent English word that says how someone asks, not what
// about. A query made only of these has nothing to match; an unknown word outside this list
// counts against a match.
func isChatWord(w string) bool {
	switch w {
	case "also", "answer", "anyone", "anything", "ask", "asked", "asking", "bot", "can", "could",
		"curious", "describe", "described", "describing", "detail", "details", "done", "eg", "else",
		"etc", "even", "ever", "every", "exactly", "explain", "explained", "explaining", "find",
		"gave", "get", "getting", "give", "given", "gives", "go", "going", "got", "guys", "hello",
		"help", "helped", "helps", "hey", "hi", "ie", "info", "information", "kind", "know",
		"knowing", "known", "let", "like", "list", "look", "lot", "lots", "made", "make", "makes",
		"making", "many", "may", "maybe", "me", "mean", "meaning", "means", "meant", "might", "much",
		"must", "ok", "okay", "one", "ones", "overall", "please", "pls", "plz", "question",
		"questions", "quick", "quickly", "really", "right", "said", "say", "says", "see", "shall",
		"show", "showed", "shown", "shows", "something", "sort", "still", "summarize", "summary",
		"sure", "take", "taken", "takes", "talk", "talked", "talking", "tell", "telling", "tells",
		"thank", "thanks", "thing", "things", "think", "thinking", "thought", "thx", "told", "took",
		"us", "use", "used", "uses", "using", "wanna", "want", "wanted", "wants", "way", "ways", "well", "whats",
		"whether", "wonder", "wondering", "work", "working", "works", "would", "yeah",
		"yes", "yet":
		return true
	}
	return false
}

// isHanStop reports whether a Chinese character is a particle that glues a sentence together;
// bigrams across it are noise ("风险的", "吗").
func isHanStop(r rune) bool {
	switch r {
	case '的', '了', '吗', '呢', '吧', '啊', '呀', '嘛', '么', '哦', '着', '请', '我', '你', '您', '们', '是', '啥', '吱':
		return true
	}
	return false
}

// isHanStopBigram reports whether a pair of adjacent Chinese characters carries no topic.
func isHanStopBigram(a, b rune) bool {
	return isHanStop(a) || isHanStop(b) || isHanFillerPair(a, b)
}

// isHanFillerPair reports whether two adjacent Chinese characters are a question or filler
// word whose bigram says nothing about the topic ("什么", "介绍").
func isHanFillerPair(a, b rune) bool {
	switch uint64(a)<<32 | uint64(b) {
	case '什'<<32 | '么', '怎'<<32 | '么', '如'<<32 | '何', '哪'<<32 | '些', '哪'<<32 | '个', '为'<<32 | '何',
		'是'<<32 | '否', '可'<<32 | '以', '一'<<32 | '下', '这'<<32 | '个', '那'<<32 | '个', '怎'<<32 | '样',
		'有'<<32 | '没', '没'<<32 | '有', '一'<<32 | '个', '能'<<32 | '否', '应'<<32 | '该', '是'<<32 | '不',
		'不'<<32 | '是', '有'<<32 | '哪', '介'<<32 | '绍', '告'<<32 | '诉', '知'<<32 | '道', '想'<<32 | '要',
		'需'<<32 | '要', '问'<<32 | '题', '哪'<<32 | '里', '为'<<32 | '什', '多'<<32 | '少', '有'<<32 | '什',
		'是'<<32 | '什', '的'<<32 | '是', '以'<<32 | '及', '还'<<32 | '是', '帮'<<32 | '忙', '简'<<32 | '单', '意'<<32 | '思',
		'东'<<32 | '西', '详'<<32 | '细', '具'<<32 | '体', '讲'<<32 | '讲', '说'<<32 | '说', '出'<<32 | '来',
		'一'<<32 | '些', '关'<<32 | '于', '谈'<<32 | '谈', '聊'<<32 | '聊', '看'<<32 | '看', '大'<<32 | '概',
		'一'<<32 | '般', '到'<<32 | '底', '究'<<32 | '竟', '那'<<32 | '些', '这'<<32 | '些', '解'<<32 | '释',
		'能'<<32 | '做', '做'<<32 | '什', '用'<<32 | '来', '干'<<32 | '什', '有'<<32 | '啥', '总'<<32 | '结':
		return true
	}
	return false
}

// isEverydayWord reports whether w is a common English word that frames a question rather than
// naming its subject: verbs of doing and becoming, plain adjectives and adverbs, and words of
// time and amount. A base that lacks one should not take it as a sign the query is off its
// subject, as it should for "smoking" or "haiku"; such a word costs everydayOOV of an
// unknown word.
func isEverydayWord(w string) bool {
	switch w {
	case "able", "about", "above", "across", "actual", "actually", "add", "after", "again",
		"against", "ago", "ahead", "all", "almost", "alone", "along", "already", "always",
		"among", "another", "anyway", "around", "avoid", "away", "back", "bad", "basic", "basically",
		"become", "becomes", "becoming", "begin", "beginning", "behind", "believe", "best",
		"better", "between", "beyond", "big", "bigger", "biggest", "bit", "both", "bring",
		"call", "care", "carry", "cause", "certain", "change", "changes", "clear", "close",
		"come", "comes", "coming", "common", "consider", "continue", "correct", "currently",
		"day", "days", "deal", "decide", "deep", "despite", "different", "difficult", "easy",
		"easier", "end", "enough", "especially", "everyone", "everything", "expect", "expected",
		"face", "facing", "fact", "fail", "fall", "far", "fast", "feel", "few", "figure",
		"fine", "first", "fit", "focus", "follow", "form", "forward", "free", "full", "further",
		"general", "generally", "goes", "gone", "good", "great", "hand", "happen", "happens",
		"hard", "having", "head", "hear", "heard", "here", "high", "hold", "hope", "huge",
		"idea", "ideas", "important", "improve", "instead", "involve", "involved", "involves",
		"keep", "keeps", "kept", "last", "late", "later", "lead", "least", "leave", "less",
		"level", "life", "likely", "little", "live", "long", "lose", "low", "main", "mainly",
		"matter", "matters", "mind", "miss", "month", "months", "move", "near", "nearly",
		"necessary", "need", "needed", "needs", "never", "new", "next", "nice", "normal",
		"now", "often", "old", "open", "order", "others", "part", "particular", "past", "pay",
		"people", "person", "place", "plain", "point", "possible", "pretty", "probably",
		"problem", "problems", "put", "rather", "ready", "real", "reason", "reasons",
		"recently", "remain", "run", "running", "same", "seem", "seems", "serious", "set",
		"several", "short", "side", "sides", "simple", "simply", "since", "small", "solution",
		"solutions", "someone",
		"sometimes", "soon", "start", "started", "starting", "starts", "step", "steps", "stop",
		"stuff", "such", "suppose", "tend", "term", "terms", "time", "times", "today", "together",
		"tomorrow", "tool", "tools", "top", "toward", "towards", "tough", "true", "try", "trying", "turn", "type",
		"typical", "typically", "understand", "unless", "until", "usually", "various", "versus",
		"via", "week", "weeks", "whole", "within", "without", "worth", "worry", "wrong",
		"year", "years", "young":
		return true
	}
	return false
}
