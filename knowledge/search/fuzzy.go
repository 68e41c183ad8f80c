package search

import "math/bits"

// fuzzyIndex finds the word of the base a misspelt query word was meant to be. Candidates are
// grouped by length and filtered by the set of letters they use before the edit distance is
// computed.
type fuzzyIndex struct {
	words []fuzzyWord
	seen  map[string]struct{}
	byLen [][]int32 // length in bytes -> indexes into words
}

type fuzzyWord struct {
	w    string
	term int32
	mask uint32
}

const maxFuzzyLen = 40

func (fz *fuzzyIndex) add(w string, term int32) {
	if len(w) > maxFuzzyLen || !isASCII(w) {
		return
	}
	if fz.seen == nil {
		fz.seen = make(map[string]struct{})
	}
	if _, ok := fz.seen[w]; ok {
		return
	}
	fz.seen[w] = struct{}{}
	fz.words = append(fz.words, fuzzyWord{w: w, term: term, mask: letterMask(w)})
}

func (fz *fuzzyIndex) finish() {
	fz.byLen = make([][]int32, maxFuzzyLen+1)
	for i, w := range fz.words {
		fz.byLen[len(w.w)] = append(fz.byLen[len(w.w)], int32(i))
	}
}

// has reports whether the base has w as written.
func (fz *fuzzyIndex) has(w string) bool {
	_, ok := fz.seen[w]
	return ok
}

// maxEdits is how many typos a word of n letters may carry: none in short words, where one
// edit turns a word into another ("rice", "ripe"; "movie", "move"), one up to seven letters,
// two beyond.
func maxEdits(n int) int {
	switch {
	case n < 5:
		return 0
	case n < 8:
		return 1
	}
	return 2
}

// lookup returns the term of the closest word of the base within the allowed edits, the word
// itself, and whether there is one.
func (fz *fuzzyIndex) lookup(w string) (int32, string, bool) {
	k := maxEdits(len(w))
	if k == 0 || len(w) > maxFuzzyLen || !isASCII(w) {
		return -1, "", false
	}
	mask := letterMask(w)
	// Rank by distance, then prefer a word with the same first letter: people rarely
	// mistype the first letter ("cuture" is "culture" before it is "future").
	best, bestWord, bestKey := int32(-1), "", 2*(k+1)
	lo, hi := max(len(w)-k, 1), min(len(w)+k, maxFuzzyLen)
	if len(w) < 6 {
		// A letter more turns a short word into another ("movie", "move"): only a wrong,
		// swapped or missing letter is taken for a typo ("polcy").
		lo = len(w)
	}
	for n := lo; n <= hi; n++ {
		for _, i := range fz.byLen[n] {
			c := &fz.words[i]
			// One edit changes at most two letters of the set.
			if bits.OnesCount32(mask^c.mask) > 2*k {
				continue
			}
			d := osaDistance(w, c.w, bestKey/2)
			if d > k {
				continue
			}
			key := 2 * d
			if c.w[0] != w[0] {
				key++
			}
			if key < bestKey {
				best, bestWord, bestKey = c.term, c.w, key
			}
		}
	}
	return best, bestWord, best >= 0
}

func letterMask(w string) uint32 {
	var m uint32
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case 'a' <= c && c <= 'z':
			m |= 1 << (c - 'a')
		case '0' <= c && c <= '9':
			m |= 1 << 26
		default:
			m |= 1 << 27
		}
	}
	return m
}

// osaDistance is the optimal string alignment distance between a and b (insertions, deletions,
// substitutions and swaps of adjacent letters), or limit+1 when it exceeds limit.
func osaDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	var rows [3][maxFuzzyLen + 1]int
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], limit+1)
}
