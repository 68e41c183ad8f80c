package discord

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// roundTripFunc records what reaches the network.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// discordgo's endpoint URLs (v9, discord.com) reach the configured base as v10.
func TestAPITransportRewritesToTheConfiguredBase(t *testing.T) {
	for _, c := range []struct{ apiURL, in, want string }{
		{"", discordgo.EndpointChannelMessages("7"), "https://discord.com/api/v10/channels/7/messages"},
		{"http://127.0.0.1:9/api/v10", discordgo.EndpointChannelMessages("7"), "http://127.0.0.1:9/api/v10/channels/7/messages"},
		{"http://127.0.0.1:9/", discordgo.EndpointWebhookToken("A", "tok") + "?wait=true", "http://127.0.0.1:9/api/v10/webhooks/A/tok?wait=true"},
		{"http://127.0.0.1:9/api", discordgo.EndpointInteractionResponse("1", "t"), "http://127.0.0.1:9/api/v10/interactions/1/t/callback"},
		{"https://proxy.example/discord/api/v10/", discordgo.EndpointApplicationGlobalCommands("A"), "https://proxy.example/discord/api/v10/applications/A/commands"},
		{"http://127.0.0.1:9", "https://cdn.discordapp.com/x.png", "https://cdn.discordapp.com/x.png"}, // not the API: untouched
	} {
		var got string
		api, err := newAPITransport(c.apiURL, roundTripFunc(func(r *http.Request) (*http.Response, error) {
			got = r.URL.String()
			return &http.Response{StatusCode: 204, Body: http.NoBody, Header: http.Header{}}, nil
		}))
		if err != nil {
			t.Fatalf("%q: %v", c.apiURL, err)
		}
		req, _ := http.NewRequest(http.MethodPost, c.in, nil)
		if _, err := api.RoundTrip(req); err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("api_url %q: %s went to %s, want %s", c.apiURL, c.in, got, c.want)
		}
		if req.URL.String() != c.in {
			t.Errorf("the caller's request was changed to %s", req.URL)
		}
	}
}

func TestAPITransportRefusesOtherVersionsAndBadURLs(t *testing.T) {
	for _, u := range []string{"http://127.0.0.1:9/api/v9", "ftp://x/api/v10", "http:///api/v10", "http://h/api/v10?x=1", "::"} {
		if _, err := newAPITransport(u, nil); err == nil {
			t.Errorf("%q accepted", u)
		}
	}
}

// The gateway is dialled with v10: the url of GET /gateway gets the version in its query and a
// fragment that swallows what discordgo appends.
func TestAPITransportAsksTheGatewayForV10(t *testing.T) {
	api, err := newAPITransport("", roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(`{"url":"wss://gateway.discord.gg","shards":1}`))}, nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, discordgo.EndpointGatewayBot, nil)
	resp, err := api.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	var gw struct {
		URL    string `json:"url"`
		Shards int    `json:"shards"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&gw); err != nil {
		t.Fatal(err)
	}
	if want := "wss://gateway.discord.gg/?v=10&encoding=json#"; gw.URL != want || gw.Shards != 1 {
		t.Errorf("gateway answer %+v, want url %s and the rest kept", gw, want)
	}
}
