package discord

import (
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

// Platform is the core.Request.Platform of everything from Discord.
const Platform = "discord"

// manageBits are the permissions that let a member administer the channel's quiz.
const manageBits = discordgo.PermissionManageChannels | discordgo.PermissionManageGuild | discordgo.PermissionAdministrator

// interactionRequest fills in who, where and in which locale an interaction came from. ok is
// false when the payload names no user.
func (a *Adapter) interactionRequest(i *discordgo.Interaction) (core.Request, bool) {
	req := core.Request{
		Platform:  Platform,
		Workspace: i.GuildID,
		Channel:   i.ChannelID,
		Locale:    string(i.Locale),
		DM:        i.GuildID == "",
		Syntax:    syntaxFor(string(i.Locale)),
	}
	var u *discordgo.User
	if i.Member != nil && i.Member.User != nil {
		u = i.Member.User
		req.CanManage = i.Member.Permissions&manageBits != 0
	} else if i.User != nil {
		u = i.User
		req.CanManage = req.DM // a user manages their own DM with the bot
	}
	if u == nil || u.ID == "" {
		return req, false
	}
	req.User, req.UserName = u.ID, userName(u)
	if a.admins[u.ID] {
		req.CanManage = true
	}
	if i.Message != nil {
		req.MessageID = i.Message.ID
	}
	return req, true
}

func userName(u *discordgo.User) string {
	if u.GlobalName != "" {
		return u.GlobalName
	}
	return u.Username
}

// commandText maps a /bigmodel invocation to core's text command and the subcommand it used.
func commandText(d *discordgo.ApplicationCommandInteractionData) (string, *subSpec, bool) {
	if d.Name != CommandName || len(d.Options) == 0 || d.Options[0] == nil {
		return "", nil, false
	}
	o := d.Options[0]
	subs := topSubs
	if o.Type == discordgo.ApplicationCommandOptionSubCommandGroup {
		if o.Name != quizGroup.name || len(o.Options) == 0 || o.Options[0] == nil {
			return "", nil, false
		}
		subs, o = quizGroup.subs, o.Options[0]
	}
	for i := range subs {
		s := &subs[i]
		if s.name != o.Name {
			continue
		}
		if s.opt == nil {
			return s.text, s, true
		}
		v := ""
		for _, x := range o.Options {
			if x != nil && x.Name == s.opt.name {
				v = strings.TrimSpace(stringValue(x)) // core cleans and bounds it
			}
		}
		if s.text == "" {
			return v, s, true
		}
		return strings.TrimSpace(s.text + " " + v), s, true
	}
	return "", nil, false
}

// focusedValue returns the text typed so far in the option being autocompleted.
func focusedValue(opts []*discordgo.ApplicationCommandInteractionDataOption) (string, bool) {
	for _, o := range opts {
		if o == nil {
			continue
		}
		if o.Focused {
			return stringValue(o), true // search normalises and bounds it
		}
		if v, ok := focusedValue(o.Options); ok {
			return v, true
		}
	}
	return "", false
}

// stringValue reads an option's value without discordgo's StringValue, which panics on a
// payload whose value is not a string.
func stringValue(o *discordgo.ApplicationCommandInteractionDataOption) string {
	s, _ := o.Value.(string)
	return s
}

// splitCustomID undoes customID: the button's core id and value.
func splitCustomID(id string) (string, string) {
	if i := strings.IndexByte(id, '|'); i >= 0 {
		return id[:i], id[i+1:]
	}
	return id, ""
}

// stripMention removes the bot's own mention (<@id> or <@!id>) from a message's text.
func stripMention(text, botID string) string {
	if botID == "" {
		return text
	}
	text = strings.ReplaceAll(text, "<@"+botID+">", " ")
	text = strings.ReplaceAll(text, "<@!"+botID+">", " ")
	return strings.Join(strings.Fields(text), " ")
}
