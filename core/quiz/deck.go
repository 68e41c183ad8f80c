package quiz

import (
	"strconv"
	"strings"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

// dealer returns the Dealer the engine hands to the store. Each channel goes through a shuffled
// deck of every question of the bank before any repeats; the shuffle depends on the channel and
// the round only, so it is the same after a restart. With choiceOnly (an on-demand quiz, which
// users answer right away with `answer`), the next multiple-choice question of the deck is
// swapped forward instead of taking an open one.
func (k *Bank) dealer(choiceOnly bool) Dealer {
	return func(ch core.ChannelKey, d Deck) (string, Deck) {
		for attempt := 0; attempt < 2; attempt++ {
			if d.Pos >= len(d.Order) || d.Pos < 0 {
				d = k.newRound(ch, d.Round+1)
			}
			for j := d.Pos; j < len(d.Order); j++ {
				id := d.Order[j]
				if !k.Has(id) {
					continue // the base changed since the deck was shuffled
				}
				if choiceOnly && strings.HasPrefix(id, KindOpen+":") {
					continue
				}
				order := d.Order
				if j != d.Pos {
					order = append([]string(nil), d.Order...)
					order[d.Pos], order[j] = order[j], order[d.Pos]
				}
				return id, Deck{Round: d.Round, Order: order, Pos: d.Pos + 1}
			}
			// Nothing left that fits in this round: start the next one.
			d.Pos = len(d.Order)
		}
		return "", d
	}
}

// newRound shuffles every question for the channel's round.
func (k *Bank) newRound(ch core.ChannelKey, round int) Deck {
	order := append([]string(nil), k.ids...)
	r := rng("deck", ch.Platform, ch.Workspace, ch.Channel, strconv.Itoa(round))
	r.Shuffle(len(order), func(a, b int) { order[a], order[b] = order[b], order[a] })
	return Deck{Round: round, Order: order}
}
