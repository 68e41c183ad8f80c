package slack

import (
	"net/url"
	"strings"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge/search"
)

// realBot is core answering from the shipped knowledge base.
func realBot(t testing.TB) (*core.Bot, *knowledge.Base) {
	t.Helper()
	base, err := knowledge.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return core.New(core.Options{Base: base, Search: search.New(base)}), base
}

func TestSlashCommandsThroughCoreAndTheShippedBase(t *testing.T) {
	bot, base := realBot(t)
	a := newTestAdapter(t, Options{Handler: bot, LinkAllowed: knowledge.LinkTargets(base)})
	cases := []struct {
		text      string
		want      []string // any of these in the ack
		wantShare bool
	}{
		{"risks", []string{"Technical risk", "技术风险"}, false},
		{"融资", []string{"融资"}, false},
		{"what are the legal risks?", []string{"egal"}, false},
		{"quarterly roadmap", []string{"help", "topics", "帮助"}, false},
		{"risks share", []string{"Technical risk", "技术风险"}, true},
		{"", []string{"help", "topics", "帮助"}, false},
		{"<!channel> risks", []string{"Technical risk", "技术风险"}, false},
	}
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			w := post(a, formType, commandForm(c.text, "https://hooks.slack.com/commands/T/1/x"))
			body := w.Body.String()
			if w.Code != 200 || !strings.Contains(body, `"blocks":[{`) {
				t.Fatalf("%d %s", w.Code, body)
			}
			found := false
			for _, s := range c.want {
				found = found || strings.Contains(strings.ToLower(body), strings.ToLower(s))
			}
			if !found {
				t.Errorf("ack lacks any of %q: %.300s", c.want, body)
			}
			if got := strings.Contains(body, `"response_type":"in_channel"`); got != c.wantShare {
				t.Errorf("public=%v, want %v", got, c.wantShare)
			}
			if strings.Contains(body, "<!channel>") {
				t.Error("mention injection echoed")
			}
		})
	}
}

func TestButtonsOfARealAnswerRoundTrip(t *testing.T) {
	bot, _ := realBot(t)
	fs := newFakeSlack(t)
	a := newTestAdapter(t, Options{Handler: bot, APIURL: fs.GetAPIURL()})
	m := decode(t, post(a, formType, commandForm("risks", "")).Body.Bytes())
	var ids []string
	for _, b := range m["blocks"].([]any) {
		blk := b.(map[string]any)
		if blk["type"] != "actions" {
			continue
		}
		for _, e := range blk["elements"].([]any) {
			ids = append(ids, e.(map[string]any)["action_id"].(string))
		}
	}
	var toggle string
	for _, id := range ids {
		if strings.HasPrefix(id, "lang:") {
			toggle = id
		}
	}
	if toggle == "" {
		t.Fatalf("no language toggle among %v", ids)
	}
	payload := `{"type":"block_actions","team":{"id":"T1"},"user":{"id":"U1"},"channel":{"id":"C1"},` +
		`"container":{"type":"message","message_ts":"1.1","channel_id":"C1","is_ephemeral":true},` +
		`"response_url":"` + fs.GetAPIURL() + `respond/1","actions":[{"action_id":"` + toggle + `","block_id":"b1","type":"button"}]}`
	if w := post(a, formType, url.Values{"payload": {payload}}.Encode()); w.Code != 200 {
		t.Fatalf("status %d", w.Code)
	}
	c := fs.next(t)
	if c.method != "response_url" || c.json["replace_original"] != true {
		t.Fatalf("toggle answer %s %v", c.method, c.json)
	}
}
