package search

import (
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// DetectLang tells whether s is a Chinese or an English query, by its matrix language: a Chinese
// character counts half an English word, so "LLM是什么" is Chinese and "what are the risks of
// 大模型 startups" English. It returns false when s has neither.
func DetectLang(s string) (knowledge.Lang, bool) {
	if len(s) > maxQueryBytes {
		s = s[:maxQueryBytes]
	}
	return detect(strip(norm.NFKC.String(s), maxQueryRunes))
}

func detect(cleaned string) (knowledge.Lang, bool) {
	han, words := 0, 0
	inWord := false
	for _, r := range cleaned {
		switch {
		case isHan(r):
			han++
			inWord = false
		case r < utf8.RuneSelf && ('a' <= r && r <= 'z'):
			if !inWord {
				words++
			}
			inWord = true
		case isWordRune(r) && r >= utf8.RuneSelf:
			// Letters of other scripts say neither zh nor en.
			inWord = false
		case '0' <= r && r <= '9' || r == '\'':
			// Digits continue a word but do not make one.
		default:
			inWord = false
		}
	}
	switch {
	case han == 0 && words == 0:
		return "", false
	case float64(han)/2 >= float64(words):
		return knowledge.ZH, true
	}
	return knowledge.EN, true
}
