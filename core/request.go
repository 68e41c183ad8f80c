// Package core is the platform-neutral bot: it turns a Request from any adapter into a Reply,
// runs the text commands and the quiz, and declares the interfaces it needs from storage and
// platforms. It never imports a platform library.
package core

import "time"

// Kind says how a request reached the bot.
type Kind int

// The ways in.
const (
	KindCommand Kind = iota // the /bigmodel slash command (or its Discord subcommands)
	KindMention             // an @mention in a channel
	KindMessage             // a direct message
	KindAction              // a button press on one of the bot's own messages
)

// String names the kind for logs and metrics labels.
func (k Kind) String() string {
	switch k {
	case KindCommand:
		return "command"
	case KindMention:
		return "mention"
	case KindMessage:
		return "message"
	case KindAction:
		return "action"
	}
	return "unknown"
}

// Request is one user input, already stripped of platform details. Text holds the command text
// with the bot's own mention and the command name removed ("risks", "quiz subscribe 09:00");
// adapters unescape platform entities before filling it in.
type Request struct {
	Platform  string // "slack", "discord", "console"
	Workspace string // Slack team id, Discord guild id; empty in DMs where the platform has none
	Channel   string
	User      string
	UserName  string
	Locale    string // the platform's locale for the user ("zh-CN", "en-US"), if known
	DM        bool
	Kind      Kind
	Text      string
	// ActionID and ActionValue identify a pressed button (Kind == KindAction): the Button.ID and
	// Button.Value that the bot rendered.
	ActionID    string
	ActionValue string
	// MessageID is the platform id of the message the request came from or acted on (Slack ts,
	// Discord message id), used to thread replies and to find a quiz post.
	MessageID string
	// CanManage is set by the adapter when the platform says the user may manage the channel
	// (Discord Manage Channels/Manage Server, Slack workspace admin or owner). The console sets it.
	CanManage bool
	// SeenSince, when set, is when the user began to see the channel: the console's session
	// start, since a terminal shows nothing an earlier process printed. A text `answer B` then
	// never applies to a quiz sent before it. Zero: the user sees the channel's history.
	SeenSince time.Time
	// Syntax spells the commands that replies tell this user to type, as the platform takes
	// them; nil: core's text commands (`/bigmodel risks`, `answer B`).
	Syntax Syntax
}

// UserKey names a user across platforms and workspaces.
type UserKey struct {
	Platform  string
	Workspace string
	User      string
}

// ChannelKey names a channel across platforms and workspaces.
type ChannelKey struct {
	Platform  string
	Workspace string
	Channel   string
}

// UserKey returns the key of the request's user.
func (r Request) UserKey() UserKey {
	return UserKey{Platform: r.Platform, Workspace: r.Workspace, User: r.User}
}

// ChannelKey returns the key of the request's channel.
func (r Request) ChannelKey() ChannelKey {
	return ChannelKey{Platform: r.Platform, Workspace: r.Workspace, Channel: r.Channel}
}
