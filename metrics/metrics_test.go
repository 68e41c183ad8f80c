package metrics

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != 200 {
		t.Fatalf("GET /metrics = %d", rec.Code)
	}
	b, _ := io.ReadAll(rec.Body)
	return string(b)
}

func TestCountsRequestsFeedbackAndLatency(t *testing.T) {
	m := New()
	slack := core.Request{Platform: "slack", Kind: core.KindCommand}
	m.Handled(slack, "answered", 2*time.Millisecond)
	m.Handled(slack, "answered", 3*time.Millisecond)
	m.Handled(slack, "unanswered", time.Millisecond)
	m.Handled(core.Request{Platform: "discord", Kind: core.KindAction}, "action", time.Millisecond)
	m.Feedback("slack", true)
	m.Feedback("discord", false)
	m.Feedback("discord", false)

	out := scrape(t, m)
	for _, want := range []string{
		`bigmodel_requests_total{kind="command",outcome="answered",platform="slack"} 2`,
		`bigmodel_requests_total{kind="command",outcome="unanswered",platform="slack"} 1`,
		`bigmodel_requests_total{kind="action",outcome="action",platform="discord"} 1`,
		`bigmodel_request_duration_seconds_count{platform="slack"} 3`,
		`bigmodel_feedback_total{helpful="true",platform="slack"} 1`,
		`bigmodel_feedback_total{helpful="false",platform="discord"} 2`,
		"go_goroutines",
		"process_resident_memory_bytes",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

func TestUnknownLabelValuesAreFolded(t *testing.T) {
	m := New()
	for i := range 50 {
		m.Handled(core.Request{Platform: strings.Repeat("x", i)}, "weird-"+strings.Repeat("y", i), 0)
	}
	out := scrape(t, m)
	if !strings.Contains(out, `bigmodel_requests_total{kind="command",outcome="other",platform="other"} 50`) {
		t.Errorf("unknown platforms/outcomes not folded into other:\n%s", grep(out, "bigmodel_requests_total"))
	}
}

func TestRegistriesAreIndependent(t *testing.T) {
	a, b := New(), New() // would panic on duplicate registration with a shared registry
	a.Feedback("console", true)
	if strings.Contains(scrape(t, b), `bigmodel_feedback_total{helpful="true",platform="console"}`) {
		t.Error("a count in one registry shows in another")
	}
}

func grep(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
