package figures

import (
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// The ternary source of Example 1 of the paper.
var (
	exP = [3]float64{1.0 / 5, 3.0 / 10, 1.0 / 2}
	exQ = [3]float64{2.0 / 3, 1.0 / 9, 2.0 / 9}
)

// tilt is the mismatched tilt T(q, p, α) ∝ p q^α.
func tilt(q, p [3]float64, a float64) [3]float64 {
	var t [3]float64
	z := 0.0
	for i := range t {
		t[i] = p[i] * math.Pow(q[i], a)
		z += t[i]
	}
	for i := range t {
		t[i] /= z
	}
	return t
}

func kl(a, b [3]float64) float64 {
	s := 0.0
	for i := range a {
		if a[i] > 0 {
			s += a[i] * math.Log(a[i]/b[i])
		}
	}
	return s
}

// alphaFor solves KL(T(q, p, α) ‖ p) = δ for α ≥ 0 by bisection.
func alphaFor(delta float64) float64 {
	lo, hi := 0.0, 200.0
	for range 200 {
		mid := (lo + hi) / 2
		if kl(tilt(exQ, exP, mid), exP) < delta {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

// klContour returns n points of {φ : KL(φ ‖ p) = δ}, found along rays
// from p.
func klContour(p [3]float64, delta float64, n int) [][3]float64 {
	// Orthonormal basis of the plane {d : Σd = 0}.
	e1 := [3]float64{1 / math.Sqrt2, -1 / math.Sqrt2, 0}
	e2 := [3]float64{1 / math.Sqrt(6), 1 / math.Sqrt(6), -2 / math.Sqrt(6)}
	var out [][3]float64
	for k := range n {
		th := 2 * math.Pi * float64(k) / float64(n)
		var d [3]float64
		for i := range d {
			d[i] = math.Cos(th)*e1[i] + math.Sin(th)*e2[i]
		}
		at := func(t float64) [3]float64 {
			var f [3]float64
			for i := range f {
				f[i] = p[i] + t*d[i]
			}
			return f
		}
		tmax := math.Inf(1)
		for i := range d {
			if d[i] < 0 {
				tmax = math.Min(tmax, -p[i]/d[i])
			}
		}
		lo, hi := 0.0, tmax*(1-1e-12)
		for range 100 {
			mid := (lo + hi) / 2
			if kl(at(mid), p) < delta {
				lo = mid
			} else {
				hi = mid
			}
		}
		f := at(lo)
		for i := range f {
			f[i] = math.Max(f[i], 0)
		}
		s := f[0] + f[1] + f[2]
		out = append(out, [3]float64{f[0] / s, f[1] / s, f[2] / s})
	}
	return out
}

// rewardContour returns the segment {φ : Σ φ_i log q_i = c} ∩ simplex.
func rewardContour(q [3]float64, c float64) [][3]float64 {
	r := [3]float64{math.Log(q[0]), math.Log(q[1]), math.Log(q[2])}
	var out [][3]float64
	for i := range 3 {
		j := (i + 1) % 3
		if r[i] == r[j] {
			continue
		}
		t := (c - r[j]) / (r[i] - r[j])
		if t >= 0 && t <= 1 {
			var b [3]float64
			b[i], b[j] = t, 1-t
			out = append(out, b)
		}
	}
	return out
}

func sampleCat(rng *rand.Rand, p [3]float64) int {
	u := rng.Float64()
	if u < p[0] {
		return 0
	}
	if u < p[0]+p[1] {
		return 1
	}
	return 2
}

// bestOfN draws N sequences of length m from p^m and returns the type
// of the one with the highest reward log q^m.
func bestOfN(rng *rand.Rand, m, n int) [3]float64 {
	lq := [3]float64{math.Log(exQ[0]), math.Log(exQ[1]), math.Log(exQ[2])}
	best, bestR := [3]float64{}, math.Inf(-1)
	for range n {
		var cnt [3]float64
		r := 0.0
		for range m {
			y := sampleCat(rng, exP)
			cnt[y]++
			r += lq[y]
		}
		if r > bestR {
			bestR = r
			best = [3]float64{cnt[0] / float64(m), cnt[1] / float64(m), cnt[2] / float64(m)}
		}
	}
	return best
}

func meanCI(xs []float64) (mean, lo, hi float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	v := 0.0
	for _, x := range xs {
		v += (x - mean) * (x - mean)
	}
	se := math.Sqrt(v / float64(len(xs)-1) / float64(len(xs)))
	return mean, mean - 1.96*se, mean + 1.96*se
}

// TestDemo writes sample figures for eyeballing into the directory
// named by FIGURES_DEMO_DIR (for example /tmp/figures-demo); it is
// skipped when the variable is unset.
func TestDemo(t *testing.T) {
	dir := os.Getenv("FIGURES_DEMO_DIR")
	if dir == "" {
		t.Skip("set FIGURES_DEMO_DIR to write the demo figures")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	const delta = 0.1
	phi := tilt(exQ, exP, alphaFor(delta))

	save := func(name string, o any, w, h vg.Length) {
		t.Helper()
		var err error
		switch o := o.(type) {
		case LinesOptions:
			p, e := Lines(o)
			if e != nil {
				t.Fatal(e)
			}
			_, _, err = Save(p, dir, name, w, h)
		case SimplexOptions:
			p, e := Simplex(o)
			if e != nil {
				t.Fatal(e)
			}
			_, _, err = Save(p, dir, name, w, h)
		}
		if err != nil {
			t.Fatal(err)
		}
	}

	// Figure 1: the simplex with p, q, the aligned family, a KL contour
	// and the reward contour through φ_δ, plus best-of-N types.
	var family [][3]float64
	for a := 0.0; a <= 12; a += 0.05 {
		family = append(family, tilt(exQ, exP, a))
	}
	reward := phi[0]*math.Log(exQ[0]) + phi[1]*math.Log(exQ[1]) + phi[2]*math.Log(exQ[2])
	var clouds []SimplexCloud
	for _, m := range []int{10, 30, 60} {
		n := int(math.Ceil(math.Exp(float64(m) * delta)))
		var pts [][3]float64
		for range 60 {
			pts = append(pts, bestOfN(rng, m, n))
		}
		clouds = append(clouds, SimplexCloud{Name: "best-of-N types, m = " + itoa(m), Points: pts})
	}
	fig1 := SimplexOptions{
		Title:        "Example 1: ternary source, δ = 0.1 nats/token",
		VertexLabels: [3]string{"y = 1", "y = 2", "y = 3"},
		AxisLabels:   [3]string{"φ(1)", "φ(2)", "φ(3)"},
		Curves: []SimplexCurve{
			{Name: "aligned family {φ_δ}", Points: family, Color: Blue},
			{Name: "KL contour KL(φ‖p) = δ", Points: klContour(exP, delta, 240), Closed: true, Color: BluishGreen},
			{Name: "reward contour through φ_δ", Points: rewardContour(exQ, reward), Color: Black},
		},
		Clouds: clouds,
		Points: []SimplexPoint{
			{Name: "reference p", Label: "p", P: exP, Color: Vermillion},
			{Name: "reward model q", Label: "q", P: exQ, Color: ReddishPurple},
			{Name: "aligned φ_δ", Label: "φ_δ", P: phi, Color: Blue, LabelAt: LabelSE},
		},
	}
	save("simplex_fig1", fig1, Width, Height)
	fig1.Title = "Square canvas"
	save("simplex_square", fig1, 4.5*vg.Inch, 4.5*vg.Inch)
	fig1.Title = "Wide canvas, legend top-left"
	fig1.Legend = LegendTopLeft
	save("simplex_wide", fig1, 9*vg.Inch, 3.5*vg.Inch)
	fig1.Title = "Tall canvas"
	fig1.Legend = LegendAuto
	save("simplex_tall", fig1, 3.5*vg.Inch, 6*vg.Inch)
	save("simplex_minimal", SimplexOptions{
		Title:  "Minimal simplex",
		Points: []SimplexPoint{{Label: "p", P: exP}, {Label: "q", P: exQ}},
	}, Width, Height)

	// A hand-built chart on NewPlot with gonum's own legend.
	{
		p := NewPlot("NewPlot with gonum's legend", "δ (nats/token)", "α(δ)")
		var xys plotter.XYs
		for d := 0.0; d <= 0.6; d += 0.02 {
			xys = append(xys, plotter.XY{X: d, Y: alphaFor(d)})
		}
		l, err := plotter.NewLine(xys)
		if err != nil {
			t.Fatal(err)
		}
		l.LineStyle = SeriesLineStyle(0)
		p.Add(l)
		p.Legend.Add("α(δ) for Example 1", l)
		if _, _, err := Save(p, dir, "newplot", Width, Height); err != nil {
			t.Fatal(err)
		}
	}

	// Reward against KL: the RL curve (theory) and simulated best-of-N.
	var dx, dy []float64
	for d := 0.0; d <= 0.6001; d += 0.01 {
		f := tilt(exQ, exP, alphaFor(d))
		dx = append(dx, d)
		dy = append(dy, f[0]*math.Log(exQ[0])+f[1]*math.Log(exQ[1])+f[2]*math.Log(exQ[2]))
	}
	const m = 20
	var bx, by, blo, bhi []float64
	for _, n := range []int{1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024} {
		var rs []float64
		for range 200 {
			b := bestOfN(rng, m, n)
			rs = append(rs, b[0]*math.Log(exQ[0])+b[1]*math.Log(exQ[1])+b[2]*math.Log(exQ[2]))
		}
		mean, lo, hi := meanCI(rs)
		bx = append(bx, (math.Log(float64(n))-float64(n-1)/float64(n))/m)
		by, blo, bhi = append(by, mean), append(blo, lo), append(bhi, hi)
	}
	save("lines_reward_kl", LinesOptions{
		Title:  "Reward vs KL divergence, ternary example",
		XLabel: "KL divergence from reference (nats/token)",
		YLabel: "expected reward log q (nats/token)",
		Series: []Series{
			{Name: "KL-constrained RL φ_δ (theory)", X: dx, Y: dy},
			{Name: "best-of-N, m = 20 (simulated, 95% CI)", X: bx, Y: by, Lo: blo, Hi: bhi, Markers: true},
		},
	}, Width, Height)

	// Convergence over m on a log axis, with the limit as a reference.
	var mx, my, mlo, mhi, my3 []float64
	for _, mm := range []int{5, 10, 20, 40, 80} {
		n := int(math.Ceil(math.Exp(float64(mm) * delta)))
		var xs, x3 []float64
		for range 60 {
			b := bestOfN(rng, mm, n)
			xs = append(xs, b[0])
			x3 = append(x3, b[2])
		}
		mean, lo, hi := meanCI(xs)
		mean3, _, _ := meanCI(x3)
		mx, my, mlo, mhi = append(mx, float64(mm)), append(my, mean), append(mlo, lo), append(mhi, hi)
		my3 = append(my3, mean3)
	}
	save("lines_convergence_logx", LinesOptions{
		Title:  "Mean type of best-of-N, N = exp(mδ), approaches φ_δ",
		XLabel: "sequence length m (tokens)",
		YLabel: "mean type component",
		LogX:   true,
		Series: []Series{
			{Name: "E[t(Y^m)](1)", X: mx, Y: my, Lo: mlo, Hi: mhi, Markers: true},
			{Name: "E[t(Y^m)](3)", X: mx, Y: my3, Markers: true},
		},
		Refs: []RefLine{
			{Y: phi[0], Label: "φ_δ(1) = " + ftoa(phi[0])},
			{Y: phi[2], Label: "φ_δ(3) = " + ftoa(phi[2])},
		},
	}, Width, Height)

	// Log–log: an error that decays like 1/m.
	var lx, ly, ly2 []float64
	for mm := 4.0; mm <= 5000; mm *= 1.6 {
		lx = append(lx, mm)
		ly = append(ly, 0.8/mm)
		ly2 = append(ly2, 0.5*math.Log(mm)/mm)
	}
	save("lines_loglog", LinesOptions{
		Title:  "KL rate error vs m",
		XLabel: "sequence length m (tokens)",
		YLabel: "|KL/m − δ| (nats/token)",
		LogX:   true, LogY: true,
		Series: []Series{
			{Name: "1/m", X: lx, Y: ly},
			{Name: "log(m)/(2m)", X: lx, Y: ly2},
		},
	}, Width, Height)

	// Stress: six crossing series cover every corner, so the automatic
	// legend must move outside.
	var ss []Series
	for k := range 6 {
		var x, y []float64
		for i := 0; i <= 100; i++ {
			v := float64(i) / 10
			x = append(x, v)
			y = append(y, math.Sin(v+float64(k))*(1+0.1*float64(k)))
		}
		ss = append(ss, Series{Name: "series " + itoa(k+1), X: x, Y: y})
	}
	save("lines_crowded", LinesOptions{
		Title:  "Crowded: legend moves outside",
		XLabel: "x (units)",
		YLabel: "y (units)",
		Series: ss,
		Refs:   []RefLine{{Y: 0, Label: "y = 0"}},
	}, Width, Height)

	// Short log range: labels at 2 and 5 as well.
	save("lines_short_log", LinesOptions{
		Title:  "Short log range",
		XLabel: "N (samples)",
		YLabel: "KL bound (nats)",
		LogX:   true,
		Series: []Series{{Name: "log N − (N−1)/N", X: []float64{2, 3, 5, 8, 13, 21, 34, 55}, Y: []float64{0.19, 0.43, 0.81, 1.2, 1.64, 2.09, 2.56, 3.03}, Markers: true}},
		Legend: LegendBottomRight,
	}, Width, Height)
}

func itoa(i int) string { return strconv.Itoa(i) }

func ftoa(v float64) string { return strconv.FormatFloat(v, 'f', 3, 64) }
