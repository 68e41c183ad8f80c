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

// A base says what it covers in a top-level "about"; kb check reports a bad one by file:line.
func TestAbout(t *testing.T) {
	dir := t.TempDir()
	entry := "entries:\n  - slug: a\n    zh: {title: 标题, answer: 答案}\n"
	files := map[string]string{
		"good.yaml":  "about:\n  en: coffee brewing\n  zh: 手冲咖啡\n" + entry,
		"long.yaml":  "about:\n  en: " + strings.Repeat("x", 61) + "\n" + entry,
		"lang.yaml":  "about:\n  fr: café\n" + entry,
		"twice.yaml": "about: {en: tea}\nentries:\n  - slug: b\n    zh: {title: 茶, answer: 喝茶}\n",
		"plain.yaml": "about: coffee\n" + entry,
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	b, err := Load([]string{filepath.Join(dir, "good.yaml")})
	if err != nil {
		t.Fatal(err)
	}
	if b.About[EN] != "coffee brewing" || b.About[ZH] != "手冲咖啡" {
		t.Errorf("about = %v", b.About)
	}
	if b, err := Embedded(); err != nil || b.About[EN] != "starting a large-model (LLM) company" || b.About[ZH] != "大模型创业" {
		t.Errorf("the shipped base's about: %v %v", b.About, err)
	}
	for name, want := range map[string]string{
		"long.yaml":  "long.yaml:2: about.en is longer than 60 characters",
		"lang.yaml":  `lang.yaml:2: unknown key "fr"`,
		"plain.yaml": "plain.yaml:1: about: want a mapping",
	} {
		if _, err := Load([]string{filepath.Join(dir, name)}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", name, err, want)
		}
	}
	_, err = Load([]string{filepath.Join(dir, "good.yaml"), filepath.Join(dir, "twice.yaml")})
	if err == nil || !strings.Contains(err.Error(), "twice.yaml:1: about.en is set twice (first at ") {
		t.Errorf("about in two files: %v", err)
	}
}
