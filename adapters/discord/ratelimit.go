package discord

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/bigmodel-bot/bigmodel-bot/adapters/internal/turns"
)

// maxRateLimitWaits bounds how many 429s one call waits out; ctx is the real bound, this only
// stops a call with no deadline from looping forever against a server that always refuses.
const maxRateLimitWaits = 20

// holdMargin is added to a global 429's retry_after, which comes rounded to the millisecond:
// a request sent exactly when it ends may still land in the full window and be refused again.
const holdMargin = 5 * time.Millisecond

// globalLimit is the http.RoundTripper of the adapter's REST client. It keeps the bot's
// requests under Discord's global limit (50 a second per bot), which discordgo does not:
// discordgo only learns of the global limit from a 429, and only from one that carries
// X-RateLimit-Reset-After, which global 429s do not, so every request in flight runs into it
// on its own and each 429 counts towards the 10,000 invalid requests in 10 minutes that get
// the IP banned. Requests are spaced evenly at the configured rate, in the order they asked
// (so none starves), and a 429 with X-RateLimit-Global holds every request until its
// retry_after. Interaction responses and follow-ups are exempt, as on Discord.
//
// It keeps real time (the time package), as discordgo's route buckets do.
type globalLimit struct {
	next  http.RoundTripper
	turns *turns.Queue
}

func newGlobalLimit(next http.RoundTripper, perSecond float64) *globalLimit {
	if next == nil {
		next = http.DefaultTransport
	}
	return &globalLimit{next: next, turns: turns.New(time.Duration(float64(time.Second) / perSecond))}
}

// RoundTrip waits for the request's turn (or its context's end), sends it, and holds all
// requests after a global 429.
func (g *globalLimit) RoundTrip(r *http.Request) (*http.Response, error) {
	if exemptFromGlobal(r.URL.Path) {
		return g.next.RoundTrip(r)
	}
	if err := g.turns.Wait(r.Context()); err != nil {
		if r.Body != nil {
			_ = r.Body.Close() // a RoundTripper closes the request body, also when it fails
		}
		return nil, fmt.Errorf("discord: waiting for the global rate limit: %w", err)
	}
	resp, err := g.next.RoundTrip(r)
	if err == nil && resp.StatusCode == http.StatusTooManyRequests && isGlobal(resp.Header) {
		g.turns.Hold(time.Now().Add(retryAfter(resp) + holdMargin))
	}
	return resp, err
}

// exemptFromGlobal reports whether a path is an interaction endpoint, which Discord does not
// count against the bot's global limit.
func exemptFromGlobal(path string) bool {
	return strings.Contains(path, "/interactions/") || strings.Contains(path, "/webhooks/")
}

// isGlobal reports whether a 429 is the global limit's: X-RateLimit-Global, or a scope of
// "global" (the header Discord added later).
func isGlobal(h http.Header) bool {
	return h.Get("X-RateLimit-Global") != "" || strings.EqualFold(h.Get("X-RateLimit-Scope"), "global")
}

// retryAfter reads how long a 429 asks to wait: the body's retry_after (fractional seconds,
// the precise one), else the Retry-After header (seconds, rounded up), else a second. It
// leaves the body readable for discordgo.
func retryAfter(resp *http.Response) time.Duration {
	if resp.Body != nil {
		b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		_ = resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(b))
		var body struct {
			RetryAfter *float64 `json:"retry_after"`
		}
		if err == nil && json.Unmarshal(b, &body) == nil && body.RetryAfter != nil && *body.RetryAfter >= 0 {
			return time.Duration(*body.RetryAfter * float64(time.Second))
		}
	}
	if s, err := strconv.ParseFloat(strings.TrimSpace(resp.Header.Get("Retry-After")), 64); err == nil && s >= 0 {
		return time.Duration(s * float64(time.Second))
	}
	return time.Second
}

// restCall runs one REST call on route bucket with ctx, and waits out the bucket and the call's
// 429s here, with ctx, instead of in discordgo, which sleeps through both without looking at
// ctx (holding the route's lock while it sleeps through a 429). The wait before a call is what
// the bucket's X-RateLimit headers said (discordgo keeps them); after a 429 it is retry_after.
func (a *Adapter) restCall(ctx context.Context, bucket string, do func(opts ...discordgo.RequestOption) error) error {
	for attempt := 0; ; attempt++ {
		if err := sleepCtx(ctx, a.bucketWait(bucket)); err != nil {
			return fmt.Errorf("discord: waiting for route %s: %w", bucket, err)
		}
		err := do(discordgo.WithContext(ctx), discordgo.WithRetryOnRatelimit(false))
		var rl *discordgo.RateLimitError
		if !errors.As(err, &rl) || attempt >= maxRateLimitWaits {
			return err
		}
		if werr := sleepCtx(ctx, rl.RetryAfter); werr != nil {
			return fmt.Errorf("%w (gave up waiting: %w)", err, werr)
		}
	}
}

// bucketWait is how long discordgo would sleep before a request on bucket (an empty bucket
// until its reset, or its own global lock). The bucket's lock is held only while a request
// on the same route is in flight.
func (a *Adapter) bucketWait(bucket string) time.Duration {
	rl := a.rest.Ratelimiter
	b := rl.GetBucket(bucket)
	b.Lock()
	defer b.Unlock()
	return rl.GetWaitTime(b, 1)
}

// sleepCtx waits d, or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
