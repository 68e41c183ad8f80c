package discord

import (
	"errors"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// jsonReader is a small JSON reader for interaction payloads: it walks the input once, reading
// the fields the bot uses and validating and skipping the rest, where encoding/json scans it
// twice and goes through reflection. It follows encoding/json where the two could differ on
// valid input: keys match case-insensitively, the last duplicate wins, invalid UTF-8 and lone
// surrogates become U+FFFD, null leaves a field unset.
type jsonReader struct {
	b     []byte
	i     int
	depth int
}

var errJSON = errors.New("malformed JSON")

// maxDepth matches encoding/json's nesting limit.
const maxDepth = 10000

func (r *jsonReader) ws() {
	for r.i < len(r.b) {
		switch r.b[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

// peek returns the next non-space byte, or 0 at the end.
func (r *jsonReader) peek() byte {
	r.ws()
	if r.i < len(r.b) {
		return r.b[r.i]
	}
	return 0
}

func (r *jsonReader) literal(s string) error {
	if len(r.b)-r.i < len(s) || string(r.b[r.i:r.i+len(s)]) != s {
		return errJSON
	}
	r.i += len(s)
	return nil
}

// null consumes a null and reports whether there was one.
func (r *jsonReader) null() bool {
	if r.peek() == 'n' && r.literal("null") == nil {
		return true
	}
	return false
}

// object calls field for each key; field must consume the value.
func (r *jsonReader) object(field func(key []byte) error) error {
	if r.peek() != '{' {
		return errJSON
	}
	if r.depth++; r.depth > maxDepth {
		return errJSON
	}
	r.i++
	if r.peek() == '}' {
		r.i++
		r.depth--
		return nil
	}
	var key []byte
	for {
		if r.peek() != '"' {
			return errJSON
		}
		k, err := r.str(key[:0])
		if err != nil {
			return err
		}
		key = k
		if r.peek() != ':' {
			return errJSON
		}
		r.i++
		if err := field(key); err != nil {
			return err
		}
		switch r.peek() {
		case ',':
			r.i++
		case '}':
			r.i++
			r.depth--
			return nil
		default:
			return errJSON
		}
	}
}

// array calls elem for each element; elem must consume it.
func (r *jsonReader) array(elem func() error) error {
	if r.peek() != '[' {
		return errJSON
	}
	if r.depth++; r.depth > maxDepth {
		return errJSON
	}
	r.i++
	if r.peek() == ']' {
		r.i++
		r.depth--
		return nil
	}
	for {
		if err := elem(); err != nil {
			return err
		}
		switch r.peek() {
		case ',':
			r.i++
		case ']':
			r.i++
			r.depth--
			return nil
		default:
			return errJSON
		}
	}
}

// string reads a string value; null gives "".
func (r *jsonReader) string() (string, error) {
	if r.null() {
		return "", nil
	}
	if r.peek() != '"' {
		return "", errJSON
	}
	b, err := r.str(nil)
	return string(b), err
}

// str appends the decoded string at r.i (which is '"') to buf.
func (r *jsonReader) str(buf []byte) ([]byte, error) {
	r.i++
	start := r.i
	for r.i < len(r.b) { // fast path: no escapes, ASCII
		c := r.b[r.i]
		if c == '"' {
			buf = append(buf, r.b[start:r.i]...)
			r.i++
			return buf, nil
		}
		if c == '\\' || c < 0x20 || c >= 0x80 {
			break
		}
		r.i++
	}
	buf = append(buf, r.b[start:r.i]...)
	for r.i < len(r.b) {
		c := r.b[r.i]
		switch {
		case c == '"':
			r.i++
			return buf, nil
		case c < 0x20:
			return nil, errJSON
		case c == '\\':
			var err error
			if buf, err = r.escape(buf); err != nil {
				return nil, err
			}
		case c < utf8.RuneSelf:
			buf = append(buf, c)
			r.i++
		default:
			ru, size := utf8.DecodeRune(r.b[r.i:])
			if ru == utf8.RuneError && size == 1 {
				buf = utf8.AppendRune(buf, utf8.RuneError)
			} else {
				buf = append(buf, r.b[r.i:r.i+size]...)
			}
			r.i += size
		}
	}
	return nil, errJSON
}

func (r *jsonReader) escape(buf []byte) ([]byte, error) {
	if r.i+1 >= len(r.b) {
		return nil, errJSON
	}
	c := r.b[r.i+1]
	r.i += 2
	switch c {
	case '"', '\\', '/':
		return append(buf, c), nil
	case 'b':
		return append(buf, '\b'), nil
	case 'f':
		return append(buf, '\f'), nil
	case 'n':
		return append(buf, '\n'), nil
	case 'r':
		return append(buf, '\r'), nil
	case 't':
		return append(buf, '\t'), nil
	case 'u':
		ru := r.hex4(r.i)
		if ru < 0 {
			return nil, errJSON
		}
		r.i += 4
		if utf16.IsSurrogate(ru) {
			ru2 := rune(-1)
			if r.i+1 < len(r.b) && r.b[r.i] == '\\' && r.b[r.i+1] == 'u' {
				ru2 = r.hex4(r.i + 2)
			}
			if d := utf16.DecodeRune(ru, ru2); d != utf8.RuneError {
				r.i += 6
				return utf8.AppendRune(buf, d), nil
			}
			ru = utf8.RuneError
		}
		return utf8.AppendRune(buf, ru), nil
	}
	return nil, errJSON
}

// hex4 reads four hex digits at i, or returns -1.
func (r *jsonReader) hex4(i int) rune {
	if i+4 > len(r.b) {
		return -1
	}
	var v rune
	for _, c := range r.b[i : i+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return -1
		}
		v = v<<4 | rune(c)
	}
	return v
}

// number returns the bytes of a number literal, checked against JSON's grammar.
func (r *jsonReader) number() ([]byte, error) {
	r.ws()
	s := r.i
	if r.i < len(r.b) && r.b[r.i] == '-' {
		r.i++
	}
	switch {
	case r.i < len(r.b) && r.b[r.i] == '0':
		r.i++
	case r.i < len(r.b) && '1' <= r.b[r.i] && r.b[r.i] <= '9':
		r.digits()
	default:
		return nil, errJSON
	}
	if r.i < len(r.b) && r.b[r.i] == '.' {
		r.i++
		if r.digits() == 0 {
			return nil, errJSON
		}
	}
	if r.i < len(r.b) && (r.b[r.i] == 'e' || r.b[r.i] == 'E') {
		r.i++
		if r.i < len(r.b) && (r.b[r.i] == '+' || r.b[r.i] == '-') {
			r.i++
		}
		if r.digits() == 0 {
			return nil, errJSON
		}
	}
	return r.b[s:r.i], nil
}

func (r *jsonReader) digits() int {
	n := 0
	for r.i < len(r.b) && '0' <= r.b[r.i] && r.b[r.i] <= '9' {
		r.i++
		n++
	}
	return n
}

// small reads an integer 0..255 (the type fields); null gives 0.
func (r *jsonReader) small() (uint8, error) {
	if r.null() {
		return 0, nil
	}
	n, err := r.number()
	if err != nil {
		return 0, err
	}
	v, err := strconv.ParseUint(string(n), 10, 8)
	if err != nil {
		return 0, errJSON
	}
	return uint8(v), nil
}

// boolean reads true or false; null gives false.
func (r *jsonReader) boolean() (bool, error) {
	switch r.peek() {
	case 't':
		return true, r.literal("true")
	case 'f':
		return false, r.literal("false")
	case 'n':
		return false, r.literal("null")
	}
	return false, errJSON
}

// skip validates and skips any value.
func (r *jsonReader) skip() error {
	switch r.peek() {
	case '{':
		return r.object(func([]byte) error { return r.skip() })
	case '[':
		return r.array(r.skip)
	case '"':
		_, err := r.str(nil)
		return err
	case 't':
		return r.literal("true")
	case 'f':
		return r.literal("false")
	case 'n':
		return r.literal("null")
	}
	_, err := r.number()
	return err
}

// any reads a value as encoding/json would into interface{}, for option values: strings,
// numbers (float64) and booleans; objects and arrays are validated and left nil.
func (r *jsonReader) any() (any, error) {
	switch r.peek() {
	case '"':
		return r.string()
	case 't', 'f':
		return r.boolean()
	case 'n':
		return nil, r.literal("null")
	case '{', '[':
		return nil, r.skip()
	}
	n, err := r.number()
	if err != nil {
		return nil, err
	}
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil {
		return nil, errJSON
	}
	return f, nil
}

// is reports whether key is name, ignoring ASCII case as encoding/json does.
func is(key []byte, name string) bool {
	if len(key) != len(name) {
		return false
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != name[i] {
			return false
		}
	}
	return true
}
