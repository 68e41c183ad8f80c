package migration

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadSortsByVersion(t *testing.T) {
	fsys := fstest.MapFS{
		"migrations/0100_quiz.sql": {Data: []byte("CREATE TABLE q (x INTEGER);")},
		"migrations/0001_base.sql": {Data: []byte("CREATE TABLE b (y TEXT);")},
		"migrations/README.md":     {Data: []byte("not a migration")},
	}
	ms, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 || ms[0].Version != 1 || ms[0].Name != "base" || ms[1].Version != 100 ||
		ms[1].SQL != "CREATE TABLE q (x INTEGER);" {
		t.Fatalf("Load = %+v; want 0001_base then 0100_quiz with its SQL", ms)
	}
}

func TestLoadRefusesBadNames(t *testing.T) {
	cases := map[string]fstest.MapFS{
		"bad name":  {"migrations/1_x.sql": {Data: []byte("SELECT 1;")}},
		"upper":     {"migrations/0002_Base.sql": {Data: []byte("SELECT 1;")}},
		"duplicate": {"migrations/0002_a.sql": {}, "migrations/0002_b.sql": {}},
		"zero":      {"migrations/0000_a.sql": {}},
	}
	for name, fsys := range cases {
		if _, err := Load(fsys); err == nil {
			t.Errorf("%s: Load accepted it", name)
		}
	}
}

func TestCheckKnown(t *testing.T) {
	known := []Migration{{Version: 1, Name: "base"}, {Version: 100, Name: "quiz"}}
	if err := CheckKnown(known, 100, "quiz"); err != nil {
		t.Errorf("a known migration: %v", err)
	}
	err := CheckKnown(known, 9999, "from_the_future")
	if err == nil || !strings.Contains(err.Error(), "9999_from_the_future") || !strings.Contains(err.Error(), "newer") {
		t.Errorf("an unknown migration: %v; want an error naming 9999_from_the_future and 'newer'", err)
	}
}
