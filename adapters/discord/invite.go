package discord

import (
	"fmt"
	"net/url"

	"github.com/bwmarrin/discordgo"
)

// InviteScopes are the OAuth2 scopes of the install URL: the bot user (to post quizzes and
// answer mentions) and the slash commands.
const InviteScopes = "bot applications.commands"

// InvitePermissions is what the bot needs in a channel and no more: see it (View Channel), post
// answers and quizzes (Send Messages) as embeds (Embed Links), and reply to a mention, which
// references the message (Read Message History).
const InvitePermissions int64 = discordgo.PermissionViewChannel |
	discordgo.PermissionSendMessages |
	discordgo.PermissionEmbedLinks |
	discordgo.PermissionReadMessageHistory

// InviteURL is the OAuth2 URL that installs the application appID in a server with
// InviteScopes and InvitePermissions. It always points at discord.com: a person opens it in a
// browser, whatever discord.api_url says.
func InviteURL(appID string) (string, error) {
	if !snowflake(appID) {
		return "", fmt.Errorf("discord invite: application id %q is not a numeric id (General Information → Application ID)", appID)
	}
	q := url.Values{}
	q.Set("client_id", appID)
	q.Set("scope", InviteScopes)
	q.Set("permissions", fmt.Sprint(InvitePermissions))
	return "https://discord.com/oauth2/authorize?" + q.Encode(), nil
}

// snowflake reports whether s looks like a Discord id: 1 to 20 decimal digits.
func snowflake(s string) bool {
	if len(s) == 0 || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
