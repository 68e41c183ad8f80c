// Package storetest is the contract suite that every implementation of the bot's storage ports
// passes (store/sqlite, store/postgres). An implementation's test calls Run with a Factory.
package storetest

import (
	"context"
	"io"
	"sync"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

// Store is what the suite exercises: the core ports plus the store's own housekeeping.
type Store interface {
	core.LangPrefs
	core.FeedbackStore
	core.EventDedup
	core.LessonStore
	core.SignalRecorder
	// Signals lists the implicit signals, the most frequent first.
	Signals(ctx context.Context, limit int) ([]core.SignalTotal, error)
	// DismissSignals removes a question's signals (for slug, or all with slug "").
	DismissSignals(ctx context.Context, question, slug string) (int64, error)
	// FeedbackCounts counts, for one slug, users whose latest press was helpful (up) or not.
	FeedbackCounts(ctx context.Context, slug string) (up, down int, err error)
	// Ping checks that the database answers.
	Ping(ctx context.Context) error
	// Close releases the store; it is not used afterwards.
	Close() error
}

// Opener creates and opens stores of one kind for a suite.
type Opener[S io.Closer] struct {
	// Fresh returns the DSN of a new, empty database that belongs to t alone.
	Fresh func(t *testing.T) string
	// Open opens the store at dsn, applying migrations. The suites call it again with the same
	// dsn after Close to check that data persists, and twice at once to check that two
	// processes can share a database.
	Open func(ctx context.Context, dsn string) (S, error)
}

// Factory creates and opens stores for the core ports' suite (Run).
type Factory = Opener[Store]

// contract is one named contract test of a suite.
type contract[S io.Closer] struct {
	name string
	fn   func(t *testing.T, f Opener[S])
}

// runContracts runs each contract as a subtest of t.
func runContracts[S io.Closer](t *testing.T, f Opener[S], tests []contract[S]) {
	if f.Fresh == nil || f.Open == nil {
		t.Fatal("storetest: the factory needs Fresh and Open")
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, f) })
	}
}

// openUntilEnd opens the store at dsn and closes it when the test ends, unless the test
// closed it itself.
func openUntilEnd[S io.Closer](t *testing.T, f Opener[S], dsn string) S {
	t.Helper()
	s, err := f.Open(t.Context(), dsn)
	if err != nil {
		t.Fatalf("open %s: %v", dsn, err)
	}
	var once sync.Once
	t.Cleanup(func() { once.Do(func() { s.Close() }) })
	return s
}

// Run runs every contract test of the core ports as a subtest of t.
func Run(t *testing.T, f Factory) {
	runContracts(t, f, []contract[Store]{
		{"LangRoundTrip", testLangRoundTrip},
		{"LangIsolation", testLangIsolation},
		{"FeedbackReplace", testFeedbackReplace},
		{"FeedbackIsolation", testFeedbackIsolation},
		{"DedupFirstSecondExpired", testDedup},
		{"DedupLongKeys", testDedupLongKeys},
		{"DedupConcurrent", testDedupConcurrent},
		{"ConcurrentWriters", testConcurrentWriters},
		{"Persistence", testPersistence},
		{"TwoOpenersShareOneDatabase", testTwoOpeners},
		{"HostileStrings", testHostileStrings},
		{"BadInput", testBadInput},
		{"PingAndClose", testPingAndClose},
		{"CanceledContext", testCanceledContext},
		{"Lessons", testLessons},
		{"LessonsBadInput", testLessonsBadInput},
		{"LessonsConcurrent", testLessonsConcurrent},
		{"Signals", testSignals},
	})
}

// open opens a fresh store that is closed when the test ends.
func open(t *testing.T, f Factory) (Store, string) {
	t.Helper()
	dsn := f.Fresh(t)
	return reopen(t, f, dsn), dsn
}

// reopen opens the store at dsn and closes it when the test ends.
func reopen(t *testing.T, f Factory, dsn string) Store {
	t.Helper()
	s, err := f.Open(t.Context(), dsn)
	if err != nil {
		t.Fatalf("open %s: %v", dsn, err)
	}
	c := &closer{Store: s}
	t.Cleanup(func() { c.close(t) })
	return c
}

// closer wraps a Store so a test may Close it early and cleanup does not close it twice.
type closer struct {
	Store
	closed bool
}

// Close closes the wrapped store once.
func (c *closer) Close() error {
	c.closed = true
	return c.Store.Close()
}

func (c *closer) close(t *testing.T) {
	if c.closed {
		return
	}
	if err := c.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
}
