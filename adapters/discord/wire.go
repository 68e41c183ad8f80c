package discord

import (
	"fmt"
	"strconv"

	"github.com/bwmarrin/discordgo"
)

// decodeInteraction reads an interaction payload into the discordgo type the gateway delivers,
// so both ways in share one code path. It reads only what the bot uses, in one pass
// (jsonReader): on the HTTP hot path that halves the cost of decoding next to
// discordgo.Interaction's UnmarshalJSON, which parses twice and decodes whole messages and
// resolved objects the bot never looks at.
func decodeInteraction(body []byte) (*discordgo.Interaction, error) {
	r := &jsonReader{b: body}
	i := &discordgo.Interaction{}
	var d discordgo.ApplicationCommandInteractionData
	var customID string
	if r.null() { // encoding/json accepts a bare null as an empty object
		if r.peek() != 0 {
			return nil, fmt.Errorf("decode interaction at byte %d: %w", r.i, errJSON)
		}
		return i, nil
	}
	err := r.object(func(k []byte) error {
		var err error
		switch {
		case is(k, "id"):
			i.ID, err = r.string()
		case is(k, "application_id"):
			i.AppID, err = r.string()
		case is(k, "type"):
			var t uint8
			t, err = r.small()
			i.Type = discordgo.InteractionType(t)
		case is(k, "guild_id"):
			i.GuildID, err = r.string()
		case is(k, "channel_id"):
			i.ChannelID, err = r.string()
		case is(k, "token"):
			i.Token, err = r.string()
		case is(k, "locale"):
			var l string
			l, err = r.string()
			i.Locale = discordgo.Locale(l)
		case is(k, "member"):
			i.Member, err = readMember(r)
		case is(k, "user"):
			i.User, err = readUser(r)
		case is(k, "message"):
			i.Message, err = readMessageID(r)
		case is(k, "data"):
			if r.null() {
				return nil
			}
			err = r.object(func(k []byte) error {
				var err error
				switch {
				case is(k, "name"):
					d.Name, err = r.string()
				case is(k, "type"):
					var t uint8
					t, err = r.small()
					d.CommandType = discordgo.ApplicationCommandType(t)
				case is(k, "options"):
					d.Options, err = readOptions(r)
				case is(k, "custom_id"):
					customID, err = r.string()
				default:
					err = r.skip()
				}
				return err
			})
		default:
			err = r.skip()
		}
		return err
	})
	if err == nil && r.peek() != 0 {
		err = errJSON // data after the object
	}
	if err != nil {
		return nil, fmt.Errorf("decode interaction at byte %d: %w", r.i, err)
	}
	if i.Member != nil {
		i.Member.GuildID = i.GuildID
	}
	if i.Message != nil {
		i.Message.ChannelID = i.ChannelID
	}
	switch i.Type {
	case discordgo.InteractionApplicationCommand, discordgo.InteractionApplicationCommandAutocomplete:
		i.Data = d
	case discordgo.InteractionMessageComponent:
		i.Data = discordgo.MessageComponentInteractionData{CustomID: customID}
	}
	return i, nil
}

func readUser(r *jsonReader) (*discordgo.User, error) {
	if r.null() {
		return nil, nil
	}
	u := &discordgo.User{}
	err := r.object(func(k []byte) error {
		var err error
		switch {
		case is(k, "id"):
			u.ID, err = r.string()
		case is(k, "username"):
			u.Username, err = r.string()
		case is(k, "global_name"):
			u.GlobalName, err = r.string()
		case is(k, "bot"):
			u.Bot, err = r.boolean()
		default:
			err = r.skip()
		}
		return err
	})
	return u, err
}

func readMember(r *jsonReader) (*discordgo.Member, error) {
	if r.null() {
		return nil, nil
	}
	m := &discordgo.Member{}
	err := r.object(func(k []byte) error {
		var err error
		switch {
		case is(k, "user"):
			m.User, err = readUser(r)
		case is(k, "permissions"):
			m.Permissions, err = readQuotedInt(r)
		default:
			err = r.skip()
		}
		return err
	})
	return m, err
}

// readQuotedInt reads an int64 sent as a string ("permissions":"2048"), as the ",string" tag
// of discordgo.Member does.
func readQuotedInt(r *jsonReader) (int64, error) {
	if r.null() {
		return 0, nil
	}
	s, err := r.string()
	if err != nil || s == "null" {
		return 0, err
	}
	if s == "" || (s[0] != '-' && (s[0] < '0' || s[0] > '9')) {
		return 0, errJSON
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, errJSON
	}
	return v, nil
}

func readMessageID(r *jsonReader) (*discordgo.Message, error) {
	if r.null() {
		return nil, nil
	}
	m := &discordgo.Message{}
	err := r.object(func(k []byte) error {
		if is(k, "id") {
			var err error
			m.ID, err = r.string()
			return err
		}
		return r.skip()
	})
	return m, err
}

func readOptions(r *jsonReader) ([]*discordgo.ApplicationCommandInteractionDataOption, error) {
	if r.null() {
		return nil, nil
	}
	opts := []*discordgo.ApplicationCommandInteractionDataOption{}
	err := r.array(func() error {
		if r.null() {
			opts = append(opts, nil)
			return nil
		}
		o := &discordgo.ApplicationCommandInteractionDataOption{}
		opts = append(opts, o)
		return r.object(func(k []byte) error {
			var err error
			switch {
			case is(k, "name"):
				o.Name, err = r.string()
			case is(k, "type"):
				var t uint8
				t, err = r.small()
				o.Type = discordgo.ApplicationCommandOptionType(t)
			case is(k, "value"):
				o.Value, err = r.any()
			case is(k, "focused"):
				o.Focused, err = r.boolean()
			case is(k, "options"):
				o.Options, err = readOptions(r)
			default:
				err = r.skip()
			}
			return err
		})
	})
	return opts, err
}

// row and button are Discord's action row and button on the wire. Own types marshal by plain
// reflection; discordgo's re-marshal themselves inside MarshalJSON, which costs a second encode
// and a validation pass per component.
type row struct {
	Type       discordgo.ComponentType `json:"type"`
	Components []button                `json:"components"`
}

type button struct {
	Type     discordgo.ComponentType `json:"type"`
	Style    discordgo.ButtonStyle   `json:"style"`
	Label    string                  `json:"label"`
	CustomID string                  `json:"custom_id"`
}

// discordgoRows converts rows for discordgo's REST helpers (channel messages).
func discordgoRows(rows []row) []discordgo.MessageComponent {
	out := make([]discordgo.MessageComponent, 0, len(rows))
	for _, r := range rows {
		var ar discordgo.ActionsRow
		for _, b := range r.Components {
			ar.Components = append(ar.Components, discordgo.Button{Style: b.Style, Label: b.Label, CustomID: b.CustomID})
		}
		out = append(out, ar)
	}
	return out
}
