package core

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge/search"
)

// memSignals keeps recorded signals in order.
type memSignals struct {
	mu  sync.Mutex
	got []Signal
}

func (m *memSignals) RecordSignal(_ context.Context, s Signal) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.got = append(m.got, s)
	return nil
}

// TestPressesBecomeSignals: a press on a "did you mean" alternative, and a related topic
// pressed after "not helpful", suggest that the question belongs to that entry; other
// presses, other users' presses and a second press suggest nothing.
func TestPressesBecomeSignals(t *testing.T) {
	base, err := knowledge.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	risks, _ := base.Entry("risks")
	related := "topic:" + risks.Related[0]
	const unsure = "who holds the purse strings after the seed round closes?"
	type step struct {
		user, text, press string // text: a question; press: a button id
	}
	tests := []struct {
		name  string
		steps []step
		want  []string // "question|slug|kind"
	}{
		{"did you mean, then an alternative", []step{{"U1", unsure, ""}, {"U1", "", "topic:funding"}},
			[]string{unsure + "|funding|" + SignalDidYouMean}},
		{"not helpful, then a related topic", []step{{"U1", "risks", ""}, {"U1", "", "fb:down:risks"}, {"U1", "", related}},
			[]string{"risks|" + risks.Related[0] + "|" + SignalAfterNotHelpful}},
		{"a related topic after an answer nobody faulted", []step{{"U1", "risks", ""}, {"U1", "", related}}, nil},
		{"helpful, then a related topic", []step{{"U1", "risks", ""}, {"U1", "", "fb:up:risks"}, {"U1", "", related}}, nil},
		{"a topic that was not offered", []step{{"U1", unsure, ""}, {"U1", "", "topic:culture"}}, nil},
		{"another user's press", []step{{"U1", unsure, ""}, {"U2", "", "topic:funding"}}, nil},
		{"pressed twice: one signal", []step{{"U1", unsure, ""}, {"U1", "", "topic:funding"}, {"U1", "", "topic:funding"}},
			[]string{unsure + "|funding|" + SignalDidYouMean}},
		{"a new question replaces the last", []step{{"U1", unsure, ""}, {"U1", "risks", ""}, {"U1", "", "topic:funding"}}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sig := &memSignals{}
			bot := New(Options{Base: base, Search: search.New(base), Signals: sig})
			for _, s := range tc.steps {
				req := Request{Platform: "slack", Workspace: "T1", Channel: "C1", User: s.user, Kind: KindCommand, Text: s.text}
				if s.press != "" {
					req.Kind, req.ActionID, req.Text = KindAction, s.press, ""
				}
				if _, err := bot.Handle(t.Context(), req); err != nil {
					t.Fatalf("%+v: %v", s, err)
				}
			}
			var got []string
			for _, s := range sig.got {
				got = append(got, s.Question+"|"+s.Slug+"|"+s.Kind)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("signals %q; want %q", got, tc.want)
			}
		})
	}
}
