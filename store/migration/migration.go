// Package migration reads a store's versioned schema files, migrations/NNNN_name.sql (0001-0099
// the base store, 0100-0199 the quiz engine), which store/sqlite and store/postgres embed and
// apply each in their own way.
package migration

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
)

// Migration is one schema step.
type Migration struct {
	Version int
	Name    string // the file name's part after the version, without ".sql"
	SQL     string
}

var fileName = regexp.MustCompile(`^([0-9]{4})_([a-z0-9_]+)\.sql$`)

// Load reads every *.sql of fsys's migrations directory, sorted by version. A name not of the
// form NNNN_name.sql, version 0000 and a version used twice are errors.
func Load(fsys fs.FS) ([]Migration, error) {
	files, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return nil, fmt.Errorf("list migrations: %w", err)
	}
	var ms []Migration
	seen := map[int]string{}
	for _, f := range files {
		m := fileName.FindStringSubmatch(path.Base(f))
		if m == nil {
			return nil, fmt.Errorf("migration %s: name must be NNNN_name.sql (lower case)", f)
		}
		v, _ := strconv.Atoi(m[1]) // four digits: cannot fail
		if v == 0 {
			return nil, fmt.Errorf("migration %s: version 0000 is reserved", f)
		}
		if other, dup := seen[v]; dup {
			return nil, fmt.Errorf("migration %s: version %04d already used by %s", f, v, other)
		}
		seen[v] = f
		body, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", f, err)
		}
		ms = append(ms, Migration{Version: v, Name: m[2], SQL: string(body)})
	}
	slices.SortFunc(ms, func(a, b Migration) int { return a.Version - b.Version })
	return ms, nil
}

// CheckKnown refuses a migration a database has recorded but known lacks: the database was
// written by a newer version of the bot, and an older binary would misread its tables.
func CheckKnown(known []Migration, version int, name string) error {
	if slices.ContainsFunc(known, func(m Migration) bool { return m.Version == version }) {
		return nil
	}
	return fmt.Errorf("database has schema migration %04d_%s, which this binary does not know: "+
		"it was written by a newer bigmodel-bot; upgrade the binary or use another database", version, name)
}
