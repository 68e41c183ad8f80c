// Package store holds what the SQL stores (store/sqlite, store/postgres) share apart from their
// SQL: the bounds on what callers may store, the stored form of dedup keys, times and decks,
// and how a quiz subscription or post row is read. Both stores keep to one contract
// (store/storetest), so these rules change for both at once.
package store

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
	MaxID     = 256 // platform, workspace, user, channel, slug, message id, user name
	MaxLang   = 16
	MaxSpec   = 512 // a quiz schedule; the quiz parser accepts far less
	MaxChoice = 8   // a quiz answer ("A".."D")
	maxKeyLen = 128 // dedup keys longer than this are stored as their hash
)

// Dedup pruning pace: every PruneEvery-th FirstSeen deletes up to PruneBatch expired keys,
// several times the insert rate, so the table stays near the number of live keys without a
// background goroutine and without one call paying for a large delete.
const (
	PruneEvery = 64
	PruneBatch = 256
)

// CheckUser validates a UserKey before it becomes part of a primary key.
func CheckUser(u core.UserKey) error {
	for _, f := range []string{u.Platform, u.Workspace, u.User} {
		if len(f) > MaxID {
			return fmt.Errorf("user key: a field is %d bytes, more than %d", len(f), MaxID)
		}
	}
	if u.Platform == "" || u.User == "" {
		return fmt.Errorf("user key %q/%q/%q: platform and user must be set", u.Platform, u.Workspace, u.User)
	}
	return nil
}

// CheckChannel validates a ChannelKey before it becomes part of a key.
func CheckChannel(ch core.ChannelKey) error {
	for _, f := range []string{ch.Platform, ch.Workspace, ch.Channel} {
		if len(f) > MaxID {
			return fmt.Errorf("channel key: a field is %d bytes, more than %d", len(f), MaxID)
		}
	}
	if ch.Platform == "" || ch.Channel == "" {
		return fmt.Errorf("channel key %q/%q/%q: platform and channel must be set", ch.Platform, ch.Workspace, ch.Channel)
	}
	return nil
}

// CheckField validates one free identifier (slug, channel, lang).
func CheckField(what, v string, limit int, required bool) error {
	if required && v == "" {
		return fmt.Errorf("%s is empty", what)
	}
	if len(v) > limit {
		return fmt.Errorf("%s is %d bytes, more than %d", what, len(v), limit)
	}
	return nil
}

// ClipName cuts a display name to MaxID bytes without leaving half a character: names are
// shown, not keyed on, so a long one is shortened rather than refused.
func ClipName(name string) string {
	if len(name) > MaxID {
		return strings.ToValidUTF8(name[:MaxID], "")
	}
	return name
}

// DedupKey maps an event key to what is stored: itself when short and clean, else its SHA-256,
// so any key costs a bounded row and never trips the text encoding.
func DedupKey(key string) (string, error) {
	if key == "" {
		return "", fmt.Errorf("dedup key is empty")
	}
	if len(key) <= maxKeyLen && utf8.ValidString(key) && !strings.ContainsRune(key, 0) && !strings.HasPrefix(key, "sha256:") {
		return key, nil
	}
	sum := sha256.Sum256([]byte(key))
	return "sha256:" + hex.EncodeToString(sum[:]), nil
}
