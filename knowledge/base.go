package knowledge

// Base is a loaded, validated knowledge base: its entries in file order and an index by slug.
type Base struct {
	Entries []*Entry
	bySlug  map[string]*Entry
}

// NewBase indexes entries that have already been validated.
func NewBase(entries []*Entry) *Base {
	b := &Base{Entries: entries, bySlug: make(map[string]*Entry, len(entries))}
	for _, e := range entries {
		b.bySlug[e.Slug] = e
	}
	return b
}

// Entry returns the entry with the given slug.
func (b *Base) Entry(slug string) (*Entry, bool) {
	e, ok := b.bySlug[slug]
	return e, ok
}

// Langs lists the languages at least one entry has, in the order of Langs.
func (b *Base) Langs() []Lang {
	var out []Lang
	for _, l := range Langs {
		for _, e := range b.Entries {
			if _, ok := e.Texts[l]; ok {
				out = append(out, l)
				break
			}
		}
	}
	return out
}
