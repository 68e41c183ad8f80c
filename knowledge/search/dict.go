package search

// hanDict is the Chinese vocabulary of the base's own names: the runs of Chinese characters in
// its aliases, keywords and titles. Queries are segmented against it by longest match, so a
// bigram that straddles two words ("型能" in "大模型能做什么", "律风" in "法律风险") is known
// for the noise it is and neither counts for an entry nor against the query.
type hanDict struct {
	trie map[uint64]int32 // parent node<<32 | character -> child; the root is node 0
	word []bool           // by node: a word ends here
}

// maxDictWord bounds the words kept, and so the work of segmenting.
const maxDictWord = 12

// add records the words of a name: its runs of Chinese characters, split at particles.
func (d *hanDict) add(toks []token) {
	start := -1
	for i := 0; i <= len(toks); i++ {
		inWord := i < len(toks) && toks[i].han != 0 && !isHanStop(toks[i].han) &&
			(start < 0 || toks[i].run == toks[start].run)
		if inWord {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 && i-start >= 2 && i-start <= maxDictWord {
			d.insert(toks[start:i])
		}
		start = -1
		if i < len(toks) && toks[i].han != 0 && !isHanStop(toks[i].han) {
			start = i
		}
	}
}

func (d *hanDict) insert(toks []token) {
	if d.trie == nil {
		d.trie = make(map[uint64]int32)
		d.word = []bool{false}
	}
	node := int32(0)
	for _, t := range toks {
		key := uint64(node)<<32 | uint64(t.han)
		child, ok := d.trie[key]
		if !ok {
			child = int32(len(d.word))
			d.trie[key] = child
			d.word = append(d.word, false)
		}
		node = child
	}
	d.word[node] = true
}

// segment returns, for each token, the number of the dictionary word it is part of (from 1),
// or 0: at each character the longest word that starts there wins.
func (d *hanDict) segment(seg []int32, toks []token) []int32 {
	for range toks {
		seg = append(seg, 0)
	}
	n := int32(0)
	for i := 0; i < len(toks); {
		if toks[i].han == 0 {
			i++
			continue
		}
		end := i
		node := int32(0)
		for j := i; j < len(toks) && j-i < maxDictWord && toks[j].han != 0 && toks[j].run == toks[i].run; j++ {
			child, ok := d.trie[uint64(node)<<32|uint64(toks[j].han)]
			if !ok {
				break
			}
			node = child
			if d.word[node] {
				end = j + 1
			}
		}
		if end-i < 2 {
			i++
			continue
		}
		n++
		for k := i; k < end; k++ {
			seg[k] = n
		}
		i = end
	}
	return seg
}
