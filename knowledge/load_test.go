package knowledge

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeFiles writes name -> content under a new temporary directory and returns it.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const (
	fileA = "entries:\n  - slug: a\n    related: [b]\n    en: {title: A, answer: Alpha.}\n    zh: {title: 甲, answer: 甲。}\n"
	fileB = "entries:\n  - slug: b\n    en: {title: B, answer: Beta.}\n    zh: {title: 乙, answer: 乙。}\n"
)

func TestLoadValidatesAcrossFiles(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string // error lines with the directory prefix removed
	}{
		{"duplicate slug in two files",
			map[string]string{"a.yaml": fileA, "b.yaml": fileB, "c.yml": strings.Replace(fileB, "Beta", "Bis", 1)},
			[]string{`c.yml:2: duplicate slug "b" (first defined at b.yaml:2)`}},
		{"unknown related slug",
			map[string]string{"a.yaml": fileA},
			[]string{`a.yaml:3: related slug "b" is not an entry`}},
		{"entry related to itself",
			map[string]string{"a.yaml": strings.Replace(fileA, "[b]", "[a, b]", 1), "b.yaml": fileB},
			[]string{`a.yaml:3: entry "a" lists itself as related`}},
		{"related slug listed twice",
			map[string]string{"a.yaml": strings.Replace(fileA, "[b]", "[b, b]", 1), "b.yaml": fileB},
			[]string{`a.yaml:3: related lists "b" twice`}},
		{"language missing from one entry",
			map[string]string{"a.yaml": fileA, "b.yaml": "entries:\n  - slug: b\n    en: {title: B, answer: Beta.}\n"},
			[]string{`b.yaml:2: entry "b" has no zh text (other entries have one)`}},
		{"no entries at all",
			map[string]string{"a.yaml": "entries: []\n"},
			[]string{`a.yaml:1: no entries: want "entries:" with at least one entry`}},
		{"errors of every file together",
			map[string]string{"a.yaml": "entries:\n  - slug: a\n    title: [unclosed\n", "b.yaml": strings.Replace(fileB, "title: B", "titel: B", 1)},
			[]string{"a.yaml:3: YAML syntax: did not find expected ',' or ']'", `b.yaml:3: unknown key "titel"; did you mean "title"?`, "b.yaml:3: en has no title"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, tt.files)
			_, err := Load([]string{dir})
			if err == nil {
				t.Fatalf("Load accepted the files, want %q", tt.want)
			}
			got := strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "")
			if got != strings.Join(tt.want, "\n") {
				t.Errorf("errors:\n%s\nwant:\n%s", got, strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestLoadFilesAndDirectories(t *testing.T) {
	dir := writeFiles(t, map[string]string{"a.yaml": fileA, "sub/b.yml": fileB, "notes.md": "not knowledge", ".hidden/x.yaml": "broken: ["})
	for _, paths := range [][]string{
		{dir},
		{filepath.Join(dir, "a.yaml"), filepath.Join(dir, "sub")},
		{filepath.Join(dir, "a.yaml"), filepath.Join(dir, "sub", "b.yml"), filepath.Join(dir, "a.yaml")}, // a file named twice counts once
	} {
		b, err := Load(paths)
		if err != nil {
			t.Fatalf("Load(%q): %v", paths, err)
		}
		if len(b.Entries) != 2 {
			t.Fatalf("Load(%q) = %d entries, want 2", paths, len(b.Entries))
		}
		if e, ok := b.Entry("b"); !ok || e.Texts[ZH].Title != "乙" {
			t.Errorf("Entry(b) = %+v, %v", e, ok)
		}
	}
}

func TestLoadReportsMissingPaths(t *testing.T) {
	dir := writeFiles(t, map[string]string{"empty/readme.txt": "x"})
	_, err := Load([]string{filepath.Join(dir, "nope.yaml"), filepath.Join(dir, "empty")})
	if err == nil {
		t.Fatal("Load accepted missing files")
	}
	want := filepath.Join(dir, "empty") + ": directory holds no *.yaml or *.yml knowledge files\n" +
		filepath.Join(dir, "nope.yaml") + ": stat: no such file or directory"
	if err.Error() != want {
		t.Errorf("error:\n%s\nwant:\n%s", err, want)
	}
}

func TestLoadAcceptsOneLanguageBase(t *testing.T) {
	// A base imported from a Chinese document has only zh: it must load as it is.
	dir := writeFiles(t, map[string]string{"zh.yaml": "entries:\n  - slug: 风险\n    zh: {title: 风险, answer: 技术风险。}\n  - slug: 融资\n    zh: {title: 融资, answer: 天使轮。}\n"})
	b, err := Load([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Langs(); len(got) != 1 || got[0] != ZH {
		t.Errorf("Langs() = %v, want [zh]", got)
	}
	text, lang := b.Entries[0].In(EN)
	if lang != ZH || text.Title != "风险" {
		t.Errorf("In(en) = %q in %s, want the zh text", text.Title, lang)
	}
}

func TestLoadWithoutPathsIsEmbedded(t *testing.T) {
	b, err := Load(nil)
	if err != nil {
		t.Fatal(err)
	}
	e, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Entries) != len(e.Entries) || len(b.Entries) == 0 {
		t.Errorf("Load(nil) has %d entries, Embedded %d", len(b.Entries), len(e.Entries))
	}
}
