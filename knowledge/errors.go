package knowledge

import (
	"fmt"
	"sort"
	"strings"
)

// maxErrors caps how many problems one load reports: past that the rest is noise.
const maxErrors = 50

// Error is one problem in a knowledge file, printed as "file:line: message".
type Error struct {
	Pos Pos
	Msg string
}

// Error formats the problem as "file:line: message" (or "file: message" without a line).
func (e *Error) Error() string {
	switch {
	case e.Pos.File == "":
		return e.Msg
	case e.Pos.Line <= 0:
		return e.Pos.File + ": " + e.Msg
	}
	return fmt.Sprintf("%s:%d: %s", e.Pos.File, e.Pos.Line, e.Msg)
}

// Errors is every problem found in a set of knowledge files, sorted by file and line.
type Errors []*Error

// Error prints one "file:line: message" line per problem.
func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// errList collects problems up to maxErrors.
type errList struct {
	errs      Errors
	truncated bool
}

func (l *errList) add(pos Pos, format string, args ...any) {
	if len(l.errs) >= maxErrors {
		l.truncated = true
		return
	}
	l.errs = append(l.errs, &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

func (l *errList) full() bool { return len(l.errs) >= maxErrors }

// err returns the sorted problems as Errors, or nil when there are none.
func (l *errList) err() error {
	if len(l.errs) == 0 {
		return nil
	}
	out := make(Errors, len(l.errs))
	copy(out, l.errs)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Pos.File != out[j].Pos.File {
			return out[i].Pos.File < out[j].Pos.File
		}
		return out[i].Pos.Line < out[j].Pos.Line
	})
	if l.truncated {
		out = append(out, &Error{Msg: fmt.Sprintf("too many errors (showing the first %d)", maxErrors)})
	}
	return out
}
