package figures

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

func TestLinesRenders(t *testing.T) {
	p, err := Lines(LinesOptions{
		Title:  "Reward vs KL",
		XLabel: "KL divergence (nats)",
		YLabel: "reward (nats/token)",
		Series: []Series{
			{Name: "RL (theory)", X: []float64{0, 0.1, 0.2, 0.3}, Y: []float64{-1.5, -1.2, -1.05, -0.95}},
			{Name: "best-of-N", X: []float64{0, 0.1, 0.2}, Y: []float64{-1.5, -1.25, -1.1},
				Lo: []float64{-1.55, -1.3, -1.2}, Hi: []float64{-1.45, -1.2, -1.0}, Markers: true},
			{Name: "scatter", X: []float64{0.05, 0.15}, Y: []float64{-1.4, -1.3}, NoLine: true},
		},
		Refs: []RefLine{{Y: -1, Label: "limit"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	saveAndCheck(t, p, "reward", "Reward vs KL", "KL divergence (nats)", "reward (nats/token)",
		"RL (theory)", "best-of-N", "scatter", "limit", "0.10", "−1.5")
}

func TestLinesLogAxes(t *testing.T) {
	ms := []float64{1, 3, 10, 30, 100, 300, 1000}
	ys := []float64{1, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001}
	p, err := Lines(LinesOptions{
		Title:  "Convergence",
		XLabel: "sequence length m (tokens)",
		YLabel: "error (nats)",
		LogX:   true,
		LogY:   true,
		Series: []Series{{Name: "error", X: ms, Y: ys, Markers: true}},
		Refs:   []RefLine{{Y: 0.005, Label: "tolerance"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	saveAndCheck(t, p, "conv", "Convergence", "sequence length m (tokens)", "error (nats)",
		"1", "10", "100", "1000", "0.001", "0.01", "0.1", "tolerance")

	// The data area must span the figure: gonum's LogScale misplaces
	// the axis-label glyph boxes and used to leave a wide empty band on
	// the right and at the top.
	acts := record(p, Width, Height)
	w := Width.Points()
	if at, ok := textAt(acts, "1000"); !ok || at.X.Points() < 0.85*w {
		t.Errorf(`tick label "1000" at x = %v pt, want beyond %v pt`, at.X.Points(), 0.85*w)
	}
	const xLabel = "sequence length m (tokens)"
	xl, _ := textAt(acts, xLabel) // where the text starts
	mid := xl.X.Points() + textStyle(labelSize, 0, 0).Width(xLabel).Points()/2
	if c := w / 2; math.Abs(mid-c) > 0.1*w {
		t.Errorf("x label centred at %v pt, want near %v pt", mid, c)
	}
}

func TestLinesValidation(t *testing.T) {
	ok := Series{Name: "ok", X: []float64{1, 2}, Y: []float64{1, 2}}
	cases := map[string]LinesOptions{
		"no series":       {},
		"empty series":    {Series: []Series{{Name: "e"}}},
		"length mismatch": {Series: []Series{{X: []float64{1, 2}, Y: []float64{1}}}},
		"NaN":             {Series: []Series{{X: []float64{1, math.NaN()}, Y: []float64{1, 2}}}},
		"Inf":             {Series: []Series{{X: []float64{1, 2}, Y: []float64{1, math.Inf(1)}}}},
		"only Lo":         {Series: []Series{{X: []float64{1}, Y: []float64{1}, Lo: []float64{0}}}},
		"Lo length":       {Series: []Series{{X: []float64{1, 2}, Y: []float64{1, 2}, Lo: []float64{0}, Hi: []float64{2}}}},
		"bar misses y":    {Series: []Series{{X: []float64{1}, Y: []float64{1}, Lo: []float64{1.5}, Hi: []float64{2}}}},
		"log x zero":      {LogX: true, Series: []Series{{X: []float64{0, 1}, Y: []float64{1, 2}}}},
		"log y negative":  {LogY: true, Series: []Series{{X: []float64{1, 2}, Y: []float64{-1, 2}}}},
		"log y bar":       {LogY: true, Series: []Series{{X: []float64{1}, Y: []float64{1}, Lo: []float64{0}, Hi: []float64{2}}}},
		"ref NaN":         {Series: []Series{ok}, Refs: []RefLine{{Y: math.NaN()}}},
		"ref on log y":    {LogY: true, Series: []Series{ok}, Refs: []RefLine{{Y: 0}}},
	}
	for name, o := range cases {
		if _, err := Lines(o); err == nil {
			t.Errorf("%s: want an error", name)
		} else if !strings.HasPrefix(err.Error(), "figures: ") {
			t.Errorf("%s: error %q lacks the package prefix", name, err)
		}
	}
}

// legendX returns where the legend entry name was drawn and the x of
// the rightmost x tick label among labels.
func legendX(t *testing.T, p *plot.Plot, name string, labels ...string) (entry, rightTick vg.Length) {
	t.Helper()
	acts := record(p, Width, Height)
	at, ok := textAt(acts, name)
	if !ok {
		t.Fatalf("legend entry %q not drawn", name)
	}
	for _, l := range labels {
		if lp, ok := textAt(acts, l); ok && lp.X > rightTick {
			rightTick = lp.X
		}
	}
	return at.X, rightTick
}

func TestLegendAutoPlacement(t *testing.T) {
	// A rising line leaves the top-left and bottom-right free: the
	// legend stays inside the axes.
	x := []float64{0, 2, 4, 6, 8, 10}
	sparse, err := Lines(LinesOptions{Title: "sparse", Series: []Series{{Name: "rising", X: x, Y: x}}})
	if err != nil {
		t.Fatal(err)
	}
	e, right := legendX(t, sparse, "rising", "0", "2", "4", "6", "8", "10")
	if e >= right {
		t.Errorf("sparse: legend at x = %v, want inside the axes (left of %v)", e, right)
	}

	// Sine waves filling the whole area: no corner is free, so the
	// legend moves to the right of the axes.
	var ss []Series
	for k := range 5 {
		var xs, ys []float64
		for i := 0; i <= 200; i++ {
			v := float64(i) / 20
			xs = append(xs, v)
			ys = append(ys, math.Sin(2*v+float64(k)))
		}
		ss = append(ss, Series{Name: "wave " + string(rune('A'+k)), X: xs, Y: ys})
	}
	crowded, err := Lines(LinesOptions{Title: "crowded", Series: ss})
	if err != nil {
		t.Fatal(err)
	}
	e, right = legendX(t, crowded, "wave A", "0", "2", "4", "6", "8", "10")
	if e <= right {
		t.Errorf("crowded: legend at x = %v, want right of the axes (beyond %v)", e, right)
	}
	// The decision is stable: saving again gives the same layout.
	e2, _ := legendX(t, crowded, "wave A", "10")
	if e2 != e {
		t.Errorf("crowded: legend moved from %v to %v on a second save", e, e2)
	}
}

func TestLegendFixedPositions(t *testing.T) {
	x := []float64{0, 10}
	for _, pos := range []LegendPosition{LegendTopLeft, LegendTopRight, LegendBottomLeft, LegendBottomRight, LegendOutsideRight} {
		p, err := Lines(LinesOptions{Legend: pos, Series: []Series{{Name: "s", X: x, Y: x}}})
		if err != nil {
			t.Fatal(err)
		}
		e, right := legendX(t, p, "s", "0", "10")
		w := Width.Points()
		switch pos {
		case LegendTopLeft, LegendBottomLeft:
			if e.Points() > 0.3*w {
				t.Errorf("%v: legend at x = %v pt, want on the left", pos, e.Points())
			}
		case LegendTopRight, LegendBottomRight:
			if e.Points() < 0.6*w || e > right {
				t.Errorf("%v: legend at x = %v pt, want on the right inside the axes", pos, e.Points())
			}
		case LegendOutsideRight:
			if e <= right {
				t.Errorf("%v: legend at x = %v, want right of %v", pos, e, right)
			}
		}
	}
	p, err := Lines(LinesOptions{Legend: LegendNone, Series: []Series{{Name: "hidden", X: x, Y: x}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := textAt(record(p, Width, Height), "hidden"); ok {
		t.Error("LegendNone: legend drawn")
	}
	if got := LegendOutsideRight.String(); got != "outside-right" {
		t.Errorf("String = %q", got)
	}
}

func tickLabels(ts []plot.Tick) []string {
	var out []string
	for _, t := range ts {
		if t.Label != "" {
			out = append(out, t.Label)
		}
	}
	return out
}

func TestNiceTicks(t *testing.T) {
	cases := []struct {
		lo, hi float64
		want   []string
	}{
		{0, 0.6, []string{"0.0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6"}},
		{-1.5, -0.78, []string{"−1.5", "−1.4", "−1.3", "−1.2", "−1.1", "−1.0", "−0.9", "−0.8"}},
		{0, 10, []string{"0", "2", "4", "6", "8", "10"}},
		{-1, 1, []string{"−1.0", "−0.5", "0.0", "0.5", "1.0"}},
		{0.28, 0.51, []string{"0.30", "0.35", "0.40", "0.45", "0.50"}},
		{3, 3, []string{"3"}},
	}
	for _, c := range cases {
		got := tickLabels(niceTicks{}.Ticks(c.lo, c.hi))
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("niceTicks(%v, %v) = %q, want %q", c.lo, c.hi, got, c.want)
		}
	}
	if ts := (niceTicks{}).Ticks(1e17, 1e17+64); len(ts) > 1000 {
		t.Errorf("narrow range far from 0: %d ticks", len(ts))
	}
	if ts := (niceTicks{}).Ticks(math.NaN(), 1); ts != nil {
		t.Errorf("NaN range: %v", ts)
	}
}

func TestLogTicks(t *testing.T) {
	l := math.Log10
	cases := []struct {
		lo, hi float64
		want   []string
	}{
		{l(4), l(5000), []string{"10", "100", "1000"}},
		{l(2), l(55), []string{"2", "5", "10", "20", "50"}},
		{l(3), l(8), []string{"3", "4", "5", "6", "7", "8"}},
		{l(1e-4), l(0.2), []string{"1e-04", "0.001", "0.01", "0.1"}},
		{l(1), l(1e6), []string{"1", "10", "100", "1000", "10000", "1e+05", "1e+06"}},
		{l(1e-10), l(1), []string{"1e-10", "1e-08", "1e-06", "1e-04", "0.01", "1"}},
	}
	for _, c := range cases {
		ts := logTicks{}.Ticks(c.lo, c.hi)
		if got := tickLabels(ts); !reflect.DeepEqual(got, c.want) {
			t.Errorf("logTicks(%v, %v) = %q, want %q", math.Pow(10, c.lo), math.Pow(10, c.hi), got, c.want)
		}
		for _, tk := range ts {
			if tk.Value < c.lo-1e-9 || tk.Value > c.hi+1e-9 {
				t.Errorf("tick %v outside [%v, %v]", tk.Value, c.lo, c.hi)
			}
		}
	}
}
