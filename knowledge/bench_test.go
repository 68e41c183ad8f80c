package knowledge

import (
	"bytes"
	"os"
	"testing"
)

// BenchmarkEmbedded is the knowledge part of start-up: the whole bot must be ready in 150 ms.
func BenchmarkEmbedded(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Embedded(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkImportSeed(b *testing.B) {
	doc, err := os.ReadFile("testdata/seed-llm-startups.md")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Import("seed.md", bytes.NewReader(doc)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPoints(b *testing.B) {
	base, err := Embedded()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, e := range base.Entries {
			for _, t := range e.Texts {
				_ = t.Points()
			}
		}
	}
}
