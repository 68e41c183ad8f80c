package discord

import (
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

func messageUnits(m message) int {
	n := 0
	for _, e := range m.Embeds {
		n += embedUnits(e)
	}
	return n
}

func TestRenderKeepsWithinLimits(t *testing.T) {
	para := func(word string, n int) string { return strings.TrimSpace(strings.Repeat(word+" ", n)) }
	many := func(n int) []core.Field {
		var fs []core.Field
		for i := 0; i < n; i++ {
			fs = append(fs, core.Field{Name: para("name", 80), Value: para("value", 300)})
		}
		return fs
	}
	cases := []struct {
		name string
		r    core.Reply
		msgs int
	}{
		{"short", core.Reply{Title: "t", Body: "b"}, 1},
		{"empty", core.Reply{}, 1},
		{"long title", core.Reply{Title: para("title", 100), Body: "b"}, 1},
		{"one long paragraph", core.Reply{Body: para("word", 2000)}, 2},
		{"paragraphs", core.Reply{Body: para("alpha", 600) + "\n\n" + para("beta", 600) + "\n\n" + para("gamma", 600)}, 3},
		{"no spaces", core.Reply{Body: strings.Repeat("风", 9000)}, 2},
		{"emoji count double", core.Reply{Body: strings.Repeat("😀", 5000)}, 2},
		{"many fields", core.Reply{Title: "t", Body: "b", Fields: many(40), Footer: para("foot", 600)}, 0},
		{"huge", core.Reply{Body: para("word", 30000)}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			msgs := render(c.r, nil)
			if c.msgs > 0 && len(msgs) != c.msgs {
				t.Errorf("%d messages, want %d", len(msgs), c.msgs)
			}
			var text strings.Builder
			for _, m := range msgs {
				if len(m.Embeds) == 0 || len(m.Embeds) > maxEmbeds {
					t.Errorf("message with %d embeds", len(m.Embeds))
				}
				if n := messageUnits(m); n > maxMessage {
					t.Errorf("message of %d characters", n)
				}
				for _, e := range m.Embeds {
					if units(e.Title) > maxTitle || units(e.Description) > maxDescription || len(e.Fields) > maxFields {
						t.Errorf("embed over limits: %d/%d/%d", units(e.Title), units(e.Description), len(e.Fields))
					}
					for _, f := range e.Fields {
						if units(f.Name) > maxFieldName || units(f.Value) > maxFieldValue || f.Name == "" || f.Value == "" {
							t.Errorf("field over limits or empty")
						}
					}
					if e.Footer != nil && units(e.Footer.Text) > maxFooter {
						t.Errorf("footer of %d", units(e.Footer.Text))
					}
					text.WriteString(e.Description)
				}
			}
			// Splitting loses no words of the body.
			if c.r.Body != "" && len(c.r.Body) < 200000 {
				want := strings.Join(strings.Fields(c.r.Body), "")
				got := strings.Join(strings.Fields(text.String()), "")
				if got != want {
					t.Errorf("body changed by splitting: %d bytes in, %d out", len(want), len(got))
				}
			}
		})
	}
}

func TestRenderSplitsAtParagraphs(t *testing.T) {
	a, b := strings.Repeat("a ", 1500), strings.Repeat("b ", 1500)
	msgs := render(core.Reply{Body: strings.TrimSpace(a) + "\n\n" + strings.TrimSpace(b)}, nil)
	if len(msgs) != 1 || len(msgs[0].Embeds) != 2 {
		t.Fatalf("want one message of two embeds, got %d messages", len(msgs))
	}
	if strings.Contains(msgs[0].Embeds[0].Description, "b") || strings.Contains(msgs[0].Embeds[1].Description, "a") {
		t.Error("the cut is not at the paragraph break")
	}
}

func TestRenderEmptyReplyHasAnEmbed(t *testing.T) {
	for _, l := range []knowledge.Lang{knowledge.EN, knowledge.ZH} {
		m := render(core.Reply{Lang: l}, nil)
		if len(m) != 1 || len(m[0].Embeds) != 1 || m[0].Embeds[0].Description == "" {
			t.Errorf("%s: %+v", l, m)
		}
	}
}

// buttonIDs flattens rendered rows to custom ids, checking row and label limits on the way.
func buttonIDs(t *testing.T, rows []discordgo.MessageComponent) []string {
	t.Helper()
	var ids []string
	if len(rows) > maxRows {
		t.Errorf("%d rows", len(rows))
	}
	for _, c := range rows {
		row, ok := c.(discordgo.ActionsRow)
		if !ok || len(row.Components) == 0 || len(row.Components) > maxButtonsRow {
			t.Errorf("row %#v: want an action row of 1 to %d buttons", c, maxButtonsRow)
			continue
		}
		for _, bc := range row.Components {
			b, ok := bc.(discordgo.Button)
			if !ok || units(b.Label) > maxLabel || b.Label == "" || len(b.CustomID) > maxCustomID {
				t.Errorf("button over limits: %#v", bc)
			}
			ids = append(ids, b.CustomID)
		}
	}
	return ids
}

func TestButtons(t *testing.T) {
	long := strings.Repeat("x", 95)
	var thirty []core.Button
	for i := 0; i < 30; i++ {
		thirty = append(thirty, core.Button{ID: "topic:t" + itoa(i), Label: strings.Repeat("L", 100)})
	}
	cases := []struct {
		name    string
		in      []core.Button
		wantIDs []string
		count   int
	}{
		{name: "id and value joined", in: []core.Button{{ID: "fb:up:risks", Value: "zh", Label: "ok"}}, wantIDs: []string{"fb:up:risks|zh"}},
		{name: "value dropped when too long", in: []core.Button{{ID: "quiz:p1:A", Value: long, Label: "A"}}, wantIDs: []string{"quiz:p1:A"}},
		{name: "id too long dropped", in: []core.Button{{ID: "topic:" + strings.Repeat("y", 100), Label: "x"}, {ID: "ok", Label: "ok"}}, wantIDs: []string{"ok"}},
		{name: "duplicates dropped", in: []core.Button{{ID: "a", Label: "1"}, {ID: "a", Label: "2"}}, wantIDs: []string{"a"}},
		{name: "empty id dropped", in: []core.Button{{Label: "nothing"}}},
		{name: "at most 25", in: thirty, count: 25},
	}
	for _, c := range cases {
		got := buttonIDs(t, components(c.in))
		if c.count > 0 {
			if len(got) != c.count {
				t.Errorf("%s: %d buttons, want %d", c.name, len(got), c.count)
			}
			continue
		}
		if strings.Join(got, ",") != strings.Join(c.wantIDs, ",") {
			t.Errorf("%s: ids %q, want %q", c.name, got, c.wantIDs)
		}
	}
}

func TestButtonPressRoundTrip(t *testing.T) {
	for _, b := range []core.Button{{ID: "fb:up:risks", Value: "zh"}, {ID: "lang:en:risks"}, {ID: "quiz:p9:C", Value: "slot|2026"}} {
		id, ok := customID(b)
		if !ok {
			t.Fatalf("%+v dropped", b)
		}
		gotID, gotValue := splitCustomID(id)
		if gotID != b.ID || gotValue != b.Value {
			t.Errorf("%+v came back as %q, %q", b, gotID, gotValue)
		}
	}
}
