package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"

	slackgo "github.com/slack-go/slack"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

// payload is a message as an ack body, a Socket Mode ack payload or a response_url post.
type payload struct {
	ResponseType    string          `json:"response_type,omitempty"`
	ReplaceOriginal bool            `json:"replace_original,omitempty"`
	Text            string          `json:"text"`
	Blocks          []slackgo.Block `json:"blocks"`
}

type payloadFields payload

// MarshalJSON encodes the payload as encode does (no HTML escaping, which Slack does not want).
func (p payload) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	if err := encode(&buf, payloadFields(p)); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

func responseType(v core.Visibility) string {
	if v == core.Public {
		return slackgo.ResponseTypeInChannel
	}
	return slackgo.ResponseTypeEphemeral
}

// replyPayload renders a reply for an ack or a response_url.
func (a *Adapter) replyPayload(r core.Reply) payload {
	m := render(r, a.opts.LinkAllowed)
	return payload{ResponseType: responseType(r.Visibility), ReplaceOriginal: r.Replace, Text: m.Text, Blocks: m.Blocks}
}

// notice is a short ephemeral message of the adapter's own ("Looking that up…", errors).
func notice(text string) payload {
	return payload{ResponseType: slackgo.ResponseTypeEphemeral, Text: escape(text), Blocks: []slackgo.Block{section(escape(text))}}
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// putBuf returns buf to the pool unless a large body grew it: a flood of 1 MiB requests must
// not leave the pool holding a megabyte per buffer.
func putBuf(buf *bytes.Buffer) {
	if buf.Cap() <= 64<<10 {
		bufPool.Put(buf)
	}
}

// encode writes p as compact JSON without HTML escaping (mrkdwn is already entity-escaped).
func encode(buf *bytes.Buffer, p any) error {
	if pl, ok := p.(payload); ok {
		p = payloadFields(pl) // its fields, not its MarshalJSON, which calls encode
	}
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	return enc.Encode(p)
}

// allowedResponseURL accepts Slack's own hooks, or the configured API host (a proxy or a test
// server), so a message is never sent to an address a payload merely claims.
func (a *Adapter) allowedResponseURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return false
	}
	if a.apiHost != "" && u.Host == a.apiHost {
		return true
	}
	host := u.Hostname()
	return u.Scheme == "https" && (host == "slack.com" || strings.HasSuffix(host, ".slack.com"))
}

var errBadResponseURL = errors.New("response_url is not a Slack address")

// respond posts a message to an interaction's or command's response_url.
func (a *Adapter) respond(ctx context.Context, responseURL string, p payload) error {
	if !a.allowedResponseURL(responseURL) {
		return errBadResponseURL
	}
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer putBuf(buf)
	if err := encode(buf, p); err != nil {
		return fmt.Errorf("encode response: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, responseURL, bytes.NewReader(buf.Bytes()))
	if err != nil {
		return errors.New("build response_url request")
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	res, err := a.opts.HTTPClient.Do(req)
	if err != nil {
		return fmt.Errorf("post to response_url: %w", cleanErr(err))
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(res.Body, 4096))
	if res.StatusCode/100 != 2 {
		return fmt.Errorf("post to response_url: HTTP %d", res.StatusCode)
	}
	var r struct {
		OK    *bool  `json:"ok"`
		Error string `json:"error"`
	}
	if json.Unmarshal(body, &r) == nil && r.OK != nil && !*r.OK {
		return fmt.Errorf("post to response_url: %s", r.Error)
	}
	return nil
}
