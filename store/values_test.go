package store

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/core/quiz"
)

func TestDedupKey(t *testing.T) {
	long := strings.Repeat("k", maxKeyLen+1)
	cases := []struct {
		name, key string
		kept      bool // stored as given; otherwise as a hash
	}{
		{"slack event id", "slack:Ev0123ABCD", true},
		{"longest kept", long[1:], true},
		{"too long", long, false},
		{"invalid UTF-8", "ev\xff", false},
		{"NUL", "ev\x00id", false},
		{"looks like a hash", "sha256:abc", false},
	}
	for _, c := range cases {
		got, err := DedupKey(c.key)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if kept := got == c.key; kept != c.kept {
			t.Errorf("%s: DedupKey = %q; kept as given = %v, want %v", c.name, got, kept, c.kept)
		}
		if len(got) > maxKeyLen || !utf8.ValidString(got) {
			t.Errorf("%s: DedupKey = %q; want at most %d bytes of valid text", c.name, got, maxKeyLen)
		}
	}
	if a, _ := DedupKey(long); a == mustKey(t, long+"x") {
		t.Error("two long keys share a hash")
	}
	if _, err := DedupKey(""); err == nil {
		t.Error("an empty key was accepted")
	}
}

func mustKey(t *testing.T, key string) string {
	t.Helper()
	k, err := DedupKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestChecks(t *testing.T) {
	long := strings.Repeat("x", MaxID+1)
	cases := []struct {
		name string
		err  error
		ok   bool
	}{
		{"user", CheckUser(core.UserKey{Platform: "slack", Workspace: "T1", User: "U1"}), true},
		{"user without workspace", CheckUser(core.UserKey{Platform: "discord", User: "1"}), true},
		{"user without id", CheckUser(core.UserKey{Platform: "slack", Workspace: "T1"}), false},
		{"user with a long id", CheckUser(core.UserKey{Platform: "slack", User: long}), false},
		{"channel", CheckChannel(core.ChannelKey{Platform: "slack", Workspace: "T1", Channel: "C1"}), true},
		{"channel without platform", CheckChannel(core.ChannelKey{Channel: "C1"}), false},
		{"channel with a long workspace", CheckChannel(core.ChannelKey{Platform: "slack", Workspace: long, Channel: "C1"}), false},
		{"optional empty field", CheckField("channel", "", MaxID, false), true},
		{"required empty field", CheckField("slug", "", MaxID, true), false},
		{"field at its limit", CheckField("lang", "zh-Hans-CN", MaxLang, true), true},
		{"field over its limit", CheckField("lang", strings.Repeat("z", MaxLang+1), MaxLang, true), false},
	}
	for _, c := range cases {
		if (c.err == nil) != c.ok {
			t.Errorf("%s: error %v; want ok = %v", c.name, c.err, c.ok)
		}
	}
}

func TestClipName(t *testing.T) {
	if got := ClipName("Ada"); got != "Ada" {
		t.Errorf("ClipName(Ada) = %q", got)
	}
	// 3-byte characters across the cut: the name must end on a whole character.
	got := ClipName(strings.Repeat("张", MaxID))
	if len(got) > MaxID || !utf8.ValidString(got) || len(got) < MaxID-3 {
		t.Errorf("ClipName of a long Chinese name = %d bytes, valid %v; want at most %d bytes of whole characters",
			len(got), utf8.ValidString(got), MaxID)
	}
}

func TestNanosRoundTrip(t *testing.T) {
	at := time.Date(2026, 3, 1, 9, 30, 0, 123, time.FixedZone("CST", 8*3600))
	if got := FromNanos(Nanos(at)); !got.Equal(at) || got.Location() != time.UTC {
		t.Errorf("FromNanos(Nanos(%v)) = %v; want the same instant in UTC", at, got)
	}
	if Nanos(time.Time{}) != 0 || !FromNanos(0).IsZero() {
		t.Error("the zero time must be stored as 0 and read back as zero")
	}
}

func TestDeckOrder(t *testing.T) {
	for _, order := range [][]string{nil, {"topic:risks"}, {"pt:risks:0", "open:funding", "topic:moats"}} {
		got := DecodeOrder(EncodeOrder(order))
		if len(got) != len(order) || strings.Join(got, ",") != strings.Join(order, ",") {
			t.Errorf("DecodeOrder(EncodeOrder(%q)) = %q", order, got)
		}
	}
	prev := quiz.Deck{Round: 1, Order: []string{"a", "b"}, Pos: 0}
	if !OnlyMoved(prev, quiz.Deck{Round: 1, Order: []string{"a", "b"}, Pos: 1}) {
		t.Error("a deal that moved the position only: OnlyMoved = false")
	}
	if OnlyMoved(prev, quiz.Deck{Round: 2, Order: []string{"b", "a"}, Pos: 0}) {
		t.Error("a new round with a new order: OnlyMoved = true")
	}
}
