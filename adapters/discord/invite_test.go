package discord

import (
	"net/url"
	"testing"
)

func TestInviteURL(t *testing.T) {
	got, err := InviteURL("123456789012345678")
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(got)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if u.Scheme != "https" || u.Host != "discord.com" || u.Path != "/oauth2/authorize" {
		t.Errorf("URL %s: want https://discord.com/oauth2/authorize", got)
	}
	// 1024 View Channel + 2048 Send Messages + 16384 Embed Links + 65536 Read Message History.
	want := map[string]string{"client_id": "123456789012345678", "scope": "bot applications.commands", "permissions": "84992"}
	for k, v := range want {
		if q.Get(k) != v {
			t.Errorf("%s = %q, want %q (%s)", k, q.Get(k), v, got)
		}
	}
	if len(q) != len(want) {
		t.Errorf("extra parameters in %s", got)
	}
	for _, bad := range []string{"", "abc", "123456789012345678901", "12 34"} {
		if _, err := InviteURL(bad); err == nil {
			t.Errorf("InviteURL(%q) accepted", bad)
		}
	}
}
