package discord

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

func stdEncode(t testing.TB, r *response) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// responsesFor builds every kind of response the package sends around the text s.
func responsesFor(s string) []*response {
	reply := core.Reply{Title: s, Body: s + "\n\n**" + s + "**", Footer: s, Fields: []core.Field{{Name: s, Value: s, Inline: true}, {Name: "n", Value: s}},
		Buttons: []core.Button{{ID: "topic:" + s, Label: s}, {ID: "fb:up:x", Label: s, Style: core.StyleSuccess}}}
	var out []*response
	for _, m := range render(reply, nil) {
		out = append(out, &response{Type: 4, Data: toData(m, 64)}, &response{Type: 7, Data: toData(m, 0)})
	}
	out = append(out,
		&response{Type: discordgo.InteractionResponsePong},
		&response{Type: 5, Data: flagsData{64}},
		&response{Type: 6},
		&response{Type: 8, Data: choicesData{[]*discordgo.ApplicationCommandOptionChoice{{Name: s, Value: s}, {Name: "b", Value: "c"}}}},
		&response{Type: 8, Data: choicesData{[]*discordgo.ApplicationCommandOptionChoice{}}},
		&response{Type: 4, Data: &messageData{Embeds: []*discordgo.MessageEmbed{{Description: s, Footer: &discordgo.MessageEmbedFooter{}}}}},
	)
	return out
}

var encodeSeeds = []string{"plain", `quote " back \ slash`, "tab\tnl\ncr\r\b\f\x00\x1f", "<&>", "中文 😀", "bad \xff utf8 \xc3", "line\u2028sep\u2029", "@everyone"}

func TestEncodeMatchesEncodingJSON(t *testing.T) {
	for _, s := range encodeSeeds {
		for _, r := range responsesFor(s) {
			if got, want := appendResponse(nil, r), stdEncode(t, r); !bytes.Equal(got, want) {
				t.Errorf("%q type %d:\n got %s\nwant %s", s, r.Type, got, want)
			}
		}
	}
}

func FuzzEncode(f *testing.F) {
	for _, s := range encodeSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, r := range responsesFor(s) {
			if got, want := appendResponse(nil, r), stdEncode(t, r); !bytes.Equal(got, want) {
				t.Fatalf("%q type %d:\n got %s\nwant %s", s, r.Type, got, want)
			}
		}
	})
}
