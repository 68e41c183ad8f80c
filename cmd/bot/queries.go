package main

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

// queriesDropped exposes how many questions the query report did not count because a flush
// window held too many distinct ones: a non-zero value means the report undercounts.
func queriesDropped(r *core.QueryRecorder) prometheus.Collector {
	return prometheus.NewCounterFunc(prometheus.CounterOpts{
		Name: "bigmodel_query_report_dropped_total",
		Help: "Questions not counted for the query report because a flush window was full.",
	}, func() float64 { return float64(r.Dropped()) })
}
