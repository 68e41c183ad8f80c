package discord

import (
	"context"
	"testing"
)

// A flood of gateway events must not start a goroutine per event without bound: once the
// workers are all busy, the next event waits for one to finish.
func TestGatewayEventsAreBounded(t *testing.T) {
	a, err := New(Options{Handler: &fakeHandler{}})
	if err != nil {
		t.Fatal(err)
	}
	a.eventSlots = make(chan struct{}, 2)
	release := make(chan struct{})
	running := make(chan struct{}, 3)
	for range 2 {
		a.goEvent(func() { running <- struct{}{}; <-release })
	}
	<-running
	<-running
	third := make(chan struct{})
	go func() {
		a.goEvent(func() { running <- struct{}{} })
		close(third)
	}()
	select {
	case <-third:
		t.Fatal("a third event started while both workers were busy")
	default:
	}
	close(release)
	<-third
	<-running
	if err := a.Wait(context.Background()); err != nil {
		t.Fatalf("Wait: %v", err)
	}
}
