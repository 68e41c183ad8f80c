package core

import (
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// Every notice an adapter can show exists in each language the bot speaks.
func TestNoticesInEveryLanguage(t *testing.T) {
	for id := range notices {
		n := Notice(id)
		for _, l := range knowledge.Langs {
			if _, ok := notices[id][l]; !ok || n.Text(l) == "" {
				t.Errorf("notice %s has no %s text", id, l)
			}
		}
	}
	if got := NoticePending.Both(); got != "Looking that up… 正在查找…" {
		t.Errorf("NoticePending.Both() = %q", got)
	}
	if got := NoticeDone.Text("fr"); got != "Done." {
		t.Errorf("a language the bot does not speak: %q; want English", got)
	}
}
