package discord

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// refInteraction is what decodeInteraction reads, decoded by encoding/json: the reference the
// fast reader is checked against.
type refInteraction struct {
	ID        string                    `json:"id"`
	AppID     string                    `json:"application_id"`
	Type      discordgo.InteractionType `json:"type"`
	GuildID   string                    `json:"guild_id"`
	ChannelID string                    `json:"channel_id"`
	Token     string                    `json:"token"`
	Locale    discordgo.Locale          `json:"locale"`
	Member    *struct {
		User        *refUser `json:"user"`
		Permissions int64    `json:"permissions,string"`
	} `json:"member"`
	User    *refUser `json:"user"`
	Message *struct {
		ID string `json:"id"`
	} `json:"message"`
	Data *struct {
		Name     string                           `json:"name"`
		Type     discordgo.ApplicationCommandType `json:"type"`
		Options  []*refOption                     `json:"options"`
		CustomID string                           `json:"custom_id"`
	} `json:"data"`
}

type refUser struct {
	ID         string `json:"id"`
	Username   string `json:"username"`
	GlobalName string `json:"global_name"`
	Bot        bool   `json:"bot"`
}

type refOption struct {
	Name    string                                 `json:"name"`
	Type    discordgo.ApplicationCommandOptionType `json:"type"`
	Value   any                                    `json:"value"`
	Focused bool                                   `json:"focused"`
	Options []*refOption                           `json:"options"`
}

// summary is what the bot takes from an interaction, for comparing the two decoders.
type summary struct {
	ID, AppID, Token, Guild, Channel, Locale, Message string
	Type                                              discordgo.InteractionType
	User                                              refUser
	HasMember                                         bool
	Perms                                             int64
	Name, CustomID                                    string
	CmdType                                           discordgo.ApplicationCommandType
	Options                                           string
}

func optString(opts []*discordgo.ApplicationCommandInteractionDataOption) string {
	var b strings.Builder
	for _, o := range opts {
		if o == nil {
			b.WriteString("nil;")
			continue
		}
		v, _ := o.Value.(string)
		b.WriteString(o.Name + "|" + string(rune('0'+o.Type)) + "|" + v + "|" + map[bool]string{true: "F", false: ""}[o.Focused] + "(" + optString(o.Options) + ");")
	}
	return b.String()
}

func refOptions(in []*refOption) []*discordgo.ApplicationCommandInteractionDataOption {
	var out []*discordgo.ApplicationCommandInteractionDataOption
	for _, o := range in {
		if o == nil {
			out = append(out, nil)
			continue
		}
		out = append(out, &discordgo.ApplicationCommandInteractionDataOption{Name: o.Name, Type: o.Type, Value: o.Value, Focused: o.Focused, Options: refOptions(o.Options)})
	}
	return out
}

func summarize(i *discordgo.Interaction) summary {
	s := summary{ID: i.ID, AppID: i.AppID, Token: i.Token, Guild: i.GuildID, Channel: i.ChannelID, Locale: string(i.Locale), Type: i.Type}
	if i.User != nil {
		s.User = refUser{i.User.ID, i.User.Username, i.User.GlobalName, i.User.Bot}
	}
	if i.Member != nil {
		s.HasMember, s.Perms = true, i.Member.Permissions
		if i.Member.User != nil {
			s.User = refUser{"m" + i.Member.User.ID, i.Member.User.Username, i.Member.User.GlobalName, i.Member.User.Bot}
		}
	}
	if i.Message != nil {
		s.Message = "m:" + i.Message.ID
	}
	switch d := i.Data.(type) {
	case discordgo.ApplicationCommandInteractionData:
		s.Name, s.CmdType, s.Options = d.Name, d.CommandType, optString(d.Options)
	case discordgo.MessageComponentInteractionData:
		s.CustomID = d.CustomID
	}
	return s
}

func reference(body []byte) (summary, error) {
	var w refInteraction
	if err := json.Unmarshal(body, &w); err != nil {
		return summary{}, err
	}
	i := &discordgo.Interaction{ID: w.ID, AppID: w.AppID, Type: w.Type, GuildID: w.GuildID, ChannelID: w.ChannelID, Token: w.Token, Locale: w.Locale}
	if w.User != nil {
		i.User = &discordgo.User{ID: w.User.ID, Username: w.User.Username, GlobalName: w.User.GlobalName, Bot: w.User.Bot}
	}
	if w.Member != nil {
		i.Member = &discordgo.Member{Permissions: w.Member.Permissions}
		if u := w.Member.User; u != nil {
			i.Member.User = &discordgo.User{ID: u.ID, Username: u.Username, GlobalName: u.GlobalName, Bot: u.Bot}
		}
	}
	if w.Message != nil {
		i.Message = &discordgo.Message{ID: w.Message.ID}
	}
	if w.Data != nil {
		switch w.Type {
		case discordgo.InteractionApplicationCommand, discordgo.InteractionApplicationCommandAutocomplete:
			i.Data = discordgo.ApplicationCommandInteractionData{Name: w.Data.Name, CommandType: w.Data.Type, Options: refOptions(w.Data.Options)}
		case discordgo.InteractionMessageComponent:
			i.Data = discordgo.MessageComponentInteractionData{CustomID: w.Data.CustomID}
		}
	} else {
		switch w.Type {
		case discordgo.InteractionApplicationCommand, discordgo.InteractionApplicationCommandAutocomplete:
			i.Data = discordgo.ApplicationCommandInteractionData{}
		case discordgo.InteractionMessageComponent:
			i.Data = discordgo.MessageComponentInteractionData{}
		}
	}
	return summarize(i), nil
}

var decodeSeeds = []string{
	benchBody("risks"),
	benchBody(`融资 "quoted" \ back`),
	`{"type":3,"id":"2","user":{"id":"U","global_name":"Ann"},"message":{"id":"M","embeds":[{"title":"x"}]},"data":{"custom_id":"fb:up:x|y","component_type":2}}`,
	`{"type":4,"id":"3","member":{"user":{"id":"U"},"permissions":"2048"},"data":{"name":"bigmodel","options":[{"type":1,"name":"topic","options":[{"type":3,"name":"name","value":"ri\u00e9s","focused":true}]}]}}`,
	`{"type":2,"data":{"options":[null,{"name":"n","value":1.5e3},{"value":true},{"value":{"a":[1,2]}}]}}`,
	`{"TYPE":1,"Id":"x","id":"y","member":null,"user":null,"data":null}`,
	`{"type":2,"member":{"permissions":null},"locale":"zh-CN","token":"\ud83d\ude00\ud800x"}`,
	` {"type":1} `,
}

func TestDecodeMatchesEncodingJSON(t *testing.T) {
	for _, s := range decodeSeeds {
		want, err := reference([]byte(s))
		if err != nil {
			t.Fatalf("seed is not valid for encoding/json: %v: %s", err, s)
		}
		i, err := decodeInteraction([]byte(s))
		if err != nil {
			t.Fatalf("decode %s: %v", s, err)
		}
		if got := summarize(i); !reflect.DeepEqual(got, want) {
			t.Errorf("decode %s:\n got %+v\nwant %+v", s, got, want)
		}
	}
	for _, bad := range []string{``, `{`, `{"type":1}x`, `{"type":256}`, `{"type":-1}`, `{"type":1.0}`, `{"id":5}`, `{"member":{"permissions":"+1"}}`,
		`{"member":{"permissions":8}}`, `{"id":"\x01"}`, `{"id":"\u12"}`, `[1]`, `{"a":01}`, `{"a":1.}`, `{"a":tru}`, `{"a" 1}`, `{"a":1,}`} {
		if _, err := decodeInteraction([]byte(bad)); err == nil {
			t.Errorf("decoded %q without error", bad)
		}
	}
}

// FuzzDecode checks the fast reader against encoding/json: never a panic, and on input
// encoding/json accepts, the same interaction.
func FuzzDecode(f *testing.F) {
	for _, s := range decodeSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		i, err := decodeInteraction([]byte(s))
		want, rerr := reference([]byte(s))
		if rerr != nil {
			return // encoding/json rejects it; the reader may be more lenient about fields it skips
		}
		if strings.ContainsAny(s, "\u017f\u212a") {
			return // encoding/json folds ſ and K (Kelvin) into ASCII keys; Discord never sends them
		}
		if err != nil {
			t.Fatalf("encoding/json accepts %q, the reader does not: %v", s, err)
		}
		if got := summarize(i); !reflect.DeepEqual(got, want) {
			t.Fatalf("decode %q:\n got %+v\nwant %+v", s, got, want)
		}
	})
}

func BenchmarkDecodeEncodingJSON(b *testing.B) {
	body := []byte(benchBody("risks"))
	for i := 0; i < b.N; i++ {
		if _, err := reference(body); err != nil {
			b.Fatal(err)
		}
	}
}
