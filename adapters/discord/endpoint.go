package discord

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// APIVersion is the one Discord API version the bot speaks, on REST and on the gateway.
// discordgo v0.29 builds its endpoint URLs for v9 (https://discord.com/api/v9/…) and asks the
// gateway for v9; apiTransport maps both to this version.
const APIVersion = "10"

// DefaultAPIURL is where REST requests go when discord.api_url is empty.
const DefaultAPIURL = "https://discord.com/api/v" + APIVersion

// apiTransport is the innermost http.RoundTripper of every session the package makes. It sends
// the requests discordgo addresses to https://discord.com/api/v<N>/… to the configured API base
// with v10 instead, so api_url (a proxy, a fake in tests) is a per-session setting rather than
// a rewrite of discordgo's package-level endpoint variables. It also asks the gateway for v10:
// it rewrites the url in the answer to GET /gateway(/bot) to end in "?v=10&encoding=json#", so
// the "?v=9&encoding=json" discordgo appends lands in the fragment, which a websocket client
// never sends.
type apiTransport struct {
	next http.RoundTripper
	// scheme, host and prefix (the path before /api/v10, "" for the root) of the target.
	scheme, host, prefix string
}

// newAPITransport parses apiURL (empty: DefaultAPIURL): http(s)://host[:port][/path][/api[/v10]].
// A version other than 10 is refused, since the bot would talk v10 to it anyway.
func newAPITransport(apiURL string, next http.RoundTripper) (*apiTransport, error) {
	if apiURL == "" {
		apiURL = DefaultAPIURL
	}
	u, err := url.Parse(apiURL)
	if err != nil {
		return nil, fmt.Errorf("discord api_url %q: %w", apiURL, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("discord api_url %q: want http(s)://host[:port][/path][/api/v%s]", apiURL, APIVersion)
	}
	p := strings.TrimRight(u.Path, "/")
	if i := strings.LastIndex(p, "/api"); i >= 0 && (p[i:] == "/api" || strings.HasPrefix(p[i:], "/api/v")) {
		if v := strings.TrimPrefix(p[i:], "/api"); v != "" && v != "/v"+APIVersion {
			return nil, fmt.Errorf("discord api_url %q names API %s; the bot speaks v%s only", apiURL, v[1:], APIVersion)
		}
		p = p[:i]
	}
	if next == nil {
		next = http.DefaultTransport
	}
	return &apiTransport{next: next, scheme: u.Scheme, host: u.Host, prefix: p}, nil
}

// discordHost is the host of discordgo's endpoint variables.
const discordHost = "discord.com"

// RoundTrip sends r to the configured base. Requests for other hosts (none today) pass as
// they are.
func (t *apiTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rest, ok := apiRest(r.URL.Host, r.URL.Path)
	if !ok {
		return t.next.RoundTrip(r)
	}
	out := r.Clone(r.Context()) // a RoundTripper must not change the caller's request
	base := t.prefix + "/api/v" + APIVersion
	out.URL.Scheme, out.URL.Host, out.Host = t.scheme, t.host, ""
	out.URL.Path, out.URL.RawPath = base+rest, ""
	if raw, ok := apiRest(r.URL.Host, r.URL.EscapedPath()); ok && raw != rest {
		out.URL.RawPath = base + raw // keep escapes such as %2F in a path segment
	}
	resp, err := t.next.RoundTrip(out)
	if err != nil || r.Method != http.MethodGet || (rest != "/gateway" && rest != "/gateway/bot") || resp.StatusCode != http.StatusOK {
		return resp, err
	}
	return gatewayV10(resp)
}

// apiRest returns the part after /api/v<N> of a path of discordgo's endpoints on host
// ("/channels/1/messages").
func apiRest(host, path string) (string, bool) {
	if host != discordHost || !strings.HasPrefix(path, "/api/v") {
		return "", false
	}
	p := path[len("/api/v"):]
	n := 0
	for n < len(p) && '0' <= p[n] && p[n] <= '9' {
		n++
	}
	if n == 0 || (n < len(p) && p[n] != '/') {
		return "", false
	}
	return p[n:], true
}

// gatewayV10 rewrites the url of a gateway answer (see apiTransport).
func gatewayV10(resp *http.Response) (*http.Response, error) {
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	_ = resp.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("discord: read the gateway answer: %w", err)
	}
	var m map[string]json.RawMessage
	var gw string
	if json.Unmarshal(b, &m) == nil && json.Unmarshal(m["url"], &gw) == nil && gw != "" && !strings.ContainsAny(gw, "?#") {
		q, _ := json.Marshal(strings.TrimRight(gw, "/") + "/?v=" + APIVersion + "&encoding=json#")
		m["url"] = q
		if nb, err := json.Marshal(m); err == nil {
			b = nb
		}
	}
	resp.Body = io.NopCloser(bytes.NewReader(b))
	resp.ContentLength = int64(len(b))
	resp.Header.Set("Content-Length", strconv.Itoa(len(b)))
	return resp, nil
}

// RouteLibraryLogs sends discordgo's own log lines (gateway errors, reconnects) to l instead of
// the standard logger. discordgo offers no per-session logger, only the package variable
// discordgo.Logger, so this applies to the whole process: call it once at start-up. Sessions
// keep discordgo's default level (errors only), so its debug lines, which would include the
// identify payload and its token, are never produced.
func RouteLibraryLogs(l *slog.Logger) {
	discordgo.Logger = func(msgL, _ int, format string, a ...any) {
		level := slog.LevelDebug
		switch msgL {
		case discordgo.LogError:
			level = slog.LevelError
		case discordgo.LogWarning:
			level = slog.LevelWarn
		case discordgo.LogInformational:
			level = slog.LevelInfo
		}
		l.Log(context.Background(), level, fmt.Sprintf(format, a...), "source", "discordgo")
	}
}
