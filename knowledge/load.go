package knowledge

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// embedded is the shipped base. The directory, not a *.yaml pattern, is embedded so that the
// package builds while the base's files are being written; Embedded picks the YAML files.
//
//go:embed base
var embedded embed.FS

// source is one knowledge file's name (as errors print it) and content.
type source struct {
	name string
	data []byte
}

// Embedded loads and validates the shipped base, knowledge/base/*.yaml.
func Embedded() (*Base, error) {
	names, err := fs.Glob(embedded, "base/*")
	if err != nil {
		return nil, fmt.Errorf("list embedded knowledge: %w", err)
	}
	var files []source
	for _, n := range names {
		if !isYAML(n) {
			continue
		}
		data, err := embedded.ReadFile(n)
		if err != nil {
			return nil, fmt.Errorf("read embedded %s: %w", n, err)
		}
		files = append(files, source{name: "knowledge/" + n, data: data})
	}
	var errs errList
	if len(files) == 0 {
		errs.add(Pos{File: "knowledge/base"}, "no *.yaml knowledge files embedded")
	}
	return build(files, &errs)
}

// Load reads knowledge files and directories of *.yaml and *.yml files (searched
// recursively) into one validated base; no paths means the embedded base. Its error is
// Errors, one "file:line: message" per problem, for `bot kb check`.
func Load(paths []string) (*Base, error) {
	if len(paths) == 0 {
		return Embedded()
	}
	var (
		errs  errList
		files []source
		seen  = map[string]bool{}
	)
	for _, p := range paths {
		for _, name := range expand(p, &errs) {
			if abs, err := filepath.Abs(name); err == nil {
				if seen[abs] {
					continue // the same file named twice is not a duplicate definition
				}
				seen[abs] = true
			}
			data, ok := readFile(name, &errs)
			if ok {
				files = append(files, source{name: name, data: data})
			}
		}
	}
	return build(files, &errs)
}

// expand lists the knowledge files a path names: itself, or the YAML files under it.
func expand(p string, errs *errList) []string {
	info, err := os.Stat(p)
	if err != nil {
		errs.add(Pos{File: p}, "%s", describe(err))
		return nil
	}
	if !info.IsDir() {
		return []string{p}
	}
	var out []string
	err = filepath.WalkDir(p, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			errs.add(Pos{File: name}, "%s", describe(err))
			return nil
		}
		if d.IsDir() && name != p && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if !d.IsDir() && isYAML(name) {
			out = append(out, name)
		}
		return nil
	})
	if err != nil {
		errs.add(Pos{File: p}, "%s", describe(err))
	}
	if len(out) == 0 {
		errs.add(Pos{File: p}, "directory holds no *.yaml or *.yml knowledge files")
	}
	return out
}

func readFile(name string, errs *errList) ([]byte, bool) {
	info, err := os.Stat(name)
	if err != nil {
		errs.add(Pos{File: name}, "%s", describe(err))
		return nil, false
	}
	if info.Size() > maxFileSize {
		errs.add(Pos{File: name, Line: 1}, "file is larger than %d bytes", maxFileSize)
		return nil, false
	}
	data, err := os.ReadFile(name)
	if err != nil {
		errs.add(Pos{File: name}, "%s", describe(err))
		return nil, false
	}
	return data, true
}

// describe drops the path from an fs error: the position already names it.
func describe(err error) string {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Op + ": " + pe.Err.Error()
	}
	return err.Error()
}

func isYAML(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".yaml" || ext == ".yml"
}

// build parses every file and validates the entries together.
func build(files []source, errs *errList) (*Base, error) {
	var all []*parsed
	about := map[Lang]aboutText{}
	for _, f := range files {
		ps, ab := parseFile(f.name, f.data, errs)
		all = append(all, ps...)
		for _, l := range Langs {
			t, ok := ab[l]
			if !ok {
				continue
			}
			if first, dup := about[l]; dup {
				// One base, one subject: two files saying different things would be a guess.
				errs.add(t.at, "about.%s is set twice (first at %s:%d); set it in one file", l, first.at.File, first.at.Line)
				continue
			}
			about[l] = t
		}
	}
	validate(all, files, errs)
	if err := errs.err(); err != nil {
		return nil, err
	}
	entries := make([]*Entry, len(all))
	for i, p := range all {
		entries[i] = p.e
	}
	b := NewBase(entries)
	for l, t := range about {
		if b.About == nil {
			b.About = map[Lang]string{}
		}
		b.About[l] = t.text
	}
	return b, nil
}

// validate runs the checks that need every entry: duplicates, related slugs, languages.
func validate(all []*parsed, files []source, errs *errList) {
	if len(all) == 0 {
		if len(errs.errs) == 0 && len(files) > 0 {
			errs.add(Pos{File: files[0].name, Line: 1}, "no entries: want \"entries:\" with at least one entry")
		}
		return
	}
	checkDuplicates(all, errs)
	slugs := make(map[string]bool, len(all))
	langs := map[Lang]bool{}
	for _, p := range all {
		slugs[p.e.Slug] = true
		for l := range p.e.Texts {
			langs[l] = true
		}
	}
	var want []Lang
	for l := range langs {
		want = append(want, l)
	}
	sort.Slice(want, func(i, j int) bool { return want[i] < want[j] })
	for _, p := range all {
		if len(p.e.Texts) > 0 {
			for _, l := range want {
				if _, ok := p.e.Texts[l]; !ok {
					errs.add(p.e.Source, "entry %q has no %s text (other entries have one)", p.e.Slug, l)
				}
			}
		}
		listed := map[string]bool{}
		for i, r := range p.e.Related {
			switch {
			case listed[r]:
				errs.add(p.related[i], "related lists %q twice", clip(r, 40))
			case r == p.e.Slug:
				errs.add(p.related[i], "entry %q lists itself as related", p.e.Slug)
			case !slugs[r]:
				errs.add(p.related[i], "related slug %q is not an entry", clip(r, 40))
			}
			listed[r] = true
		}
	}
}

// checkDuplicates reports a slug defined twice, naming both places.
func checkDuplicates(ps []*parsed, errs *errList) {
	first := make(map[string]Pos, len(ps))
	for _, p := range ps {
		if p.e.Slug == "" {
			continue
		}
		if at, dup := first[p.e.Slug]; dup {
			errs.add(p.e.Source, "duplicate slug %q (first defined at %s:%d)", p.e.Slug, at.File, at.Line)
			continue
		}
		first[p.e.Slug] = p.e.Source
	}
}
