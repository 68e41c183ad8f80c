// Command flood measures the bot's memory under a flood: many concurrent connections, each
// POSTing a large body with a bad signature, while it samples the bot's resident memory from
// /proc. Loopback targets only.
//
//	go run ./internal/tools/flood -url http://127.0.0.1:8080/slack/events -pid $(pidof bot) -c 2000 -size 1048576
//
// It prints the bot's RSS before, its peak during the flood, and after a quiet period, with
// the responses by status.
package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	target := flag.String("url", "", "target URL (loopback only)")
	pid := flag.Int("pid", 0, "process id of the bot, for its memory figures")
	conns := flag.Int("c", 2000, "concurrent connections")
	size := flag.Int("size", 1<<20, "body bytes per request")
	rounds := flag.Int("rounds", 3, "requests per connection")
	quiet := flag.Duration("quiet", 30*time.Second, "how long to watch memory after the flood")
	flag.Parse()
	u, err := url.Parse(*target)
	if err != nil || u.Host == "" {
		fail("want -url http://127.0.0.1:PORT/path")
	}
	if ip := net.ParseIP(u.Hostname()); u.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
		fail("loopback targets only")
	}
	before := rss(*pid)
	var peak atomic.Int64
	stop := make(chan struct{})
	go func() {
		for {
			if r := rss(*pid); r > peak.Load() {
				peak.Store(r)
			}
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	body := bytes.Repeat([]byte("x"), *size)
	head := fmt.Sprintf("POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-www-form-urlencoded\r\n"+
		"X-Slack-Request-Timestamp: %d\r\nX-Slack-Signature: v0=%s\r\nContent-Length: %d\r\n\r\n",
		u.RequestURI(), u.Host, time.Now().Unix(), strings.Repeat("0", 64), *size)
	var mu sync.Mutex
	codes := map[string]int{}
	count := func(k string) { mu.Lock(); codes[k]++; mu.Unlock() }
	start := time.Now()
	var wg sync.WaitGroup
	ready := make(chan struct{})
	for range *conns {
		wg.Go(func() {
			<-ready // every connection at once
			for range *rounds {
				count(once(u.Host, head, body))
			}
		})
	}
	close(ready)
	wg.Wait()
	took := time.Since(start)
	close(stop)
	time.Sleep(30 * time.Millisecond)
	after := rss(*pid)
	var settled int64
	deadline := time.Now().Add(*quiet)
	for time.Now().Before(deadline) {
		time.Sleep(time.Second)
		settled = rss(*pid)
	}
	keys := make([]string, 0, len(codes))
	for k := range codes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s=%d", k, codes[k]))
	}
	fmt.Printf("RESULT conns=%d body=%d rounds=%d took=%s rss_before_mb=%.1f rss_peak_mb=%.1f rss_end_mb=%.1f rss_after_%s_mb=%.1f responses: %s\n",
		*conns, *size, *rounds, took.Round(time.Millisecond), mb(before), mb(peak.Load()), mb(after), *quiet, mb(settled), strings.Join(parts, " "))
}

// once sends one request on a new connection and returns its status ("503") or what went wrong.
func once(host, head string, body []byte) string {
	c, err := net.DialTimeout("tcp", host, 10*time.Second)
	if err != nil {
		return "dial-error"
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(60 * time.Second))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	wrote := make(chan error, 1)
	go func() {
		if _, err := c.Write([]byte(head)); err != nil {
			wrote <- err
			return
		}
		for off := 0; off < len(body) && ctx.Err() == nil; off += 64 << 10 {
			if _, err := c.Write(body[off:min(off+64<<10, len(body))]); err != nil {
				wrote <- err
				return
			}
		}
		wrote <- nil
	}()
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		return "no-response"
	}
	res.Body.Close()
	return strconv.Itoa(res.StatusCode)
}

// rss is the resident memory of process pid in bytes (0 when unknown).
func rss(pid int) int64 {
	if pid == 0 {
		return 0
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n << 10
		}
	}
	return 0
}

func mb(n int64) float64 { return float64(n) / (1 << 20) }

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "flood:", msg)
	os.Exit(2)
}
