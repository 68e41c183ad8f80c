package core

import (
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// Every notice an adapter can show exists in each language the bot speaks.
func TestNoticesInEveryLanguage(t *testing.T) {
	for _, n := range []Notice{NoticePending, NoticeFailed, NoticeFailedTitle, NoticeUnknownCommand,
		NoticeUnknownCommandTitle, NoticeAlreadyHandled, NoticeAlreadyHandledTitle, NoticeDone, NoticePostedBelow} {
		for _, l := range knowledge.Langs {
			if _, ok := catalogue[msg(n)][l]; !ok || n.Text(l) == "" {
				t.Errorf("notice %s has no %s text", n, l)
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
