// Package metrics counts what the bot does for Prometheus: requests by platform, kind and outcome,
// handling latency and answer feedback. It implements core.Observer.
package metrics

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

// Metrics owns a private registry (never the global one, so tests and several bots in one
// process do not collide).
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	feedback *prometheus.CounterVec
}

var _ core.Observer = (*Metrics)(nil)

// New registers the bot's metrics and the Go and process collectors.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "bigmodel_requests_total",
			Help: "Requests handled, by platform, kind (command, mention, message, action) and outcome (answered, unanswered, command, action, error).",
		}, []string{"platform", "kind", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "bigmodel_request_duration_seconds",
			Help: "Time core took to turn a request into a reply, by platform.",
			// Answers take well under a millisecond; quiz and store work a few.
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, 1},
		}, []string{"platform"}),
		feedback: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "bigmodel_feedback_total",
			Help: "Helpful / not helpful presses on answers, by platform.",
		}, []string{"platform", "helpful"}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.feedback,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handled counts one request; it is core.Observer's hook, called for every request.
func (m *Metrics) Handled(req core.Request, outcome string, d time.Duration) {
	p := platform(req.Platform)
	m.requests.WithLabelValues(p, req.Kind.String(), known(outcome, outcomes)).Inc()
	m.latency.WithLabelValues(p).Observe(d.Seconds())
}

// Feedback counts one helpful / not helpful press.
func (m *Metrics) Feedback(platformName string, helpful bool) {
	m.feedback.WithLabelValues(platform(platformName), strconv.FormatBool(helpful)).Inc()
}

// Handler serves the registry in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// Registry lets other packages add their own collectors (an adapter's reconnects, the quiz's posts).
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

var (
	platforms = []string{"slack", "discord", "console"}
	outcomes  = []string{"answered", "unanswered", "command", "action", "error"}
)

func platform(p string) string { return known(p, platforms) }

// known keeps label values to a fixed set: a label taken from input must not grow the series
// without bound.
func known(v string, allowed []string) string {
	if slices.Contains(allowed, v) {
		return v
	}
	return "other"
}
