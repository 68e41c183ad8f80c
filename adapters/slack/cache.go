package slack

import (
	"bytes"
	"hash/maphash"
	"slices"
	"sync"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

// ackCache keeps the encoded ack bodies of recent replies. The same topic asked again gives an
// equal reply, and rendering plus JSON encoding is most of the adapter's work per command, so a
// hit is checked field by field and then served as ready bytes. Bounded: when full it is
// emptied, which costs only a re-render.
type ackCache struct {
	seed maphash.Seed
	max  int

	mu sync.RWMutex
	m  map[uint64]*ackEntry
}

type ackEntry struct {
	reply core.Reply
	body  []byte
}

func newAckCache(max int) *ackCache {
	return &ackCache{seed: maphash.MakeSeed(), max: max, m: map[uint64]*ackEntry{}}
}

func (c *ackCache) key(r core.Reply) uint64 {
	var h maphash.Hash
	h.SetSeed(c.seed)
	for _, s := range []string{r.Title, r.Body, r.Footer, r.ThreadID, string(r.Lang)} {
		h.WriteString(s)
		h.WriteByte(0)
	}
	h.WriteByte(byte(r.Visibility))
	for _, f := range r.Fields {
		h.WriteString(f.Name)
		h.WriteByte(0)
		h.WriteString(f.Value)
		h.WriteByte(0)
	}
	for _, b := range r.Buttons {
		h.WriteString(b.ID)
		h.WriteByte(0)
		h.WriteString(b.Label)
		h.WriteByte(0)
		h.WriteString(b.Value)
		h.WriteByte(byte(b.Style))
	}
	return h.Sum64()
}

// get returns the encoded ack for r, rendering and storing it on a miss.
func (c *ackCache) get(r core.Reply, encodeReply func(core.Reply) ([]byte, error)) ([]byte, error) {
	k := c.key(r)
	c.mu.RLock()
	e, ok := c.m[k]
	c.mu.RUnlock()
	if ok && sameRendering(e.reply, r) {
		return e.body, nil
	}
	body, err := encodeReply(r)
	if err != nil {
		return nil, err
	}
	stored := r
	stored.Fields, stored.Buttons, stored.Meta = slices.Clone(r.Fields), slices.Clone(r.Buttons), nil
	c.mu.Lock()
	if len(c.m) >= c.max {
		clear(c.m)
	}
	c.m[k] = &ackEntry{reply: stored, body: bytes.Clone(body)}
	c.mu.Unlock()
	return body, nil
}

// sameRendering reports whether two replies render to the same ack.
func sameRendering(a, b core.Reply) bool {
	return a.Title == b.Title && a.Body == b.Body && a.Footer == b.Footer && a.ThreadID == b.ThreadID &&
		a.Lang == b.Lang && a.Visibility == b.Visibility && a.Replace == b.Replace &&
		slices.Equal(a.Fields, b.Fields) && slices.Equal(a.Buttons, b.Buttons)
}
