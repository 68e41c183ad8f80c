package search

import (
	"bufio"
	"embed"
	"fmt"
	"strings"
	"unicode/utf8"
)

// The word lists are data, not code: general to each language, never to one knowledge base.
//
//go:embed data/*.txt
var dataFS embed.FS

// wordLists are the language resources matching needs besides the base itself.
type wordLists struct {
	stopEN map[string]bool   // English words that say how one asks, not what about
	stopZH map[string]bool   // the same for Chinese, one to several characters each
	maxZH  int               // the longest Chinese stop word, in characters
	small  map[string]string // small-talk phrase -> intent
	maxSm  int               // the longest small-talk phrase, in words or characters
}

func loadLists() (*wordLists, error) {
	wl := &wordLists{stopEN: map[string]bool{}, stopZH: map[string]bool{}, small: map[string]string{}}
	if err := eachLine("data/stop.en.txt", func(line string) error {
		for _, w := range strings.Fields(line) {
			wl.stopEN[w] = true
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if err := eachLine("data/stop.zh.txt", func(line string) error {
		for _, w := range strings.Fields(line) {
			wl.stopZH[w] = true
			wl.maxZH = max(wl.maxZH, utf8.RuneCountInString(w))
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if err := eachLine("data/smalltalk.txt", func(line string) error {
		intent, phrases, ok := strings.Cut(line, "\t")
		if !ok {
			return fmt.Errorf("want intent<TAB>phrases")
		}
		for _, p := range strings.Split(phrases, "|") {
			p = strings.Join(strings.Fields(p), " ")
			if p == "" {
				continue
			}
			wl.small[p] = intent
			wl.maxSm = max(wl.maxSm, len(strings.Fields(p)), utf8.RuneCountInString(p))
		}
		return nil
	}); err != nil {
		return nil, err
	}
	return wl, nil
}

// eachLine calls fn for every line of an embedded list that is not blank or a comment.
func eachLine(name string, fn func(string) error) error {
	f, err := dataFS.Open(name)
	if err != nil {
		return fmt.Errorf("open %s: %w", name, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := fn(line); err != nil {
			return fmt.Errorf("%s:%d: %w", name, n, err)
		}
	}
	return sc.Err()
}
