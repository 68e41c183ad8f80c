// Package memnet is an in-memory network for tests: an http.Server and an http.Client joined
// by net.Pipe instead of sockets. Blocking on a pipe is blocking on channels, so code that
// talks HTTP over it can run inside a testing/synctest bubble, where time is virtual and a
// test of rate limits measured in minutes takes milliseconds.
package memnet

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
)

// Listener hands out the server ends of pipes that Dial creates.
type Listener struct {
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once
}

// Listen makes a listener; create it inside the bubble that uses it.
func Listen() *Listener {
	return &Listener{conns: make(chan net.Conn), done: make(chan struct{})}
}

// Accept waits for the next Dial.
func (l *Listener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

// Close stops Accept and Dial.
func (l *Listener) Close() error {
	l.once.Do(func() { close(l.done) })
	return nil
}

// Addr is a placeholder: pipes have no address.
func (l *Listener) Addr() net.Addr { return pipeAddr{} }

// Dial connects to the listener whatever the address; it has http.Transport.DialContext's shape.
func (l *Listener) Dial(ctx context.Context, _, _ string) (net.Conn, error) {
	client, server := net.Pipe()
	select {
	case l.conns <- server:
		return client, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-l.done:
		return nil, errors.New("memnet: listener closed")
	}
}

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "pipe" }

// Server serves h on a new listener and returns a client that reaches it (any URL's host
// leads there) and a stop function that closes both and waits for the server to end.
func Server(h http.Handler) (*http.Client, func()) {
	l := Listen()
	srv := &http.Server{Handler: h}
	served := make(chan struct{})
	go func() {
		defer close(served)
		_ = srv.Serve(l)
	}()
	tr := &http.Transport{DialContext: l.Dial, MaxIdleConnsPerHost: 64}
	stop := func() {
		tr.CloseIdleConnections()
		_ = srv.Close()
		<-served
	}
	return &http.Client{Transport: tr}, stop
}
