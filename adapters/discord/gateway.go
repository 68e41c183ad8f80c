package discord

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

// RunGateway connects to Discord's gateway and serves interactions, @mentions and DMs until ctx
// ends. The first connection is retried with backoff, except on errors retrying cannot fix (a
// bad token, intents the application may not use); after that discordgo reconnects by itself.
func (a *Adapter) RunGateway(ctx context.Context) error {
	if !a.hasToken() {
		return errors.New("discord: the gateway needs a bot token (discord.token or DISCORD_BOT_TOKEN)")
	}
	s := a.rest
	s.ShouldReconnectOnError = true
	// Handlers run in discordgo's event loop, in event order, so a Disconnect can never be
	// applied after the Connect that followed it; the work on an event gets its own goroutine.
	s.SyncEvents = true
	for _, remove := range []func(){
		s.AddHandler(func(*discordgo.Session, *discordgo.Ready) { a.connected.Store(true) }),
		s.AddHandler(func(*discordgo.Session, *discordgo.Connect) { a.connected.Store(true) }),
		s.AddHandler(func(*discordgo.Session, *discordgo.Resumed) { a.connected.Store(true) }),
		s.AddHandler(func(*discordgo.Session, *discordgo.Disconnect) { a.connected.Store(false) }),
		s.AddHandler(func(_ *discordgo.Session, ic *discordgo.InteractionCreate) {
			a.jobs.Go(ic.ChannelID, func(ctx context.Context) { a.onInteraction(ctx, ic.Interaction) })
		}),
		s.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) {
			a.jobs.Go(m.ChannelID, func(ctx context.Context) { a.onMessage(ctx, m.Message) })
		}),
	} {
		defer remove()
	}
	if err := a.open(ctx); err != nil {
		return err
	}
	if ctx.Err() != nil {
		return nil // stopped before the first connection succeeded
	}
	a.log.Info("gateway connected", "shard", s.ShardID, "shards", s.ShardCount)
	<-ctx.Done()
	a.connected.Store(false)
	// discordgo's heartbeat goroutine reconnects when a write fails, and a write fails on the
	// socket Close is about to shut: without this the bot would dial the gateway again after
	// shutdown (and keep retrying for ever). Close's locks order this write before that read.
	s.ShouldReconnectOnError = false
	if err := s.Close(); err != nil {
		return fmt.Errorf("discord: close gateway: %w", err)
	}
	return nil
}

// Connected reports whether the gateway is connected: the adapter's readiness in gateway mode.
func (a *Adapter) Connected() bool { return a.connected.Load() }

func (a *Adapter) open(ctx context.Context) error {
	backoff := time.Second
	for {
		err := a.rest.Open()
		if err == nil {
			return nil
		}
		if fatalClose(err) {
			return fmt.Errorf("discord: gateway refused the connection: %w", err)
		}
		a.log.Warn("gateway connection failed; retrying", "in", backoff.String(), "err", err)
		t := time.NewTimer(backoff)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
		backoff = min(backoff*2, 2*time.Minute)
	}
}

// fatalClose reports gateway close codes that reconnecting cannot fix: authentication failed
// (4004), invalid shard (4010), sharding required (4011), invalid API version (4012), invalid
// or disallowed intents (4013, 4014).
func fatalClose(err error) bool {
	var ce *websocket.CloseError
	if !errors.As(err, &ce) {
		return false
	}
	return ce.Code == 4004 || (ce.Code >= 4010 && ce.Code <= 4014)
}

// onInteraction answers an interaction that came over the gateway through the callback
// endpoint, then runs whatever follows (a deferred edit, follow-ups).
func (a *Adapter) onInteraction(ctx context.Context, i *discordgo.Interaction) {
	if i == nil {
		return
	}
	sent := true
	send := func(resp *response) {
		u := discordgo.EndpointInteractionResponse(i.ID, i.Token)
		rctx, cancel := context.WithTimeout(ctx, deliverTimeout)
		defer cancel()
		if _, err := a.rest.RequestWithBucketID("POST", u, resp, u, discordgo.WithContext(rctx)); err != nil {
			a.log.Warn("respond to interaction", "interaction", i.ID, "err", redact(err, i.Token))
			sent = false
		}
	}
	ans := a.interact(ctx, i, send)
	if ans.resp != nil {
		send(ans.resp)
	}
	if sent && ans.after != nil {
		ans.after(ctx) // already a job of its own
	}
}

// onMessage answers @mentions in guild channels (as a reply to the message) and DMs. It ignores
// bots, webhooks, itself, system messages and guild messages that do not mention it.
func (a *Adapter) onMessage(ctx context.Context, m *discordgo.Message) {
	if m == nil || m.Author == nil || m.Author.Bot || m.WebhookID != "" {
		return
	}
	bot := a.botUserID()
	if bot == "" || m.Author.ID == bot {
		return
	}
	if m.Type != discordgo.MessageTypeDefault && m.Type != discordgo.MessageTypeReply {
		return
	}
	dm := m.GuildID == ""
	if !dm && !mentions(m, bot) {
		return
	}
	if !a.firstSeen(ctx, "message", m.ID) {
		return
	}
	req := core.Request{
		Platform:  Platform,
		Workspace: m.GuildID,
		Channel:   m.ChannelID,
		User:      m.Author.ID,
		UserName:  userName(m.Author),
		DM:        dm,
		Kind:      core.KindMention,
		Text:      stripMention(m.Content, bot), // core cleans and bounds it
		MessageID: m.ID,
		// Messages carry no permissions: in a guild only configured admins may manage.
		CanManage: dm || a.admins[m.Author.ID],
		// A message has no locale: commands are spelled with their English names.
		Syntax: syntaxFor(""),
	}
	if dm {
		req.Kind = core.KindMessage
	}
	hctx, cancel := context.WithTimeout(ctx, a.o.HandleTimeout)
	defer cancel()
	r, err := a.o.Handler.Handle(hctx, req)
	if err != nil {
		a.log.Error("handle message", "kind", req.Kind.String(), "err", err)
		if r.Empty() {
			r = failedReply(localeLang(""))
		}
	}
	if r.Empty() {
		return
	}
	if !dm && r.ThreadID == "" {
		r.ThreadID = m.ID
	}
	if _, err := a.send(hctx, m.ChannelID, r); err != nil {
		a.log.Warn("reply to message", "channel", m.ChannelID, "err", err)
	}
}

// botUserID is the bot's own user id from READY. discordgo stores it before any handler of a
// later event runs, so a message can never be checked against an id not yet known.
func (a *Adapter) botUserID() string {
	st := a.rest.State
	if st == nil {
		return ""
	}
	st.RLock()
	defer st.RUnlock()
	if st.User == nil {
		return ""
	}
	return st.User.ID
}

func mentions(m *discordgo.Message, id string) bool {
	for _, u := range m.Mentions {
		if u != nil && u.ID == id {
			return true
		}
	}
	return false
}
