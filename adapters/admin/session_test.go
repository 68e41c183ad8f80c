package admin

import (
	"testing"
	"testing/synctest"
	"time"
)

// An owner stays logged in for sessionTTL and not a moment longer; logging out ends it at once.
func TestSessionsExpire(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newSessions()
		id, started := s.start()
		time.Sleep(sessionTTL - time.Second)
		if got, ok := s.get(id); !ok || got.csrf != started.csrf {
			t.Fatal("session gone before its TTL")
		}
		time.Sleep(time.Second)
		if _, ok := s.get(id); ok {
			t.Fatal("session still live after its TTL")
		}
		other, _ := s.start()
		s.end(other)
		if _, ok := s.get(other); ok {
			t.Fatal("session live after logging out")
		}
	})
}

// Wrong tokens block an address after maxFailures; each try comes back after its share of
// failWindow, and other addresses are not affected.
func TestFailuresBlockThenRecover(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFailures()
		for i := range maxFailures {
			if f.blocked("10.0.0.1") {
				t.Fatalf("blocked after %d failures", i)
			}
			f.add("10.0.0.1")
		}
		if !f.blocked("10.0.0.1") {
			t.Fatalf("not blocked after %d failures", maxFailures)
		}
		if f.blocked("10.0.0.2") {
			t.Fatal("another address is blocked")
		}
		time.Sleep(failWindow/maxFailures - time.Second)
		if !f.blocked("10.0.0.1") {
			t.Fatal("a try came back early")
		}
		time.Sleep(time.Second)
		if f.blocked("10.0.0.1") {
			t.Fatal("no try back after its share of the window")
		}
	})
}
