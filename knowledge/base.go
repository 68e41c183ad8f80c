package knowledge

import "strings"

// Base is a loaded, validated knowledge base: its entries in file order and an index by slug.
type Base struct {
	Entries []*Entry
	// About says what the base covers, per language, from the files' top-level "about" ("coffee
	// brewing", "手冲咖啡"); nil when no file says. Help, refusals, the Slack manifest and the
	// Discord command description name it.
	About  map[Lang]string
	bySlug map[string]*Entry
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

// Find returns the entry a person names on a command line: its slug exactly, else its slug,
// a title or an alias in any letter case. People type what the bot showed them ("RISKS", the
// heading of an imported entry), not always the slug as written.
func (b *Base) Find(name string) (*Entry, bool) {
	name = strings.TrimSpace(name)
	if e, ok := b.bySlug[name]; ok {
		return e, true
	}
	for _, e := range b.Entries {
		if strings.EqualFold(e.Slug, name) {
			return e, true
		}
	}
	for _, e := range b.Entries {
		for _, l := range Langs {
			t, ok := e.Texts[l]
			if !ok {
				continue
			}
			if strings.EqualFold(t.Title, name) {
				return e, true
			}
			for _, a := range t.Aliases {
				if strings.EqualFold(a, name) {
					return e, true
				}
			}
		}
	}
	return nil, false
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
