package figures

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/recorder"
)

// TestBaryToXYGolden pins the barycentric→Cartesian mapping: vertices
// land on the corners of the unit equilateral triangle, the centroid at
// its centre, edge midpoints mid-edge.
func TestBaryToXYGolden(t *testing.T) {
	h := math.Sqrt(3) / 2
	cases := []struct {
		name string
		b    [3]float64
		x, y float64
	}{
		{"vertex 1 (bottom-left)", [3]float64{1, 0, 0}, 0, 0},
		{"vertex 2 (bottom-right)", [3]float64{0, 1, 0}, 1, 0},
		{"vertex 3 (top)", [3]float64{0, 0, 1}, 0.5, h},
		{"centroid", [3]float64{1.0 / 3, 1.0 / 3, 1.0 / 3}, 0.5, h / 3},
		{"midpoint 1–2", [3]float64{0.5, 0.5, 0}, 0.5, 0},
		{"midpoint 2–3", [3]float64{0, 0.5, 0.5}, 0.75, h / 2},
		{"midpoint 3–1", [3]float64{0.5, 0, 0.5}, 0.25, h / 2},
		{"Example 1 p", [3]float64{0.2, 0.3, 0.5}, 0.55, 0.5 * h},
		{"Example 1 q", [3]float64{2.0 / 3, 1.0 / 9, 2.0 / 9}, 2.0 / 9, 2.0 / 9 * h},
	}
	for _, c := range cases {
		x, y := BaryToXY(c.b)
		if math.Abs(x-c.x) > 1e-12 || math.Abs(y-c.y) > 1e-12 {
			t.Errorf("%s: BaryToXY(%v) = (%v, %v), want (%v, %v)", c.name, c.b, x, y, c.x, c.y)
		}
		back := XYToBary(x, y)
		for i := range back {
			if math.Abs(back[i]-c.b[i]) > 1e-12 {
				t.Errorf("%s: XYToBary(BaryToXY(%v)) = %v", c.name, c.b, back)
				break
			}
		}
	}
	// The centroid is equidistant from the three corners.
	cx, cy := BaryToXY([3]float64{1.0 / 3, 1.0 / 3, 1.0 / 3})
	for _, v := range [][3]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}} {
		vx, vy := BaryToXY(v)
		if d := math.Hypot(vx-cx, vy-cy); math.Abs(d-1/math.Sqrt(3)) > 1e-12 {
			t.Errorf("centroid to %v: %v, want 1/√3", v, d)
		}
	}
}

func fig1Options() SimplexOptions {
	return SimplexOptions{
		Title:        "Example 1",
		VertexLabels: [3]string{"y=1", "y=2", "y=3"},
		AxisLabels:   [3]string{"φ(1)", "φ(2)", "φ(3)"},
		Curves: []SimplexCurve{
			{Name: "aligned family", Points: [][3]float64{{0.2, 0.3, 0.5}, {0.4, 0.2, 0.4}, {0.7, 0.1, 0.2}}},
			{Name: "reward contour", Points: [][3]float64{{0.5, 0, 0.5}, {0.3, 0.7, 0}}},
			{Name: "KL contour", Points: [][3]float64{{0.25, 0.3, 0.45}, {0.2, 0.35, 0.45}, {0.15, 0.3, 0.55}, {0.2, 0.25, 0.55}}, Closed: true},
		},
		Clouds: []SimplexCloud{{Name: "types, m = 10", Points: [][3]float64{{0.3, 0.3, 0.4}, {0.4, 0.3, 0.3}}}},
		Points: []SimplexPoint{
			{Name: "reference p", Label: "p", P: [3]float64{0.2, 0.3, 0.5}},
			{Name: "reward model q", Label: "q", P: [3]float64{2.0 / 3, 1.0 / 9, 2.0 / 9}, LabelAt: LabelW},
			{Label: "φ_δ", P: [3]float64{0.4, 0.2, 0.4}},
		},
	}
}

func TestSimplexRenders(t *testing.T) {
	p, err := Simplex(fig1Options())
	if err != nil {
		t.Fatal(err)
	}
	saveAndCheck(t, p, "simplex", "Example 1", "y=1", "y=2", "y=3", "φ(1)", "φ(2)", "φ(3)",
		"0.2", "0.4", "0.6", "0.8", "p", "q", "φ_δ",
		"aligned family", "reward contour", "KL contour", "types, m = 10", "reference p", "reward model q")

	// Nothing Cartesian: the only numeric labels are the barycentric
	// ticks, four per coordinate.
	texts, err := SVGTitles(saveAndCheck(t, p, "simplex2"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, s := range texts {
		if strings.HasPrefix(s, "0.") {
			n++
		}
	}
	if n != 12 {
		t.Errorf("%d numeric tick labels, want 12 (0.2–0.8 on each of 3 coordinates)", n)
	}
}

// triangleSides finds the drawn outline of the simplex (the only
// stroked open polyline of four points) and returns its side lengths.
func triangleSides(t *testing.T, acts []recorder.Action) [3]float64 {
	t.Helper()
	var found [][]vg.Point
	for _, a := range acts {
		s, ok := a.(*recorder.Stroke)
		if !ok || len(s.Path) != 4 {
			continue
		}
		var pts []vg.Point
		for _, c := range s.Path {
			if c.Type != vg.MoveComp && c.Type != vg.LineComp {
				pts = nil
				break
			}
			pts = append(pts, c.Pos)
		}
		if len(pts) == 4 && pts[0] == pts[3] {
			found = append(found, pts)
		}
	}
	if len(found) != 1 {
		t.Fatalf("found %d triangle outlines, want 1", len(found))
	}
	pts := found[0]
	var sides [3]float64
	for k := range 3 {
		d := pts[k+1].Sub(pts[k])
		sides[k] = math.Hypot(d.X.Points(), d.Y.Points())
	}
	return sides
}

// TestSimplexStaysEquilateral draws on canvases of several shapes and
// checks that the triangle is equilateral and that every decoration
// and the legend lie on the canvas, with the legend clear of the
// triangle.
func TestSimplexStaysEquilateral(t *testing.T) {
	sizes := [][2]vg.Length{
		{Width, Height},
		{4.5 * vg.Inch, 4.5 * vg.Inch},
		{9 * vg.Inch, 3.5 * vg.Inch},
		{3 * vg.Inch, 6 * vg.Inch},
	}
	o := fig1Options()
	for _, pos := range []LegendPosition{LegendAuto, LegendOutsideRight, LegendNone} {
		o.Legend = pos
		p, err := Simplex(o)
		if err != nil {
			t.Fatal(err)
		}
		for _, sz := range sizes {
			sides := triangleSides(t, record(p, sz[0], sz[1]))
			if math.Abs(sides[0]-sides[1]) > 1e-6*sides[0] || math.Abs(sides[1]-sides[2]) > 1e-6*sides[0] {
				t.Errorf("%v on %v × %v: sides %v, want equal", pos, sz[0], sz[1], sides)
			}
			if sides[0] < 0.3*min(sz[0], sz[1]).Points() {
				t.Errorf("%v on %v × %v: side %v pt is too small", pos, sz[0], sz[1], sides[0])
			}

			ch, err := newSimplexChart(o)
			if err != nil {
				t.Fatal(err)
			}
			r := vg.Rectangle{Max: vg.Point{X: sz[0], Y: sz[1]}}
			ds := ch.decorations()
			l := ch.layout(r, ds)
			const tol = 0.5
			inside := func(b vg.Rectangle) bool {
				return b.Min.X >= r.Min.X-tol && b.Min.Y >= r.Min.Y-tol && b.Max.X <= r.Max.X+tol && b.Max.Y <= r.Max.Y+tol
			}
			for i, d := range ds {
				at := l.at(d.a)
				if b := (vg.Rectangle{Min: at.Add(d.box.Min), Max: at.Add(d.box.Max)}); !inside(b) {
					t.Errorf("%v on %v × %v: decoration %d at %v is off the canvas", pos, sz[0], sz[1], i, b)
				}
			}
			if l.legend != (pos != LegendNone) {
				t.Errorf("%v: legend shown = %v", pos, l.legend)
			}
			if l.legend {
				w, h := ch.legend.size()
				b := vg.Rectangle{Min: vg.Point{X: l.legendTL.X, Y: l.legendTL.Y - h}, Max: vg.Point{X: l.legendTL.X + w, Y: l.legendTL.Y}}
				if !inside(b) {
					t.Errorf("%v on %v × %v: legend %v is off the canvas", pos, sz[0], sz[1], b)
				}
				if l.hits(b, ds) {
					t.Errorf("%v on %v × %v: legend %v covers the triangle", pos, sz[0], sz[1], b)
				}
			}
		}
	}
}

func TestSimplexValidation(t *testing.T) {
	good := [3]float64{0.2, 0.3, 0.5}
	cases := map[string]SimplexOptions{
		"sum":          {Points: []SimplexPoint{{P: [3]float64{0.5, 0.5, 0.5}}}},
		"negative":     {Points: []SimplexPoint{{P: [3]float64{-0.1, 0.6, 0.5}}}},
		"NaN":          {Points: []SimplexPoint{{P: [3]float64{math.NaN(), 0.5, 0.5}}}},
		"short curve":  {Curves: []SimplexCurve{{Points: [][3]float64{good}}}},
		"curve point":  {Curves: []SimplexCurve{{Points: [][3]float64{good, {1, 1, 1}}}}},
		"cloud point":  {Clouds: []SimplexCloud{{Points: [][3]float64{{2, 0, 0}}}}},
		"tick step":    {TickStep: 0.3, Points: []SimplexPoint{{P: good}}},
		"tiny step":    {TickStep: 0.01, Points: []SimplexPoint{{P: good}}},
		"label dir":    {Points: []SimplexPoint{{P: good, LabelAt: 99}}},
		"nothing":      {},
		"neg. step":    {TickStep: -0.2, Points: []SimplexPoint{{P: good}}},
		"Inf in cloud": {Clouds: []SimplexCloud{{Points: [][3]float64{{math.Inf(1), 0, 0}}}}},
	}
	for name, o := range cases {
		if _, err := Simplex(o); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
	// Rounding noise is cleaned up, not rejected.
	if _, err := Simplex(SimplexOptions{Points: []SimplexPoint{{P: [3]float64{-1e-12, 0.5, 0.5 + 1e-9}}}, TickStep: 0.25}); err != nil {
		t.Errorf("rounding noise: %v", err)
	}
	b, err := cleanBary([3]float64{-1e-12, 0.5, 0.5 + 1e-9})
	if err != nil || b[0] != 0 || math.Abs(b[0]+b[1]+b[2]-1) > 1e-15 {
		t.Errorf("cleanBary = %v, %v", b, err)
	}
}
