package server

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestAdmission(t *testing.T) {
	for _, tc := range []struct {
		name     string
		maxN     int
		maxBytes int64
		costs    []int64 // entered in order, none leaving
		want     []bool
	}{
		{"count cap", 2, 0, []int64{1, 1, 1}, []bool{true, true, false}},
		{"byte cap", 0, 100, []int64{60, 30, 20, 10}, []bool{true, true, false, true}},
		{"one body larger than the budget, alone", 0, 100, []int64{500, 1}, []bool{true, false}},
		{"no caps", 0, 0, []int64{1 << 40, 1 << 40}, []bool{true, true}},
	} {
		a := newAdmission(tc.maxN, tc.maxBytes)
		for i, c := range tc.costs {
			if got := a.enter(c); got != tc.want[i] {
				t.Errorf("%s: enter #%d (%d bytes) = %v, want %v", tc.name, i, c, got, tc.want[i])
			}
		}
	}
	a := newAdmission(1, 10)
	if !a.enter(10) || a.enter(1) {
		t.Fatal("the cap does not hold")
	}
	a.leave(10)
	if !a.enter(10) {
		t.Error("leave did not give the slot and bytes back")
	}
}

// Over real loopback connections: with every slot taken by slow requests, the next request
// is refused at once with 503 and Retry-After, probes still answer, and once the slow ones
// finish requests are admitted again.
func TestOverloadIsRefusedNotQueued(t *testing.T) {
	s := New("127.0.0.1:0", nil)
	s.MaxInFlight = 4
	release := make(chan struct{})
	var entered sync.WaitGroup
	entered.Add(4)
	var once sync.Map
	s.Handle("POST /slow", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n := r.Header.Get("X-N"); len(n) == 1 { // the four slow ones
			if _, loaded := once.LoadOrStore(n, true); !loaded {
				entered.Done()
			}
		}
		<-release
		io.WriteString(w, "done")
	}))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := s.Listen(); err != nil {
		t.Fatal(err)
	}
	go s.Run(ctx)
	base := "http://" + s.Addr()
	post := func(n int, body string) (*http.Response, error) {
		r, _ := http.NewRequest(http.MethodPost, base+"/slow", strings.NewReader(body))
		r.Header.Set("X-N", fmt.Sprint(n))
		return http.DefaultClient.Do(r)
	}
	var slow sync.WaitGroup
	for i := range 4 {
		slow.Go(func() {
			res, err := post(i, "x")
			if err != nil {
				t.Error(err)
				return
			}
			res.Body.Close()
			if res.StatusCode != 200 {
				t.Errorf("admitted request: %d", res.StatusCode)
			}
		})
	}
	entered.Wait()
	start := time.Now()
	res, err := post(99, strings.Repeat("y", 512<<10))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
		t.Errorf("over the cap: %d Retry-After=%q, want 503 with Retry-After", res.StatusCode, res.Header.Get("Retry-After"))
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("refusal took %v: it waited instead of refusing", d)
	}
	for _, p := range []string{"/healthz", "/readyz"} {
		res, err := http.Get(base + p)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Errorf("GET %s under overload = %d, want 200", p, res.StatusCode)
		}
	}
	if s.Refused() != 1 {
		t.Errorf("Refused() = %d, want 1", s.Refused())
	}
	close(release)
	slow.Wait()
	res, err = post(100, "z")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("after the overload: %d, want 200", res.StatusCode)
	}
}
