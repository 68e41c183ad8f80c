package memnet

import (
	"context"
	"io"
	"net/http"
	"testing"
	"testing/synctest"
	"time"
)

// An HTTP round trip over the pipes works inside a bubble, the server's sleep takes no real
// time, and stop leaves no goroutine behind (synctest.Test fails the test if one is left).
func TestServerInsideABubble(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		client, stop := Server(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(time.Hour)
			_, _ = io.WriteString(w, "hello "+r.URL.Path)
		}))
		defer stop()
		start := time.Now()
		resp, err := client.Get("http://anywhere.test/x")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if string(b) != "hello /x" || time.Since(start) != time.Hour {
			t.Errorf("got %q after %v", b, time.Since(start))
		}
	})
}

func TestDialAfterCloseFails(t *testing.T) {
	l := Listen()
	l.Close()
	if _, err := l.Dial(context.Background(), "tcp", "x:1"); err == nil {
		t.Error("dialled a closed listener")
	}
	if _, err := l.Accept(); err == nil {
		t.Error("accepted on a closed listener")
	}
}
