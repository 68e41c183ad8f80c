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
	// ends holds the first and the last unit (word or character) of every filler phrase, so
	// a query that starts and ends with none of them is left alone at once
	ends map[string]bool
	// stems caches the Snowball stems of the base's words; frozen once the index is built
	stems  map[string]string
	frozen bool
}

func loadLists() (*wordLists, error) {
	wl := &wordLists{stopEN: map[string]bool{}, stopZH: map[string]bool{}, small: map[string]string{}, ends: map[string]bool{}, stems: map[string]string{}}
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
			if isFiller(intent) {
				us := splitUnits(p)
				wl.ends[us[0].text], wl.ends[us[len(us)-1].text] = true, true
			}
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
