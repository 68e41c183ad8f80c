package sqlite

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

// Bounds on what callers may store. Platform ids are far shorter; the bounds keep a hostile or
// buggy caller from filling the disk through a single field.
const (
	maxIDLen   = 256 // platform, workspace, user, channel, slug
	maxLangLen = 16
	maxKeyLen  = 128 // dedup keys longer than this are stored as their hash
)

// checkUser validates a UserKey before it becomes part of a primary key.
func checkUser(u core.UserKey) error {
	for _, f := range []string{u.Platform, u.Workspace, u.User} {
		if len(f) > maxIDLen {
			return fmt.Errorf("user key: a field is %d bytes, more than %d", len(f), maxIDLen)
		}
	}
	if u.Platform == "" || u.User == "" {
		return fmt.Errorf("user key %q/%q/%q: platform and user must be set", u.Platform, u.Workspace, u.User)
	}
	return nil
}

// checkField validates one free identifier (slug, channel, lang).
func checkField(what, v string, limit int, required bool) error {
	if required && v == "" {
		return fmt.Errorf("%s is empty", what)
	}
	if len(v) > limit {
		return fmt.Errorf("%s is %d bytes, more than %d", what, len(v), limit)
	}
	return nil
}

// dedupKey maps an event key to what is stored: itself when short and clean, else its SHA-256,
// so any key costs a bounded row and never trips the text encoding.
func dedupKey(key string) (string, error) {
	if key == "" {
		return "", fmt.Errorf("dedup key is empty")
	}
	if len(key) <= maxKeyLen && utf8.ValidString(key) && !strings.ContainsRune(key, 0) && !strings.HasPrefix(key, "sha256:") {
		return key, nil
	}
	sum := sha256.Sum256([]byte(key))
	return "sha256:" + hex.EncodeToString(sum[:]), nil
}
