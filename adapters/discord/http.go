package discord

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
)

// MaxSkew is how far an interaction's X-Signature-Timestamp may be from now. The signature
// covers the timestamp but Discord's scheme has no expiry of its own, so without this window a
// captured request could be replayed forever.
const MaxSkew = 5 * time.Minute

// HTTPHandler serves Discord's interactions endpoint (POST /discord/interactions): it checks
// the Ed25519 signature and the timestamp before reading anything else, answers PING with PONG
// and everything else with the interaction response in the HTTP body.
func (a *Adapter) HTTPHandler() http.Handler { return http.HandlerFunc(a.serveHTTP) }

func (a *Adapter) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if a.o.PublicKey == nil {
		http.Error(w, "discord public key not configured", http.StatusServiceUnavailable)
		return
	}
	var sig [ed25519.SignatureSize]byte
	ts := r.Header.Get("X-Signature-Timestamp")
	sh := r.Header.Get("X-Signature-Ed25519")
	if len(sh) != 2*len(sig) || !a.fresh(ts) {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	if _, err := hex.Decode(sig[:], []byte(sh)); err != nil {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	// The signed message is timestamp+body: read the body straight after the timestamp.
	var buf bytes.Buffer
	buf.WriteString(ts)
	n, err := buf.ReadFrom(io.LimitReader(r.Body, a.o.MaxBody+1))
	if err != nil {
		http.Error(w, "cannot read body", http.StatusBadRequest)
		return
	}
	if n > a.o.MaxBody {
		http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
		return
	}
	if !ed25519.Verify(a.o.PublicKey, buf.Bytes(), sig[:]) {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	i, err := decodeInteraction(buf.Bytes()[len(ts):])
	if err != nil {
		http.Error(w, "malformed interaction", http.StatusBadRequest)
		return
	}
	ok := true
	// A deferred response goes out while core still works: pushed to Discord at once.
	ans := a.interact(r.Context(), i, func(resp *response) { ok = a.writeResponse(w, i, resp, true) })
	if ans.resp != nil {
		ok = a.writeResponse(w, i, ans.resp, ans.after != nil)
	}
	if ok && ans.after != nil {
		a.jobs.Go(i.ChannelID, ans.after)
	}
}

// writeResponse writes an interaction's response, pushed to Discord at once when push is set
// (whatever follows edits or extends it). It reports whether it was written.
func (a *Adapter) writeResponse(w http.ResponseWriter, i *discordgo.Interaction, resp *response, push bool) bool {
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false) // "<" and ">" as they are: answers quote them
	if err := enc.Encode(resp); err != nil {
		a.log.Error("encode interaction response", "interaction", i.ID, "err", err)
		http.Error(w, "cannot encode the response", http.StatusInternalServerError)
		return false
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(out.Len()))
	_, _ = w.Write(out.Bytes())
	if f, ok := w.(http.Flusher); ok && push {
		f.Flush()
	}
	return true
}

// fresh reports whether ts (Unix seconds) is within MaxSkew of now.
func (a *Adapter) fresh(ts string) bool {
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return false
	}
	d := time.Since(time.Unix(sec, 0))
	return d <= MaxSkew && d >= -MaxSkew
}
