package search

import "math"

// posting is one entry that has a term: the entry's index in the upper 24 bits and, in the
// lower 8, how strongly the term belongs to it across fields (0..1 in 255 steps). Four bytes
// keep a 10,000-entry base well inside its memory budget.
type posting uint32

func newPosting(entry int32, w float64) posting {
	return posting(uint32(entry)<<8 | uint32(math.Round(min(max(w, 0), 1)*255)))
}

func (p posting) entry() int32 { return int32(uint32(p) >> 8) }
func (p posting) w() float32   { return float32(uint32(p)&0xff) / 255 }

// maxEntries is how many entries a posting can address.
const maxEntries = 1 << 24

// postings returns the postings of a term.
func (ix *Index) postings(term int32) []posting {
	return ix.post[ix.postAt[term]:ix.postAt[term+1]]
}
