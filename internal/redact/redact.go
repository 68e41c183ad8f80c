// Package redact keeps secrets (tokens, signing secrets, database passwords) out of what the
// bot prints: a Set of known secret values and a Writer that replaces them on the way out.
//
// Scrubbing the byte stream rather than each call site is deliberate: a secret reaches output
// through paths nobody lists (a driver's error text, a panic value, a library's log line), and
// one filter in front of stdout and stderr catches them all.
package redact

import (
	"bytes"
	"encoding/json"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Mask is what a secret is replaced with.
const Mask = "[redacted]"

// MinLen is the shortest value treated as a secret: scrubbing a two-letter password would
// mangle every word that contains it, and such a value protects nothing anyway.
const MinLen = 4

// Set is a concurrency-safe set of secret values. The zero value is empty and ready; a nil *Set
// holds nothing.
type Set struct {
	mu       sync.RWMutex
	values   map[string]bool
	replacer *strings.Replacer // nil when empty
	needles  [][]byte          // every form, for the cheap "contains any" test
}

// NewSet makes a set holding secrets.
func NewSet(secrets ...string) *Set {
	s := &Set{}
	s.Add(secrets...)
	return s
}

// Add records secret values; blank values and those shorter than MinLen are ignored. Each is
// also recorded in the forms it takes once escaped for a URL, a quoted string or JSON, since a
// log line or an error may print it so.
func (s *Set) Add(secrets ...string) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.values == nil {
		s.values = map[string]bool{}
	}
	changed := false
	for _, v := range secrets {
		v = strings.TrimSpace(v)
		if len(v) < MinLen {
			continue
		}
		for _, f := range forms(v) {
			if len(f) >= MinLen && !s.values[f] {
				s.values[f] = true
				changed = true
			}
		}
	}
	if changed {
		s.rebuild()
	}
}

// forms is v as written and as the usual escapings print it.
func forms(v string) []string {
	out := []string{v, url.QueryEscape(v), url.PathEscape(v)}
	if q := strconv.Quote(v); len(q) >= 2 {
		out = append(out, q[1:len(q)-1])
	}
	if j, err := json.Marshal(v); err == nil && len(j) >= 2 {
		out = append(out, string(j[1:len(j)-1]))
	}
	return out
}

// rebuild makes the replacer, longest value first so that a secret containing another is
// masked whole.
func (s *Set) rebuild() {
	vals := make([]string, 0, len(s.values))
	for v := range s.values {
		vals = append(vals, v)
	}
	slices.SortFunc(vals, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	pairs := make([]string, 0, 2*len(vals))
	s.needles = s.needles[:0]
	for _, v := range vals {
		pairs = append(pairs, v, Mask)
		s.needles = append(s.needles, []byte(v))
	}
	s.replacer = strings.NewReplacer(pairs...)
}

// String returns str with every secret masked.
func (s *Set) String(str string) string {
	if s == nil {
		return str
	}
	s.mu.RLock()
	r := s.replacer
	s.mu.RUnlock()
	if r == nil {
		return str
	}
	return r.Replace(str)
}

// contains reports whether p holds any secret: the common case (none) then costs no copy.
func (s *Set) contains(p []byte) (*strings.Replacer, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, n := range s.needles {
		if bytes.Contains(p, n) {
			return s.replacer, true
		}
	}
	return nil, false
}

// Writer returns w with every secret of s masked in each Write. A secret split across two
// writes passes unmasked, so it is meant for writers that get whole lines or records at once,
// as log/slog's handlers and fmt.Fprint* give them.
func Writer(w io.Writer, s *Set) io.Writer {
	if s == nil {
		return w
	}
	return &writer{w: w, s: s}
}

type writer struct {
	w io.Writer
	s *Set
}

func (x *writer) Write(p []byte) (int, error) {
	r, ok := x.s.contains(p)
	if !ok {
		return x.w.Write(p)
	}
	if _, err := io.WriteString(x.w, r.Replace(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}
