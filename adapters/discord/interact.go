package discord

import (
	"context"

	"github.com/bwmarrin/discordgo"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// interact decides the response to one verified interaction, from the gateway or HTTP; send
// delivers a deferred response while core is still working (see run).
func (a *Adapter) interact(ctx context.Context, i *discordgo.Interaction, send func(*response)) answer {
	if i.Type == discordgo.InteractionPing {
		return answer{resp: &response{Type: discordgo.InteractionResponsePong}}
	}
	req, ok := a.interactionRequest(i)
	if !ok {
		return answer{resp: note("Unsupported", "This interaction names no user.")}
	}
	lang := localeLang(req.Locale)
	switch d := i.Data.(type) {
	case discordgo.ApplicationCommandInteractionData:
		if i.Type == discordgo.InteractionApplicationCommandAutocomplete {
			return answer{resp: a.complete(ctx, req, &d)}
		}
		text, sub, ok := commandText(&d)
		if !ok {
			return answer{resp: unknownCommand(lang)}
		}
		if !sub.readOnly && !a.firstSeen(ctx, "interaction", i.ID) {
			return answer{resp: alreadyHandled(lang)}
		}
		req.Kind, req.Text = core.KindCommand, text
		return a.run(i, req, send)
	case discordgo.MessageComponentInteractionData:
		if !a.firstSeen(ctx, "interaction", i.ID) {
			return answer{resp: alreadyHandled(lang)}
		}
		req.Kind = core.KindAction
		req.ActionID, req.ActionValue = splitCustomID(d.CustomID)
		return a.run(i, req, send)
	}
	return answer{resp: unknownCommand(lang)}
}

// complete answers autocomplete for the topic option: matching topics titled in the user's
// language, the slug as value. Discord allows no deferral here, so it must stay quick.
func (a *Adapter) complete(ctx context.Context, req core.Request, d *discordgo.ApplicationCommandInteractionData) *response {
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	prefix, ok := focusedValue(d.Options)
	if ok && a.o.Completer != nil {
		lang := a.lang(ctx, req)
		for _, e := range a.o.Completer.Complete(prefix, lang, maxChoices) {
			if e == nil || e.Slug == "" || len(e.Slug) > maxChoice {
				continue
			}
			t, _ := e.In(lang)
			name := truncate(plain(t.Title), maxChoice)
			if name == "" {
				name = e.Slug
			}
			choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: name, Value: e.Slug})
			if len(choices) == maxChoices {
				break
			}
		}
	}
	return &response{Type: discordgo.InteractionApplicationCommandAutocompleteResult, Data: choicesData{choices}}
}

// lang is the language to show a user things in: core's rule when the handler offers it, else
// the interaction's locale.
func (a *Adapter) lang(ctx context.Context, req core.Request) knowledge.Lang {
	if l, ok := a.o.Handler.(Langer); ok {
		return l.Lang(ctx, req)
	}
	return localeLang(req.Locale)
}

func unknownCommand(l knowledge.Lang) *response {
	return note(core.NoticeUnknownCommandTitle.Text(l), core.NoticeUnknownCommand.Text(l))
}

func alreadyHandled(l knowledge.Lang) *response {
	return note(core.NoticeAlreadyHandledTitle.Text(l), core.NoticeAlreadyHandled.Text(l))
}
