package figures

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Series is one named curve of a Lines chart.
type Series struct {
	// Name is the legend entry; an empty name leaves the series out of
	// the legend.
	Name string
	// X and Y are the data, of equal length. With LogX (LogY) every X
	// (Y) must be positive.
	X, Y []float64
	// Lo and Hi, if non-nil, are per-point error bar bounds in data
	// units (absolute values, not offsets: the bar for point i spans
	// Lo[i]..Hi[i]). Both must be given, with the length of X.
	Lo, Hi []float64
	// Markers draws a marker at every point.
	Markers bool
	// NoLine suppresses the connecting line (a scatter plot); markers
	// are then drawn whether or not Markers is set.
	NoLine bool
	// Color overrides the palette colour of the series; nil keeps
	// SeriesColor(i) for the i-th series. Dash pattern and marker shape
	// always follow the series' position.
	Color color.Color
}

// RefLine is a horizontal reference line, for example y = 0 or the
// limiting value φ_δ(1) that a convergence plot approaches.
type RefLine struct {
	// Y is the height of the line in data units.
	Y float64
	// Label, which may be empty, is written at one end of the line,
	// above or below it, wherever it covers the fewest data points, on
	// a translucent white background.
	Label string
}

// LinesOptions describes a Lines chart.
type LinesOptions struct {
	// Title is the figure title.
	Title string
	// XLabel and YLabel label the axes; include units, for example
	// "KL divergence (nats)".
	XLabel, YLabel string
	// Series are the curves, drawn in order.
	Series []Series
	// LogX and LogY select logarithmic axes with ticks at powers of ten
	// (and at 2 and 5 times powers of ten when the range spans less than
	// two decades). They are drawn by plotting log10 of the data on a
	// linear axis whose ticks are labelled in data units, rather than
	// with plot.LogScale, whose axis-label layout leaves a wide empty
	// band at the far end of the axis.
	LogX, LogY bool
	// Refs are horizontal reference lines, drawn under the series (their
	// labels over them).
	Refs []RefLine
	// Legend places the legend; the zero value is LegendAuto.
	Legend LegendPosition
}

// Lines draws several named series against common axes, with optional
// per-point error bars, markers, logarithmic axes and horizontal
// reference lines, in the house style of NewPlot. Series i is drawn in
// SeriesColor(i) with SeriesDashes(i) and, where markers are shown,
// SeriesGlyph(i), so the chart reads in greyscale.
//
// A reward-versus-KL figure with a simulated best-of-N curve and its
// 95% confidence band:
//
//	p, err := figures.Lines(figures.LinesOptions{
//		Title:  "Reward vs KL, ternary example",
//		XLabel: "KL divergence from reference (nats/token)",
//		YLabel: "expected reward (nats/token)",
//		Series: []figures.Series{
//			{Name: "KL-constrained RL (theory)", X: delta, Y: rlReward},
//			{Name: "best-of-N (simulated)", X: klBoN, Y: bonMean, Lo: bonLo, Hi: bonHi, Markers: true},
//		},
//	})
//
// A convergence plot over the sequence length m, on a log axis, with
// the limit drawn as a reference line:
//
//	p, err := figures.Lines(figures.LinesOptions{
//		Title:  "Mean type of best-of-N approaches φ_δ",
//		XLabel: "sequence length m (tokens)",
//		YLabel: "E[t(Y^m)](1)",
//		LogX:   true,
//		Series: []figures.Series{{Name: "best-of-N", X: ms, Y: means, Lo: lo, Hi: hi, Markers: true}},
//		Refs:   []figures.RefLine{{Y: phiDelta[0], Label: "φ_δ(1)"}},
//	})
//
// Lines returns an error if a series is empty, its slices differ in
// length, a value is NaN or infinite, or a value is not positive on a
// logarithmic axis.
func Lines(o LinesOptions) (*plot.Plot, error) {
	if len(o.Series) == 0 {
		return nil, errors.New("figures: Lines needs at least one series")
	}
	for i, s := range o.Series {
		if err := checkSeries(s, o.LogX, o.LogY); err != nil {
			return nil, fmt.Errorf("figures: series %d (%q): %w", i, s.Name, err)
		}
	}
	for i, r := range o.Refs {
		if math.IsNaN(r.Y) || math.IsInf(r.Y, 0) || (o.LogY && r.Y <= 0) {
			return nil, fmt.Errorf("figures: reference line %d (%q): invalid y %v", i, r.Label, r.Y)
		}
	}

	// Logarithmic axes plot log10 of the data on a linear axis whose
	// ticks are labelled in data units. (gonum's plot.LogScale places
	// the axis-label glyph box at the normalised arithmetic midpoint of
	// the range, which on a log axis lies near the far end and makes the
	// layout shrink the data area by the label's length.)
	tx, ty := identity, identity
	p := NewPlot(o.Title, o.XLabel, o.YLabel)
	if o.LogX {
		tx = math.Log10
		p.X.Tick.Marker = logTicks{}
	}
	if o.LogY {
		ty = math.Log10
		p.Y.Tick.Marker = logTicks{}
	}
	series := make([]Series, len(o.Series))
	for i, s := range o.Series {
		series[i] = transformSeries(s, tx, ty)
	}
	refs := make([]RefLine, len(o.Refs))
	for i, r := range o.Refs {
		refs[i] = RefLine{Y: ty(r.Y), Label: r.Label}
	}
	dataPts := func(c draw.Canvas, p *plot.Plot) []vg.Point {
		return seriesAvoid(c, p, series)
	}

	var refPlotters []*refLine
	for _, r := range refs {
		rl := &refLine{y: r.Y, label: r.Label, avoid: dataPts}
		refPlotters = append(refPlotters, rl)
		p.Add(rl)
	}

	leg := newLegendBox()
	for i, s := range series {
		item := legendItem{name: s.Name}
		clr := SeriesColor(i)
		if s.Color != nil {
			clr = s.Color
		}
		xys := make(plotter.XYs, len(s.X))
		for j := range s.X {
			xys[j] = plotter.XY{X: s.X[j], Y: s.Y[j]}
		}
		if s.Lo != nil {
			eb := &plotter.YErrorBars{
				XYs:       xys,
				YErrors:   make(plotter.YErrors, len(xys)),
				LineStyle: draw.LineStyle{Color: clr, Width: vg.Points(1)},
				CapWidth:  vg.Points(6),
			}
			for j := range xys {
				eb.YErrors[j].Low = xys[j].Y - s.Lo[j]
				eb.YErrors[j].High = s.Hi[j] - xys[j].Y
			}
			p.Add(eb)
			item.errBar = true
		}
		if !s.NoLine {
			l, err := plotter.NewLine(xys)
			if err != nil {
				return nil, fmt.Errorf("figures: series %d (%q): %w", i, s.Name, err)
			}
			l.LineStyle = SeriesLineStyle(i)
			l.LineStyle.Color = clr
			p.Add(l)
			ls := l.LineStyle
			item.line = &ls
		}
		if s.Markers || s.NoLine {
			sc, err := plotter.NewScatter(xys)
			if err != nil {
				return nil, fmt.Errorf("figures: series %d (%q): %w", i, s.Name, err)
			}
			sc.GlyphStyle = SeriesGlyphStyle(i)
			sc.GlyphStyle.Color = clr
			p.Add(sc)
			gs := sc.GlyphStyle
			item.glyph = &gs
		}
		leg.add(item)
	}

	for _, r := range refPlotters {
		p.Add(refLabel{r})
	}
	p.Add(&axesLegend{
		box: leg,
		pos: o.Legend,
		avoid: func(c draw.Canvas, p *plot.Plot) []vg.Point {
			pts := seriesAvoid(c, p, series)
			for _, r := range refPlotters {
				pts = append(pts, r.avoidPoints(c, p)...)
			}
			return pts
		},
	})
	return p, nil
}

func identity(v float64) float64 { return v }

// transformSeries applies the axis transforms to a copy of s.
func transformSeries(s Series, tx, ty func(float64) float64) Series {
	apply := func(f func(float64) float64, vs []float64) []float64 {
		if vs == nil {
			return nil
		}
		out := make([]float64, len(vs))
		for i, v := range vs {
			out[i] = f(v)
		}
		return out
	}
	s.X, s.Y, s.Lo, s.Hi = apply(tx, s.X), apply(ty, s.Y), apply(ty, s.Lo), apply(ty, s.Hi)
	return s
}

func checkSeries(s Series, logX, logY bool) error {
	n := len(s.X)
	if n == 0 {
		return errors.New("no points")
	}
	if len(s.Y) != n {
		return fmt.Errorf("len(X) = %d but len(Y) = %d", n, len(s.Y))
	}
	if (s.Lo == nil) != (s.Hi == nil) {
		return errors.New("Lo and Hi must both be set or both be nil")
	}
	if s.Lo != nil && (len(s.Lo) != n || len(s.Hi) != n) {
		return fmt.Errorf("len(Lo) = %d, len(Hi) = %d, want %d", len(s.Lo), len(s.Hi), n)
	}
	bad := func(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) }
	for j := 0; j < n; j++ {
		if bad(s.X[j]) || bad(s.Y[j]) {
			return fmt.Errorf("point %d is (%v, %v)", j, s.X[j], s.Y[j])
		}
		if logX && s.X[j] <= 0 {
			return fmt.Errorf("point %d: x = %v on a log axis", j, s.X[j])
		}
		if logY && s.Y[j] <= 0 {
			return fmt.Errorf("point %d: y = %v on a log axis", j, s.Y[j])
		}
		if s.Lo != nil {
			if bad(s.Lo[j]) || bad(s.Hi[j]) {
				return fmt.Errorf("point %d: error bar [%v, %v]", j, s.Lo[j], s.Hi[j])
			}
			if s.Lo[j] > s.Y[j] || s.Hi[j] < s.Y[j] {
				return fmt.Errorf("point %d: error bar [%v, %v] does not contain y = %v", j, s.Lo[j], s.Hi[j], s.Y[j])
			}
			if logY && s.Lo[j] <= 0 {
				return fmt.Errorf("point %d: error bar low %v on a log axis", j, s.Lo[j])
			}
		}
	}
	return nil
}

// sampleSegment appends points every 2 pt along the segment a–b.
func sampleSegment(pts []vg.Point, a, b vg.Point) []vg.Point {
	d := b.Sub(a)
	n := int(math.Ceil(math.Hypot(float64(d.X), float64(d.Y)) / 2))
	n = min(max(n, 1), 2000)
	for k := 0; k <= n; k++ {
		pts = append(pts, a.Add(d.Scale(vg.Length(k)/vg.Length(n))))
	}
	return pts
}

// seriesAvoid samples, in canvas coordinates, what labels and legends
// should not cover: the points, the segments between them and the
// error bars.
func seriesAvoid(c draw.Canvas, p *plot.Plot, series []Series) []vg.Point {
	trX, trY := p.Transforms(&c)
	var pts []vg.Point
	for _, s := range series {
		var prev vg.Point
		for j := range s.X {
			pt := vg.Point{X: trX(s.X[j]), Y: trY(s.Y[j])}
			if j > 0 && !s.NoLine {
				pts = sampleSegment(pts, prev, pt)
			} else {
				pts = append(pts, pt)
			}
			if s.Lo != nil {
				pts = sampleSegment(pts, vg.Point{X: pt.X, Y: trY(s.Lo[j])}, vg.Point{X: pt.X, Y: trY(s.Hi[j])})
			}
			prev = pt
		}
	}
	return pts
}

// refLine draws a thin dark-grey horizontal line across the data area,
// with an optional label at whichever end (above or below the line)
// covers the fewest data points.
type refLine struct {
	y     float64
	label string
	avoid func(c draw.Canvas, p *plot.Plot) []vg.Point
}

var (
	_ plot.Plotter    = (*refLine)(nil)
	_ plot.DataRanger = (*refLine)(nil)
)

// labelPlacement returns where the label goes: its anchor point, text
// style and bounding box.
func (r *refLine) labelPlacement(c draw.Canvas, p *plot.Plot) (vg.Point, draw.TextStyle, vg.Rectangle) {
	_, trY := p.Transforms(&c)
	y := trY(r.y)
	sty := textStyle(noteSize, draw.XRight, draw.YBottom)
	sty.Color = refColor
	w, h := sty.Width(r.label), sty.Height(r.label)
	pts := r.avoid(c, p)
	type cand struct {
		xa   draw.XAlignment
		ya   draw.YAlignment
		at   vg.Point
		box  vg.Rectangle
		fits bool
	}
	var cands []cand
	for _, above := range []bool{true, false} {
		for _, right := range []bool{true, false} {
			var k cand
			k.xa, k.ya = draw.XLeft, draw.YBottom
			k.at = vg.Point{X: c.Min.X + 4, Y: y + 2}
			k.box.Min = vg.Point{X: k.at.X, Y: k.at.Y}
			if right {
				k.xa = draw.XRight
				k.at.X = c.Max.X - 4
				k.box.Min.X = k.at.X - w
			}
			if !above {
				k.ya = draw.YTop
				k.at.Y = y - 2
				k.box.Min.Y = k.at.Y - h
			}
			k.box.Max = vg.Point{X: k.box.Min.X + w, Y: k.box.Min.Y + h}
			k.fits = k.box.Min.Y >= c.Min.Y && k.box.Max.Y <= c.Max.Y
			cands = append(cands, k)
		}
	}
	best, bestN := 0, -1
	for i, k := range cands {
		n := 0
		for _, q := range pts {
			if q.X >= k.box.Min.X-2 && q.X <= k.box.Max.X+2 && q.Y >= k.box.Min.Y-2 && q.Y <= k.box.Max.Y+2 {
				n++
			}
		}
		if !k.fits {
			n += 1 << 20
		}
		if bestN < 0 || n < bestN {
			best, bestN = i, n
		}
	}
	k := cands[best]
	sty.XAlign, sty.YAlign = k.xa, k.ya
	return k.at, sty, k.box
}

// avoidPoints samples the line and its label, for the legend.
func (r *refLine) avoidPoints(c draw.Canvas, p *plot.Plot) []vg.Point {
	_, trY := p.Transforms(&c)
	y := trY(r.y)
	pts := sampleSegment(nil, vg.Point{X: c.Min.X, Y: y}, vg.Point{X: c.Max.X, Y: y})
	if r.label != "" {
		_, _, b := r.labelPlacement(c, p)
		for yy := b.Min.Y; yy <= b.Max.Y; yy += 2 {
			pts = sampleSegment(pts, vg.Point{X: b.Min.X, Y: yy}, vg.Point{X: b.Max.X, Y: yy})
		}
	}
	return pts
}

// Plot implements plot.Plotter, drawing the line only; the label is
// drawn by refLabel, over the series.
func (r *refLine) Plot(c draw.Canvas, p *plot.Plot) {
	_, trY := p.Transforms(&c)
	y := trY(r.y)
	c.StrokeLine2(draw.LineStyle{Color: refColor, Width: vg.Points(1)}, c.Min.X, y, c.Max.X, y)
}

// refLabel is a plot.Plotter drawing the label of a reference line; it
// is added after the series so the label sits on top.
type refLabel struct{ *refLine }

// Plot implements plot.Plotter.
func (r refLabel) Plot(c draw.Canvas, p *plot.Plot) {
	if r.label != "" {
		at, sty, b := r.labelPlacement(c, p)
		c.FillPolygon(legendFill, []vg.Point{
			{X: b.Min.X - 2, Y: b.Min.Y}, {X: b.Max.X + 2, Y: b.Min.Y},
			{X: b.Max.X + 2, Y: b.Max.Y}, {X: b.Min.X - 2, Y: b.Max.Y},
		})
		c.FillText(sty, at, r.label)
	}
}

// DataRange implements plot.DataRanger, so the line is always in view.
// The x range is empty (+Inf, -Inf) and does not affect the x axis.
func (r *refLine) DataRange() (xmin, xmax, ymin, ymax float64) {
	return math.Inf(1), math.Inf(-1), r.y, r.y
}

// logTicks is the ticker of a logarithmic axis, which plots log10 of
// the data: it marks powers of ten (labelled) with minor ticks at the
// multiples 2–9 in between. When fewer than two powers of ten fall in
// the axis range, 2× and 5× multiples are labelled too, and when even
// that gives fewer than two labels, every multiple is. Over more than
// eight decades only every other power is labelled and the minor
// ticks are dropped.
type logTicks struct{}

// Ticks implements plot.Ticker; lo and hi are log10 of the data range.
func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) || hi < lo {
		return nil
	}
	const eps = 1e-9
	e0, e1 := int(math.Floor(lo)), int(math.Ceil(hi))
	inRange := func(v float64) bool { return v >= lo-eps && v <= hi+eps }
	type cand struct {
		e, m int
		at   float64
	}
	var all []cand
	for e := e0; e <= e1; e++ {
		for m := 1; m <= 9; m++ {
			at := float64(e) + math.Log10(float64(m))
			if inRange(at) {
				all = append(all, cand{e, m, at})
			}
		}
	}
	labelled := func(mults ...int) func(cand) bool {
		return func(c cand) bool {
			for _, m := range mults {
				if c.m == m {
					return true
				}
			}
			return false
		}
	}
	count := func(f func(cand) bool) int {
		n := 0
		for _, c := range all {
			if f(c) {
				n++
			}
		}
		return n
	}
	isLabelled := labelled(1)
	minors := true
	switch {
	case e1-e0 > 8:
		minors = false
		isLabelled = func(c cand) bool { return c.m == 1 && mod(c.e, 2) == 0 }
	case count(isLabelled) < 2:
		isLabelled = labelled(1, 2, 5)
		if count(isLabelled) < 2 {
			isLabelled = labelled(1, 2, 3, 4, 5, 6, 7, 8, 9)
		}
	}
	var ticks []plot.Tick
	for _, c := range all {
		t := plot.Tick{Value: c.at}
		switch {
		case isLabelled(c):
			t.Label = formatLogTick(float64(c.m) * math.Pow10(c.e))
		case !minors:
			continue
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// formatLogTick writes v plainly between 0.001 and 100000 and in
// exponent form (1e+06) outside.
func formatLogTick(v float64) string {
	// m·Pow10(e) is not always the double nearest to "me" (Pow10(-26) is
	// off by an ulp), which printed 9.999999999999999e-27; round first.
	v, _ = strconv.ParseFloat(strconv.FormatFloat(v, 'g', 12, 64), 64)
	if v >= 1e-3 && v < 1e5 {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'e', -1, 64)
}

// niceTicks is the ticker of a linear axis: about five to eight labelled
// ticks at steps of 1, 2, 2.5 or 5 times a power of ten, with unlabelled
// minor ticks between them, labels with a common number of decimals and
// a true minus sign.
type niceTicks struct{}

// Ticks implements plot.Ticker.
func (niceTicks) Ticks(lo, hi float64) []plot.Tick {
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) || hi < lo {
		return nil
	}
	if hi == lo {
		return []plot.Tick{{Value: lo, Label: formatTick(lo, 0, lo)}}
	}
	span := hi - lo
	mag := math.Pow10(int(math.Floor(math.Log10(span / 5))))
	var step float64
	var minorDiv int
	var decimals int
	bestScore := math.Inf(1)
	for _, m := range []struct {
		f   float64
		div int
		dec int
	}{{1, 5, 0}, {2, 4, 0}, {2.5, 5, 1}, {5, 5, 0}, {10, 5, 0}} {
		st := m.f * mag
		n := math.Floor(hi/st+1e-6) - math.Ceil(lo/st-1e-6) + 1 // labelled ticks
		score := math.Abs(n - 6)
		if n < 4 {
			score += 10
		}
		if score < bestScore {
			bestScore, step, minorDiv = score, st, m.div
			decimals = max(0, -int(math.Floor(math.Log10(st)+1e-9))+m.dec)
		}
	}
	minor := step / float64(minorDiv)
	var ticks []plot.Tick
	// The iteration cap guards against ranges so narrow relative to
	// their magnitude that k++ no longer changes k.
	for k, i := math.Ceil(lo/minor-1e-6), 0; k*minor <= hi+minor*1e-6 && i < 1000; k, i = k+1, i+1 {
		v := k * minor
		t := plot.Tick{Value: v}
		if math.Abs(math.Remainder(v, step)) < minor*1e-6 {
			t.Label = formatTick(v, decimals, step)
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// formatTick writes v with the given number of decimals and a Unicode
// minus sign; very large or small magnitudes use exponent form.
func formatTick(v float64, decimals int, step float64) string {
	if math.Abs(v) < math.Abs(step)*1e-9 {
		v = 0
	}
	var s string
	if a := math.Abs(v); a >= 1e6 || (step != 0 && math.Abs(step) < 1e-5) {
		s = strconv.FormatFloat(v, 'g', 4, 64)
	} else {
		s = strconv.FormatFloat(v, 'f', decimals, 64)
	}
	if strings.HasPrefix(s, "-") {
		s = "\u2212" + s[1:]
	}
	return s
}
