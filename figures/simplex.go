package figures

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// sqrt3 is √3; the unit triangle has height sqrt3/2.
const sqrt3 = 1.7320508075688772

// BaryToXY maps barycentric coordinates b = (b1, b2, b3), b1+b2+b3 = 1,
// to the Cartesian plane in which the probability simplex is the
// equilateral triangle of unit side with vertex 1 at (0, 0)
// (bottom-left), vertex 2 at (1, 0) (bottom-right) and vertex 3 at
// (1/2, √3/2) (top). The centroid (1/3, 1/3, 1/3) maps to (1/2, √3/6).
// b is used as given, not normalised.
func BaryToXY(b [3]float64) (x, y float64) {
	return b[1] + b[2]/2, b[2] * sqrt3 / 2
}

// XYToBary inverts BaryToXY: it returns the barycentric coordinates of
// the point (x, y) with respect to the unit triangle of BaryToXY. The
// coordinates sum to 1; they are all non-negative exactly when the
// point lies in the triangle.
func XYToBary(x, y float64) [3]float64 {
	b3 := 2 * y / sqrt3
	b2 := x - b3/2
	return [3]float64{1 - b2 - b3, b2, b3}
}

// SimplexPoint is a marked point on a Simplex chart, for example the
// reference model p, the reward model q, or the aligned model φ_δ.
type SimplexPoint struct {
	// Name is the legend entry; empty leaves the point out of the
	// legend.
	Name string
	// Label is short text drawn next to the marker, for example "p";
	// empty draws none.
	Label string
	// P is the point in barycentric coordinates (a distribution on
	// three outcomes).
	P [3]float64
	// LabelAt is the direction of the label from the marker; the zero
	// value, LabelAuto, points away from the centre of the triangle.
	LabelAt LabelDirection
	// Color overrides the palette colour; nil picks the next one.
	Color color.Color
}

// SimplexCurve is a named curve on a Simplex chart, for example the
// aligned family {φ_δ : δ ≥ 0}, a KL contour {φ : KL(φ‖p) = δ} or a
// reward contour.
type SimplexCurve struct {
	// Name is the legend entry; empty leaves the curve out of the
	// legend.
	Name string
	// Points are the vertices of the polyline, in barycentric
	// coordinates; at least two.
	Points [][3]float64
	// Closed joins the last point back to the first (for contours).
	Closed bool
	// Color overrides the palette colour; nil picks the next one.
	Color color.Color
}

// SimplexCloud is a named set of small translucent markers on a Simplex
// chart, for example the types of best-of-N samples, or their means
// over repetitions, for one sequence length m.
type SimplexCloud struct {
	// Name is the legend entry; empty leaves the cloud out of the
	// legend.
	Name string
	// Points are the markers' positions, in barycentric coordinates.
	Points [][3]float64
	// Color overrides the palette colour; nil picks the next one.
	Color color.Color
}

// LabelDirection places a point label relative to its marker.
type LabelDirection int

// Label directions. LabelAuto points away from the triangle's centre,
// so labels of points near an edge fall outside the crowd.
const (
	LabelAuto LabelDirection = iota
	LabelN
	LabelNE
	LabelE
	LabelSE
	LabelS
	LabelSW
	LabelW
	LabelNW
)

// SimplexOptions describes a Simplex chart.
type SimplexOptions struct {
	// Title is the figure title.
	Title string
	// VertexLabels name the three outcomes, drawn at the corners:
	// vertex 1 bottom-left, vertex 2 bottom-right, vertex 3 top.
	// Empty labels default to "1", "2", "3".
	VertexLabels [3]string
	// AxisLabels optionally name the three barycentric coordinates,
	// for example "φ(1)". Coordinate 1 is read on the bottom edge,
	// coordinate 2 on the right edge and coordinate 3 on the left edge
	// (the edge where its tick labels are); each name is drawn along
	// that edge with an arrow pointing towards the coordinate's vertex,
	// the direction in which it grows.
	AxisLabels [3]string
	// TickStep is the spacing of grid lines and tick labels along each
	// coordinate; zero means 0.2. It must divide 1 into at most 20
	// steps.
	TickStep float64
	// Curves are drawn over the clouds, Points over the curves.
	Curves []SimplexCurve
	Clouds []SimplexCloud
	Points []SimplexPoint
	// Legend places the legend. LegendAuto keeps the triangle at full
	// size if the legend fits in an empty top corner of the figure;
	// otherwise it takes whichever of these leaves the largest
	// triangle: legend right of the triangle; legend in a top corner
	// with the triangle pushed to the opposite side and down; legend
	// below the triangle. LegendTopLeft, LegendTopRight,
	// LegendBottomLeft and LegendBottomRight are corners of the figure
	// area, even if that covers the triangle. LegendOutsideRight sits
	// right of the triangle unless that would shrink it below 40% of
	// its full size, in which case it is placed as by LegendAuto.
	Legend LegendPosition
}

// Simplex draws a ternary plot of the probability simplex on three
// outcomes: an equilateral triangle (kept equilateral whatever the
// canvas size) with labelled vertices, grid lines and tick labels along
// the three barycentric coordinates, and on it named curves, point
// clouds and labelled points, with a legend. No Cartesian axes are
// drawn. Series colours follow the house palette in the order curves,
// clouds, points; curves also cycle dash patterns, and clouds and
// points each cycle marker shapes, so the chart reads in greyscale.
//
// Figure 1 of the paper (Example 1):
//
//	p, err := figures.Simplex(figures.SimplexOptions{
//		Title:        "Ternary example: p, q and the aligned family",
//		VertexLabels: [3]string{"y=1", "y=2", "y=3"},
//		AxisLabels:   [3]string{"φ(1)", "φ(2)", "φ(3)"},
//		Curves: []figures.SimplexCurve{
//			{Name: "aligned family φ_δ", Points: family, Color: figures.Blue},
//			{Name: "KL contour, δ = 0.1", Points: klContour, Closed: true, Color: figures.BluishGreen},
//			{Name: "reward contour", Points: rewardLine, Color: figures.Black},
//		},
//		Points: []figures.SimplexPoint{
//			{Name: "reference p", Label: "p", P: [3]float64{0.2, 0.3, 0.5}},
//			{Name: "reward model q", Label: "q", P: [3]float64{2.0 / 3, 1.0 / 9, 2.0 / 9}},
//			{Name: "φ_δ, δ = 0.1", Label: "φ_δ", P: phiDelta},
//		},
//	})
//
// Simplex returns an error if a coordinate is NaN, infinite or below
// −1e-9, or a point's coordinates do not sum to 1 within 1e-6 (tiny
// rounding is cleaned up: negatives clipped to 0, then renormalised);
// if a curve has fewer than two points; if TickStep or a LabelAt is
// invalid; or if there is nothing to draw (no title, curve, cloud or
// point).
func Simplex(o SimplexOptions) (*plot.Plot, error) {
	ch, err := newSimplexChart(o)
	if err != nil {
		return nil, err
	}
	p := housePlot(o.Title, "", "")
	p.HideAxes()
	p.X.Padding, p.Y.Padding = 0, 0
	p.Add(ch)
	return p, nil
}

type simplexCurveDraw struct {
	pts    [][3]float64
	closed bool
	style  draw.LineStyle
}

type simplexCloudDraw struct {
	pts   [][3]float64
	glyph draw.GlyphStyle
}

type simplexPointDraw struct {
	p     [3]float64
	glyph draw.GlyphStyle
	label string
	dir   LabelDirection
}

// simplexChart is the plot.Plotter that draws a whole Simplex chart in
// its own equilateral coordinate frame, ignoring the plot's axes.
type simplexChart struct {
	vertexLabels [3]string
	axisLabels   [3]string
	step         float64
	nSteps       int
	curves       []simplexCurveDraw
	clouds       []simplexCloudDraw
	points       []simplexPointDraw
	legend       *legendBox
	legendPos    LegendPosition
}

var _ plot.Plotter = (*simplexChart)(nil)

func cleanBary(b [3]float64) ([3]float64, error) {
	sum := 0.0
	for _, v := range b {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < -1e-9 {
			return b, fmt.Errorf("invalid coordinates %v", b)
		}
		sum += v
	}
	if math.Abs(sum-1) > 1e-6 {
		return b, fmt.Errorf("coordinates %v sum to %v, not 1", b, sum)
	}
	sum = 0
	for i := range b {
		b[i] = max(b[i], 0)
		sum += b[i]
	}
	for i := range b {
		b[i] /= sum
	}
	return b, nil
}

func cleanBarys(pts [][3]float64) ([][3]float64, error) {
	out := make([][3]float64, len(pts))
	for i, b := range pts {
		c, err := cleanBary(b)
		if err != nil {
			return nil, fmt.Errorf("point %d: %w", i, err)
		}
		out[i] = c
	}
	return out, nil
}

func newSimplexChart(o SimplexOptions) (*simplexChart, error) {
	ch := &simplexChart{
		vertexLabels: o.VertexLabels,
		axisLabels:   o.AxisLabels,
		legend:       newLegendBox(),
		legendPos:    o.Legend,
	}
	for i, def := range []string{"1", "2", "3"} {
		if ch.vertexLabels[i] == "" {
			ch.vertexLabels[i] = def
		}
	}
	ch.step = o.TickStep
	if ch.step == 0 {
		ch.step = 0.2
	}
	n := math.Round(1 / ch.step)
	if !(ch.step > 0) || n > 20 || math.Abs(n*ch.step-1) > 1e-9 {
		return nil, fmt.Errorf("figures: Simplex tick step %v must be 1/k for an integer k ≤ 20", o.TickStep)
	}
	ch.nSteps = int(n)

	slot := 0 // next palette slot, shared by curves, clouds and points
	pick := func(c color.Color) color.Color {
		slot++
		if c != nil {
			return c
		}
		return SeriesColor(slot - 1)
	}
	for i, cv := range o.Curves {
		if len(cv.Points) < 2 {
			return nil, fmt.Errorf("figures: Simplex curve %d (%q) needs at least two points", i, cv.Name)
		}
		pts, err := cleanBarys(cv.Points)
		if err != nil {
			return nil, fmt.Errorf("figures: Simplex curve %d (%q): %w", i, cv.Name, err)
		}
		sty := SeriesLineStyle(i)
		sty.Color = pick(cv.Color)
		ch.curves = append(ch.curves, simplexCurveDraw{pts: pts, closed: cv.Closed, style: sty})
		ls := sty
		ch.legend.add(legendItem{name: cv.Name, line: &ls})
	}
	marker := 0
	for i, cl := range o.Clouds {
		pts, err := cleanBarys(cl.Points)
		if err != nil {
			return nil, fmt.Errorf("figures: Simplex cloud %d (%q): %w", i, cl.Name, err)
		}
		g := draw.GlyphStyle{Color: opaque(pick(cl.Color), 0x8C), Radius: vg.Points(2.4), Shape: Marker(marker)}
		marker++
		ch.clouds = append(ch.clouds, simplexCloudDraw{pts: pts, glyph: g})
		lg := g
		ch.legend.add(legendItem{name: cl.Name, glyph: &lg, cloud: true})
	}
	for i, pt := range o.Points {
		b, err := cleanBary(pt.P)
		if err != nil {
			return nil, fmt.Errorf("figures: Simplex point %d (%q): %w", i, pt.Name, err)
		}
		if pt.LabelAt < LabelAuto || pt.LabelAt > LabelNW {
			return nil, fmt.Errorf("figures: Simplex point %d (%q): invalid label direction %d", i, pt.Name, pt.LabelAt)
		}
		g := draw.GlyphStyle{Color: pick(pt.Color), Radius: vg.Points(5), Shape: Marker(i)}
		ch.points = append(ch.points, simplexPointDraw{p: b, glyph: g, label: pt.Label, dir: pt.LabelAt})
		lg := g
		lg.Radius = vg.Points(4.5)
		ch.legend.add(legendItem{name: pt.Name, glyph: &lg})
	}
	if len(o.Curves)+len(o.Clouds)+len(o.Points) == 0 && o.Title == "" {
		return nil, errors.New("figures: Simplex with nothing to draw")
	}
	return ch, nil
}

// Sizes of simplex decorations, in points.
const (
	simplexTick      = 5   // tick length
	simplexGap       = 3   // gap between a tick and its label
	simplexTitleGap  = 6   // gap between tick labels and an axis name
	simplexArrow     = 22  // length of an axis-name arrow
	simplexVertex    = 6   // gap between a vertex and its label
	simplexEdgeWidth = 1.2 // triangle outline width
)

// deco is one decoration of the simplex (a tick, a label, a marker)
// used for layout: it sits at anchor a on the unit triangle (side 1)
// and covers box, in points, relative to where the anchor lands.
type deco struct {
	a    vg.Point
	box  vg.Rectangle
	draw func(c *draw.Canvas, at vg.Point)
}

func unitXY(b [3]float64) vg.Point {
	x, y := BaryToXY(b)
	return vg.Point{X: vg.Length(x), Y: vg.Length(y)}
}

// halfExtent is how far a w × h box centred on a point reaches in the
// unit direction u.
func halfExtent(w, h vg.Length, u vg.Point) vg.Length {
	return vg.Length(math.Abs(float64(u.X)))*w/2 + vg.Length(math.Abs(float64(u.Y)))*h/2
}

// rotatedBox returns the bounding box, centred on the origin, of a
// w × h box rotated by rot radians.
func rotatedBox(w, h vg.Length, rot float64) vg.Rectangle {
	s, c := math.Sincos(rot)
	hw := vg.Length(math.Abs(c))*w/2 + vg.Length(math.Abs(s))*h/2
	hh := vg.Length(math.Abs(s))*w/2 + vg.Length(math.Abs(c))*h/2
	return vg.Rectangle{Min: vg.Point{X: -hw, Y: -hh}, Max: vg.Point{X: hw, Y: hh}}
}

// textDeco centres txt at offset d from anchor a.
func textDeco(a, d vg.Point, sty text.Style, txt string) deco {
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
	w, h := sty.Width(txt), sty.Height(txt)
	r := rotatedBox(w, h, sty.Rotation)
	return deco{
		a:   a,
		box: vg.Rectangle{Min: d.Add(r.Min), Max: d.Add(r.Max)},
		draw: func(c *draw.Canvas, at vg.Point) {
			c.FillText(sty, at.Add(d), txt)
		},
	}
}

// haloTextDeco is textDeco over a translucent white box, for labels
// drawn on top of data.
func haloTextDeco(a, d vg.Point, sty text.Style, txt string) deco {
	t := textDeco(a, d, sty, txt)
	inner := t.draw
	pad := vg.Points(1.5)
	t.draw = func(c *draw.Canvas, at vg.Point) {
		r := vg.Rectangle{Min: at.Add(t.box.Min), Max: at.Add(t.box.Max)}
		c.FillPolygon(color.NRGBA{R: 0xFF, G: 0xFF, B: 0xFF, A: 0xC8}, []vg.Point{
			{X: r.Min.X - pad, Y: r.Min.Y}, {X: r.Max.X + pad, Y: r.Min.Y},
			{X: r.Max.X + pad, Y: r.Max.Y}, {X: r.Min.X - pad, Y: r.Max.Y},
		})
		inner(c, at)
	}
	return t
}

// placedTextDeco puts txt beyond offset `from` in unit direction u,
// separated by gap.
func placedTextDeco(a, from, u vg.Point, gap vg.Length, sty text.Style, txt string, halo bool) deco {
	w, h := sty.Width(txt), sty.Height(txt)
	d := from.Add(u.Scale(gap + halfExtent(w, h, u)))
	if halo {
		return haloTextDeco(a, d, sty, txt)
	}
	return textDeco(a, d, sty, txt)
}

func lineDeco(a, d0, d1 vg.Point, sty draw.LineStyle) deco {
	return deco{
		a: a,
		box: vg.Rectangle{
			Min: vg.Point{X: min(d0.X, d1.X), Y: min(d0.Y, d1.Y)},
			Max: vg.Point{X: max(d0.X, d1.X), Y: max(d0.Y, d1.Y)},
		},
		draw: func(c *draw.Canvas, at vg.Point) {
			c.StrokeLine2(sty, at.X+d0.X, at.Y+d0.Y, at.X+d1.X, at.Y+d1.Y)
		},
	}
}

// arrowDeco draws an arrow of length simplexArrow centred at offset d,
// pointing along u.
func arrowDeco(a, d, u vg.Point, clr color.Color) deco {
	half := u.Scale(simplexArrow / 2)
	tail, head := d.Sub(half), d.Add(half)
	n := vg.Point{X: -u.Y, Y: u.X}
	back := head.Sub(u.Scale(6))
	wing1, wing2 := back.Add(n.Scale(3)), back.Sub(n.Scale(3))
	return deco{
		a: a,
		box: vg.Rectangle{
			Min: vg.Point{X: min(tail.X, head.X, wing1.X, wing2.X), Y: min(tail.Y, head.Y, wing1.Y, wing2.Y)},
			Max: vg.Point{X: max(tail.X, head.X, wing1.X, wing2.X), Y: max(tail.Y, head.Y, wing1.Y, wing2.Y)},
		},
		draw: func(c *draw.Canvas, at vg.Point) {
			c.StrokeLine2(draw.LineStyle{Color: clr, Width: vg.Points(1)}, at.X+tail.X, at.Y+tail.Y, at.X+back.X, at.Y+back.Y)
			c.FillPolygon(clr, []vg.Point{at.Add(head), at.Add(wing1), at.Add(wing2)})
		},
	}
}

// Edge geometry of the unit triangle. Coordinate k is read on edge k:
// coordinate 1 on the bottom edge (vertex 1 to 2), coordinate 2 on the
// right edge (2 to 3), coordinate 3 on the left edge (3 to 1). The tick
// of coordinate k at value v continues the grid line {φ_k = v} out of
// the triangle, in direction tickDir[k].
var (
	tickDir = [3]vg.Point{
		{X: 0.5, Y: -sqrt3 / 2}, // parallel to edge 2–3, out through the bottom
		{X: 0.5, Y: sqrt3 / 2},  // parallel to edge 1–3, out through the right
		{X: -1, Y: 0},           // parallel to edge 1–2, out through the left
	}
	edgeNormal = [3]vg.Point{
		{X: 0, Y: -1},
		{X: sqrt3 / 2, Y: 0.5},
		{X: -sqrt3 / 2, Y: 0.5},
	}
	// towardVertex[k] is the unit vector along edge k pointing at
	// vertex k, where coordinate k grows.
	towardVertex = [3]vg.Point{
		{X: -1, Y: 0},
		{X: 0.5, Y: -sqrt3 / 2},
		{X: 0.5, Y: sqrt3 / 2},
	}
	// axisRotation keeps axis names along their edge and upright.
	axisRotation = [3]float64{0, -math.Pi / 3, math.Pi / 3}
	// vertexDir points from the centroid through each vertex.
	vertexDir = [3]vg.Point{
		{X: -sqrt3 / 2, Y: -0.5},
		{X: sqrt3 / 2, Y: -0.5},
		{X: 0, Y: 1},
	}
	unitVertices = [3][3]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}
)

// edgePoint returns the barycentric point on edge k where coordinate k
// equals v.
func edgePoint(k int, v float64) [3]float64 {
	var b [3]float64
	b[k] = v
	// Edge k joins vertex k and vertex k+1; the third coordinate is 0.
	b[(k+1)%3] = 1 - v
	return b
}

func dirFor(d LabelDirection, at [3]float64) vg.Point {
	diag := vg.Length(math.Sqrt2 / 2)
	switch d {
	case LabelN:
		return vg.Point{X: 0, Y: 1}
	case LabelNE:
		return vg.Point{X: diag, Y: diag}
	case LabelE:
		return vg.Point{X: 1, Y: 0}
	case LabelSE:
		return vg.Point{X: diag, Y: -diag}
	case LabelS:
		return vg.Point{X: 0, Y: -1}
	case LabelSW:
		return vg.Point{X: -diag, Y: -diag}
	case LabelW:
		return vg.Point{X: -1, Y: 0}
	case LabelNW:
		return vg.Point{X: -diag, Y: diag}
	}
	u := unitXY(at).Sub(unitXY([3]float64{1.0 / 3, 1.0 / 3, 1.0 / 3}))
	n := math.Hypot(float64(u.X), float64(u.Y))
	if n < 0.02 {
		return vg.Point{X: diag, Y: diag}
	}
	return u.Scale(vg.Length(1 / n))
}

// decorations lists every element drawn around or on top of the
// triangle whose size does not scale with it.
func (ch *simplexChart) decorations() []deco {
	var ds []deco
	tickSty := draw.LineStyle{Color: simplexEdge, Width: vg.Points(0.8)}
	tickLabel := textStyle(tickSize-1, draw.XCenter, draw.YCenter)
	tickLabel.Color = color.Gray{Y: 0x33}

	// Vertices, so that the triangle itself is part of the layout.
	for _, v := range unitVertices {
		ds = append(ds, deco{a: unitXY(v), draw: func(*draw.Canvas, vg.Point) {}})
	}

	for k := range 3 {
		tip := tickDir[k].Scale(simplexTick)
		reach := vg.Length(0) // how far this edge's ticks and labels reach along its normal
		for i := 1; i < ch.nSteps; i++ {
			v := float64(i) * ch.step
			a := unitXY(edgePoint(k, v))
			ds = append(ds, lineDeco(a, vg.Point{}, tip, tickSty))
			lbl := strconv.FormatFloat(math.Round(v*1e6)/1e6, 'f', -1, 64)
			t := placedTextDeco(a, tip, tickDir[k], simplexGap, tickLabel, lbl, false)
			ds = append(ds, t)
			for _, corner := range []vg.Point{t.box.Min, t.box.Max, {X: t.box.Min.X, Y: t.box.Max.Y}, {X: t.box.Max.X, Y: t.box.Min.Y}} {
				reach = max(reach, dot(corner, edgeNormal[k]))
			}
		}
		if name := ch.axisLabels[k]; name != "" {
			sty := textStyle(labelSize-1, draw.XCenter, draw.YCenter)
			sty.Rotation = axisRotation[k]
			h := sty.Height(name)
			mid := unitXY(edgePoint(k, 0.5))
			d := edgeNormal[k].Scale(reach + simplexTitleGap + h/2)
			ds = append(ds, textDeco(mid, d, sty, name))
			// The arrow sits beside the name, on the side of vertex k.
			w := sty.Width(name)
			ad := d.Add(towardVertex[k].Scale(w/2 + 6 + simplexArrow/2))
			ds = append(ds, arrowDeco(mid, ad, towardVertex[k], color.Gray{Y: 0x33}))
		}
	}

	vsty := textStyle(labelSize, draw.XCenter, draw.YCenter)
	for k, v := range unitVertices {
		ds = append(ds, placedTextDeco(unitXY(v), vg.Point{}, vertexDir[k], simplexVertex, vsty, ch.vertexLabels[k], false))
	}

	for _, pt := range ch.points {
		a := unitXY(pt.p)
		r := pt.glyph.Radius * 1.3
		ds = append(ds, deco{a: a, box: vg.Rectangle{Min: vg.Point{X: -r, Y: -r}, Max: vg.Point{X: r, Y: r}}, draw: func(*draw.Canvas, vg.Point) {}})
		if pt.label != "" {
			u := dirFor(pt.dir, pt.p)
			lsty := textStyle(labelSize, draw.XCenter, draw.YCenter)
			ds = append(ds, placedTextDeco(a, u.Scale(r), u, 2, lsty, pt.label, true))
		}
	}
	return ds
}

func dot(a, b vg.Point) vg.Length { return a.X*b.X + a.Y*b.Y }

// simplexLayout is where the triangle and legend land on a canvas.
type simplexLayout struct {
	origin   vg.Point  // position of vertex 1 (bottom-left)
	side     vg.Length // triangle side
	legendTL vg.Point  // top-left corner of the legend frame
	legend   bool      // whether a legend is drawn
}

// at maps a point of the unit triangle onto the canvas.
func (l simplexLayout) at(u vg.Point) vg.Point {
	return l.origin.Add(u.Scale(l.side))
}

// extent returns the bounding box of the decorations for side s with
// vertex 1 at the origin.
func extent(ds []deco, s vg.Length) vg.Rectangle {
	r := vg.Rectangle{
		Min: vg.Point{X: vg.Length(math.Inf(1)), Y: vg.Length(math.Inf(1))},
		Max: vg.Point{X: vg.Length(math.Inf(-1)), Y: vg.Length(math.Inf(-1))},
	}
	for _, d := range ds {
		p := d.a.Scale(s)
		r.Min.X = min(r.Min.X, p.X+d.box.Min.X)
		r.Min.Y = min(r.Min.Y, p.Y+d.box.Min.Y)
		r.Max.X = max(r.Max.X, p.X+d.box.Max.X)
		r.Max.Y = max(r.Max.Y, p.Y+d.box.Max.Y)
	}
	return r
}

// fit returns the largest triangle side whose decorated extent fits in
// a w × h area, and that extent.
func fit(ds []deco, w, h vg.Length) (vg.Length, vg.Rectangle) {
	fits := func(s vg.Length) bool {
		e := extent(ds, s)
		return e.Size().X <= w && e.Size().Y <= h
	}
	lo, hi := vg.Length(1), max(w, h)*2
	if !fits(lo) {
		return lo, extent(ds, lo)
	}
	for range 60 {
		mid := (lo + hi) / 2
		if fits(mid) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo, extent(ds, lo)
}

// layout places the triangle (and legend) in the rectangle r.
func (ch *simplexChart) layout(r vg.Rectangle, ds []deco) simplexLayout {
	W, H := r.Size().X, r.Size().Y
	// place puts the extent e (for side s, vertex 1 at the origin) at
	// horizontal offset x0 (or centred in [x0, x0+w] when w > 0) and
	// centres it vertically in the band [y0, y0+h].
	place := func(s vg.Length, e vg.Rectangle, x0, w, y0, h vg.Length) simplexLayout {
		ox := x0 - e.Min.X
		if w > 0 {
			ox += (w - e.Size().X) / 2
		}
		oy := y0 + (h-e.Size().Y)/2 - e.Min.Y
		return simplexLayout{origin: vg.Point{X: ox, Y: oy}, side: s}
	}

	s, e := fit(ds, W, H)
	full := place(s, e, r.Min.X, W, r.Min.Y, H)
	if ch.legendPos == LegendNone || len(ch.legend.items) == 0 {
		return full
	}
	lw, lh := ch.legend.size()
	corner := func(pos LegendPosition) vg.Point {
		switch pos {
		case LegendTopLeft:
			return vg.Point{X: r.Min.X, Y: r.Max.Y}
		case LegendBottomLeft:
			return vg.Point{X: r.Min.X, Y: r.Min.Y + lh}
		case LegendBottomRight:
			return vg.Point{X: r.Max.X - lw, Y: r.Min.Y + lh}
		default:
			return vg.Point{X: r.Max.X - lw, Y: r.Max.Y}
		}
	}
	boxAt := func(tl vg.Point) vg.Rectangle {
		return vg.Rectangle{Min: vg.Point{X: tl.X, Y: tl.Y - lh}, Max: vg.Point{X: tl.X + lw, Y: tl.Y}}
	}
	outside := func() simplexLayout {
		// Right of the triangle: fit it in what is left and centre
		// triangle and legend together, tops aligned.
		s, e := fit(ds, W-lw-legendMargin, H)
		group := e.Size().X + legendMargin + lw
		x0 := r.Min.X + max(0, (W-group)/2)
		l := place(s, e, x0, 0, r.Min.Y, H)
		l.legend = true
		l.legendTL = vg.Point{X: x0 + e.Size().X + legendMargin, Y: min(l.origin.Y+e.Max.Y, r.Max.Y)}
		return l
	}

	switch ch.legendPos {
	case LegendTopLeft, LegendTopRight, LegendBottomLeft, LegendBottomRight:
		full.legend, full.legendTL = true, corner(ch.legendPos)
		return full
	case LegendOutsideRight:
		// Unless the canvas is too narrow for triangle and legend side
		// by side; then as LegendAuto.
		if l := outside(); l.side >= 0.4*full.side {
			return l
		}
	}

	// LegendAuto: the full-size triangle if a top corner is free.
	for _, pos := range []LegendPosition{LegendTopRight, LegendTopLeft} {
		if tl := corner(pos); !full.hits(boxAt(tl), ds) {
			full.legend, full.legendTL = true, tl
			return full
		}
	}
	// Otherwise the largest triangle among: legend outside right;
	// legend in a top corner with the triangle pushed to the opposite
	// side; legend below the triangle.
	best := outside()
	consider := func(l simplexLayout) {
		if l.side > best.side*1.05 {
			best = l
		}
	}
	for _, pos := range []LegendPosition{LegendTopRight, LegendTopLeft} {
		tl := corner(pos)
		at := func(s vg.Length) (simplexLayout, bool) {
			e := extent(ds, s)
			if e.Size().X > W || e.Size().Y > H {
				return simplexLayout{}, false
			}
			x0 := r.Min.X
			if pos == LegendTopLeft {
				x0 = r.Max.X - e.Size().X
			}
			// Bottom-aligned, as far from the legend as possible.
			l := place(s, e, x0, 0, r.Min.Y, e.Size().Y)
			return l, !l.hits(boxAt(tl), ds)
		}
		lo, hi := vg.Length(1), s
		if _, ok := at(lo); !ok {
			continue
		}
		for range 50 {
			mid := (lo + hi) / 2
			if _, ok := at(mid); ok {
				lo = mid
			} else {
				hi = mid
			}
		}
		l, _ := at(lo)
		l.legend, l.legendTL = true, tl
		consider(l)
	}
	if hb := H - lh - legendMargin; hb > 0 {
		s, e := fit(ds, W, hb)
		l := place(s, e, r.Min.X, W, r.Min.Y+lh+legendMargin, hb)
		l.legend = true
		l.legendTL = vg.Point{X: r.Min.X + (W-lw)/2, Y: r.Min.Y + lh}
		consider(l)
	}
	return best
}

// hits reports whether the box overlaps the triangle or any of its
// decorations under layout l.
func (l simplexLayout) hits(box vg.Rectangle, ds []deco) bool {
	const slack = 4
	box.Min.X -= slack
	box.Min.Y -= slack
	box.Max.X += slack
	box.Max.Y += slack
	for _, d := range ds {
		at := l.at(d.a)
		r := vg.Rectangle{Min: at.Add(d.box.Min), Max: at.Add(d.box.Max)}
		if r.Min.X < box.Max.X && box.Min.X < r.Max.X && r.Min.Y < box.Max.Y && box.Min.Y < r.Max.Y {
			return true
		}
	}
	var tri [3]vg.Point
	for k, v := range unitVertices {
		tri[k] = l.at(unitXY(v))
	}
	return rectHitsTriangle(box, tri)
}

// rectHitsTriangle is a separating-axis test between an axis-aligned
// rectangle and a triangle.
func rectHitsTriangle(r vg.Rectangle, tri [3]vg.Point) bool {
	rc := []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}}
	axes := []vg.Point{{X: 1}, {Y: 1}}
	for k := range 3 {
		e := tri[(k+1)%3].Sub(tri[k])
		axes = append(axes, vg.Point{X: -e.Y, Y: e.X})
	}
	for _, ax := range axes {
		rmin, rmax := project(rc, ax)
		tmin, tmax := project(tri[:], ax)
		if rmax < tmin || tmax < rmin {
			return false
		}
	}
	return true
}

func project(pts []vg.Point, ax vg.Point) (lo, hi vg.Length) {
	lo, hi = dot(pts[0], ax), dot(pts[0], ax)
	for _, p := range pts[1:] {
		v := dot(p, ax)
		lo, hi = min(lo, v), max(hi, v)
	}
	return lo, hi
}

// Plot implements plot.Plotter.
func (ch *simplexChart) Plot(c draw.Canvas, _ *plot.Plot) {
	ds := ch.decorations()
	l := ch.layout(c.Rectangle, ds)
	at := func(b [3]float64) vg.Point { return l.at(unitXY(b)) }

	// Grid lines of the three coordinates.
	grid := draw.LineStyle{Color: gridColor, Width: vg.Points(0.7)}
	for k := range 3 {
		for i := 1; i < ch.nSteps; i++ {
			v := float64(i) * ch.step
			var b0, b1 [3]float64
			b0[k], b1[k] = v, v
			b0[(k+1)%3] = 1 - v
			b1[(k+2)%3] = 1 - v
			p0, p1 := at(b0), at(b1)
			c.StrokeLine2(grid, p0.X, p0.Y, p1.X, p1.Y)
		}
	}
	tri := []vg.Point{at(unitVertices[0]), at(unitVertices[1]), at(unitVertices[2]), at(unitVertices[0])}
	c.StrokeLines(draw.LineStyle{Color: simplexEdge, Width: vg.Points(simplexEdgeWidth)}, tri)

	for _, cl := range ch.clouds {
		for _, b := range cl.pts {
			c.DrawGlyphNoClip(cl.glyph, at(b))
		}
	}
	for _, cv := range ch.curves {
		pts := make([]vg.Point, 0, len(cv.pts)+1)
		for _, b := range cv.pts {
			pts = append(pts, at(b))
		}
		if cv.closed {
			pts = append(pts, pts[0])
		}
		c.StrokeLines(cv.style, pts)
	}
	for _, pt := range ch.points {
		c.DrawGlyphNoClip(pt.glyph, at(pt.p))
	}
	for _, d := range ds {
		d.draw(&c, l.at(d.a))
	}
	if l.legend {
		ch.legend.draw(c, l.legendTL)
	}
}
