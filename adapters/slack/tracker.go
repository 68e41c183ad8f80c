package slack

import (
	"context"
	"sync"
)

// tracker counts background jobs. Unlike sync.WaitGroup it may gain jobs while someone waits,
// which happens when a request arrives during shutdown.
type tracker struct {
	mu   sync.Mutex
	n    int
	zero chan struct{} // closed when n drops to 0
}

func (t *tracker) add() {
	t.mu.Lock()
	if t.n == 0 {
		t.zero = make(chan struct{})
	}
	t.n++
	t.mu.Unlock()
}

func (t *tracker) done() {
	t.mu.Lock()
	t.n--
	if t.n == 0 {
		close(t.zero)
	}
	t.mu.Unlock()
}

// wait blocks until no job runs or ctx ends; it reports whether the jobs finished.
func (t *tracker) wait(ctx context.Context) bool {
	for {
		t.mu.Lock()
		if t.n == 0 {
			t.mu.Unlock()
			return true
		}
		z := t.zero
		t.mu.Unlock()
		select {
		case <-z:
		case <-ctx.Done():
			return false
		}
	}
}
