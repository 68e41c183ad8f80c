package admin

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

// Chart geometry, in SVG user units.
const (
	chartW, chartH = 720, 220
	padL, padB     = 40, 24
	padT           = 10
)

// dayChart draws questions per day (all platforms) as stacked bars: answered, unanswered,
// small talk. Drawn on the server as SVG with classes, not styles, so the page's CSP (no inline
// style, no script) holds. Each bar has a <title> with its figures, which browsers show on
// hover.
func dayChart(since time.Time, days int, rows []core.QueryDay, t map[string]string) template.HTML {
	type stack struct{ a, u, s int64 }
	bars := make([]stack, days)
	first := core.UnixDay(since)
	var top int64 = 1
	for _, r := range rows {
		i := int(r.Day - first)
		if i < 0 || i >= days {
			continue
		}
		bars[i].a += r.Answered
		bars[i].u += r.Unanswered
		bars[i].s += r.SmallTalk
		top = max(top, bars[i].a+bars[i].u+bars[i].s)
	}
	plotH := float64(chartH - padB - padT)
	slot := float64(chartW-padL) / float64(days)
	y := func(v int64) float64 { return plotH * float64(v) / float64(top) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`,
		chartW, chartH, template.HTMLEscapeString(t["perDay"]))
	fmt.Fprintf(&b, `<line class="axis" x1="%d" y1="%d" x2="%d" y2="%d"/>`, padL, chartH-padB, chartW, chartH-padB)
	fmt.Fprintf(&b, `<text class="tick" x="%d" y="%d">%d</text>`, 4, padT+10, top)
	fmt.Fprintf(&b, `<text class="tick" x="%d" y="%d">0</text>`, 4, chartH-padB)
	for i, s := range bars {
		x := float64(padL) + float64(i)*slot + slot*0.15
		w := slot * 0.7
		base := float64(chartH - padB)
		day := since.AddDate(0, 0, i).Format("2006-01-02")
		fmt.Fprintf(&b, `<g class="day" data-day="%s" data-total="%d"><title>%s: %d %s, %d %s, %d %s</title>`,
			day, s.a+s.u+s.s, day, s.a, template.HTMLEscapeString(t["answered"]), s.u, template.HTMLEscapeString(t["unanswered"]), s.s, template.HTMLEscapeString(t["smallTalk"]))
		for _, part := range []struct {
			class string
			v     int64
		}{{"answered", s.a}, {"unanswered", s.u}, {"smalltalk", s.s}} {
			if part.v == 0 {
				continue
			}
			h := y(part.v)
			base -= h
			fmt.Fprintf(&b, `<rect class="%s" x="%.1f" y="%.1f" width="%.1f" height="%.1f"/>`, part.class, x, base, w, h)
		}
		b.WriteString(`</g>`)
		if i%7 == 0 {
			fmt.Fprintf(&b, `<text class="tick" x="%.1f" y="%d">%s</text>`, x, chartH-6, since.AddDate(0, 0, i).Format("01-02"))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // built from numbers, dates and escaped labels only
}
