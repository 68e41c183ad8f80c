package config

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Error is one problem with the configuration, placed at the line of the file that causes it.
type Error struct {
	File string // "" when the problem is not in a file (defaults, environment)
	Line int    // 0 when unknown
	Msg  string
}

// Error prints "file:line: message", or less when the place is not known.
func (e *Error) Error() string {
	switch {
	case e.File != "" && e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	case e.File != "":
		return e.File + ": " + e.Msg
	}
	return e.Msg
}

// Errors is every problem found, in line order; each prints on its own line.
type Errors []*Error

// Error joins the problems one a line.
func (es Errors) Error() string {
	s := make([]string, len(es))
	for i, e := range es {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// err returns es as an error, nil when empty (a nil Errors in an error interface is not nil).
func (es Errors) err() error {
	if len(es) == 0 {
		return nil
	}
	return es
}

// sorted orders es by line, keeping the order of problems on one line; problems placed at no
// line (those naming an environment variable) come last.
func (es Errors) sorted() Errors {
	slices.SortStableFunc(es, func(a, b *Error) int {
		return cmp.Compare(sortLine(a), sortLine(b))
	})
	return es
}

func sortLine(e *Error) int {
	if e.Line == 0 {
		return int(^uint(0) >> 1)
	}
	return e.Line
}
