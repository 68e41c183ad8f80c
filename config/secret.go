package config

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
)

const redacted = "[redacted]"

// Secret holds a token or key. It prints, logs and marshals as "[redacted]" so that a config
// dumped into a log line or an error never shows the value; Reveal hands it to the one place
// that needs it.
type Secret struct {
	v string
}

// NewSecret wraps a value (tests and callers building a Config in code).
func NewSecret(v string) Secret { return Secret{v: v} }

// Reveal returns the secret value itself.
func (s Secret) Reveal() string { return s.v }

// IsSet reports whether the secret has a value.
func (s Secret) IsSet() bool { return s.v != "" }

// String prints "[redacted]", or "" when unset so a missing secret is still visible as missing.
func (s Secret) String() string {
	if s.v == "" {
		return ""
	}
	return redacted
}

// GoString keeps %#v from printing the value.
func (s Secret) GoString() string { return `config.Secret("` + s.String() + `")` }

// Format prints the redacted form whatever the verb, so %d or %x cannot reach the value either.
func (s Secret) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		io.WriteString(f, s.GoString())
		return
	}
	io.WriteString(f, s.String())
}

// LogValue keeps log/slog from printing the value.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalJSON keeps encoding/json from printing the value.
func (s Secret) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// MarshalText keeps text encoders (and YAML) from printing the value.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }
