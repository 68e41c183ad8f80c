package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"
)

// ProbeEvery is how often at most a store really writes to answer Writable; readiness checks
// in between get the last outcome. Short enough for /readyz to turn within a few seconds of a
// disk filling up or being freed, long enough to cost nothing (one small upsert a second).
const ProbeEvery = time.Second

// ProbeTTL is how long a write probe's dedup row lives; expired rows are pruned with the rest.
const ProbeTTL = time.Hour

// ProbeKey is the dedup key a store's write probe upserts: one row per process, so replicas
// probing at once do not wait on each other's row lock.
func ProbeKey() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return "health:write-probe:" + hex.EncodeToString(b)
}

// WriteProbe runs a store's write check at most once per ProbeEvery and shares the outcome:
// readiness must tell whether the store can write (a disk full, a read-only file), which a
// read such as SELECT 1 does not. The zero value is not usable; use NewWriteProbe.
type WriteProbe struct {
	write func(ctx context.Context) error
	every time.Duration
	turn  chan struct{} // one probe at a time; a channel so waiting honours ctx

	at  time.Time // when the last probe finished; zero before the first
	err error     // its outcome
}

// NewWriteProbe makes a probe around write, one real write to the store.
func NewWriteProbe(write func(ctx context.Context) error) *WriteProbe {
	return &WriteProbe{write: write, every: ProbeEvery, turn: make(chan struct{}, 1)}
}

// Check reports whether the store could write when last probed, probing first when that was
// more than ProbeEvery ago.
func (p *WriteProbe) Check(ctx context.Context) error {
	select {
	case p.turn <- struct{}{}:
	case <-ctx.Done():
		return fmt.Errorf("write probe: %w", ctx.Err())
	}
	defer func() { <-p.turn }()
	if !p.at.IsZero() && time.Since(p.at) < p.every {
		return p.err
	}
	err := p.write(ctx)
	if err != nil {
		err = fmt.Errorf("store cannot write: %w", err)
	}
	p.at, p.err = time.Now(), err
	return err
}
