package quiz

import (
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

func BenchmarkNewBankShipped(b *testing.B) {
	base, err := knowledge.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		NewBank(base)
	}
}
