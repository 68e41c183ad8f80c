package postgres

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/store"
)

// The checks of package store, plus what a PostgreSQL text column cannot hold: invalid UTF-8
// and NUL bytes (SQLite stores those as they come).

// checkText refuses a value that is not valid UTF-8 or holds a NUL byte.
func checkText(what string, vs ...string) error {
	for _, v := range vs {
		if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
			return fmt.Errorf("%s is not valid UTF-8 text", what)
		}
	}
	return nil
}

// checkUser validates a UserKey before it becomes part of a primary key.
func checkUser(u core.UserKey) error {
	if err := store.CheckUser(u); err != nil {
		return err
	}
	return checkText("user key", u.Platform, u.Workspace, u.User)
}

// checkChannel validates a ChannelKey before it becomes part of a key.
func checkChannel(ch core.ChannelKey) error {
	if err := store.CheckChannel(ch); err != nil {
		return err
	}
	return checkText("channel key", ch.Platform, ch.Workspace, ch.Channel)
}

// checkField validates one free identifier (slug, channel, lang).
func checkField(what, v string, limit int, required bool) error {
	if err := store.CheckField(what, v, limit, required); err != nil {
		return err
	}
	return checkText(what, v)
}
