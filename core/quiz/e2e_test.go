package quiz_test

import (
	"strings"
	"testing"
	"testing/synctest"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge/search"
)

// Text commands typed by users reach the engine through core.Bot, in both languages.
func TestTextCommandsThroughCore(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFixture(t)
		base := embedded(t)
		bot := core.New(core.Options{Base: base, Search: search.New(base), Quiz: f.e})
		say := func(user, text string, manage bool) core.Reply {
			t.Helper()
			r := req("C1", user, text)
			r.CanManage = manage
			rep, err := bot.Handle(t.Context(), r)
			if err != nil {
				t.Fatalf("%q: %v", text, err)
			}
			return rep
		}
		tests := []struct {
			user, text string
			manage     bool
			want       string
		}{
			{"ann", "quiz subscribe @every 1m", false, "Only channel managers"},
			{"boss", "quiz subscribe weekdays 09:30 Asia/Shanghai", true, "Subscribed"},
			{"boss", "测验 订阅 25:00", true, "无法"},
			{"ann", "quiz status", false, "weekdays 09:30 Asia/Shanghai"},
			{"ann", "answer B", false, "no open quiz"},
			{"ann", "quiz", false, "Posted"},
			{"ann", "回答B", false, "答"},
			{"ann", "answer c", false, "already"},
			{"bob", "排行榜", false, "排行榜"},
			{"ann", "leaderboard", false, "this week"},
			{"boss", "quiz unsubscribe", true, "Unsubscribed"},
		}
		for _, tc := range tests {
			r := say(tc.user, tc.text, tc.manage)
			if got := r.Title + "\n" + r.Body; !strings.Contains(got, tc.want) {
				t.Errorf("%s: %q\n got %q, want %q in it", tc.user, tc.text, got, tc.want)
			}
			// Adapters that learn rights late ask again on exactly this mark (Slack's users.info).
			refused := tc.want == "Only channel managers"
			if got := r.Needs == core.NeedsManage; got != refused {
				t.Errorf("%q: needs-manage mark %v, want %v (%v)", tc.text, got, refused, r.Meta)
			}
		}
		// A press of a quiz button goes through core to the engine too.
		post := f.poster.posts()[0].reply
		press := req("C1", "cat", "")
		press.Kind, press.ActionID = core.KindAction, post.Buttons[0].ID
		if r, err := bot.Handle(t.Context(), press); err != nil || (!strings.Contains(r.Body, "Correct") && !strings.Contains(r.Body, "Not quite")) {
			t.Errorf("button press: %q, %v", r.Body, err)
		}
	})
}
