package figures

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Standard figure geometry. A figure saved at Width × Height with DPI
// dots per inch is 975 × 675 pixels, legible on a slide and in a paper.
const (
	// Width is the house figure width (6.5 in).
	Width = 6.5 * vg.Inch
	// Height is the house figure height (4.5 in).
	Height = 4.5 * vg.Inch
	// DPI is the resolution of the PNG written by Save.
	DPI = 150
)

// House font sizes, chosen for a Width × Height figure.
const (
	titleSize  = 15
	labelSize  = 13
	tickSize   = 11
	legendSize = 11
	noteSize   = 10
)

// Line and marker sizes.
const (
	seriesWidth  = 2.0 // points
	markerRadius = 3.5 // points
	gridWidth    = 0.5 // points
)

// houseFont is the typeface of every text element: a sans-serif face
// with Greek coverage, so labels such as "φ_δ" render.
var houseFont = font.Font{Typeface: "Liberation", Variant: "Sans"}

// Palette is the Okabe–Ito colour-blind-safe palette, reordered so the
// first colours are the most distinct on white paper and in greyscale
// (yellow, the weakest on white, is last). Series i of a chart uses
// Palette[i%len(Palette)]; see SeriesColor.
var Palette = []color.Color{
	color.RGBA{R: 0x00, G: 0x72, B: 0xB2, A: 0xFF}, // blue
	color.RGBA{R: 0xD5, G: 0x5E, B: 0x00, A: 0xFF}, // vermillion
	color.RGBA{R: 0x00, G: 0x9E, B: 0x73, A: 0xFF}, // bluish green
	color.RGBA{R: 0xE6, G: 0x9F, B: 0x00, A: 0xFF}, // orange
	color.RGBA{R: 0xCC, G: 0x79, B: 0xA7, A: 0xFF}, // reddish purple
	color.RGBA{R: 0x56, G: 0xB4, B: 0xE9, A: 0xFF}, // sky blue
	color.RGBA{R: 0x00, G: 0x00, B: 0x00, A: 0xFF}, // black
	color.RGBA{R: 0xF0, G: 0xE4, B: 0x42, A: 0xFF}, // yellow
}

// Named Okabe–Ito colours, for callers that want a fixed meaning
// (for example "the aligned family is always blue").
var (
	Blue          color.Color = Palette[0]
	Vermillion    color.Color = Palette[1]
	BluishGreen   color.Color = Palette[2]
	Orange        color.Color = Palette[3]
	ReddishPurple color.Color = Palette[4]
	SkyBlue       color.Color = Palette[5]
	Black         color.Color = Palette[6]
	Yellow        color.Color = Palette[7]
)

var (
	gridColor   = color.Gray{Y: 0xDD}
	refColor    = color.Gray{Y: 0x44}
	frameColor  = color.Gray{Y: 0xAA}
	legendFill  = color.NRGBA{R: 0xFF, G: 0xFF, B: 0xFF, A: 0xE6}
	simplexEdge = color.Gray{Y: 0x22}
)

// dashPatterns are distinct in greyscale at 2 pt line width. Index 0 is
// solid.
var dashPatterns = [][]vg.Length{
	nil,
	{vg.Points(7), vg.Points(4)},
	{vg.Points(2), vg.Points(3)},
	{vg.Points(8), vg.Points(3), vg.Points(2), vg.Points(3)},
	{vg.Points(12), vg.Points(4)},
	{vg.Points(8), vg.Points(3), vg.Points(2), vg.Points(3), vg.Points(2), vg.Points(3)},
	{vg.Points(4), vg.Points(2)},
	{vg.Points(1), vg.Points(2)},
}

// SeriesColor returns the palette colour of series i (cycling).
func SeriesColor(i int) color.Color {
	return Palette[mod(i, len(Palette))]
}

// SeriesDashes returns the dash pattern of series i (cycling): solid,
// dashed, dotted, dash-dot, long dash, dash-dot-dot, short dash, fine dot.
func SeriesDashes(i int) []vg.Length {
	return dashPatterns[mod(i, len(dashPatterns))]
}

// SeriesGlyph returns the marker shape of series i (cycling): filled
// circle, square, triangle, diamond, inverted triangle, then open
// circle, cross and plus.
func SeriesGlyph(i int) draw.GlyphDrawer {
	return Marker(mod(i, numMarkers))
}

// SeriesLineStyle returns the house line style of series i.
func SeriesLineStyle(i int) draw.LineStyle {
	return draw.LineStyle{
		Color:    SeriesColor(i),
		Width:    vg.Points(seriesWidth),
		Dashes:   SeriesDashes(i),
		DashOffs: 0,
	}
}

// SeriesGlyphStyle returns the house marker style of series i.
func SeriesGlyphStyle(i int) draw.GlyphStyle {
	return draw.GlyphStyle{
		Color:  SeriesColor(i),
		Radius: vg.Points(markerRadius),
		Shape:  SeriesGlyph(i),
	}
}

func mod(i, n int) int {
	i %= n
	if i < 0 {
		i += n
	}
	return i
}

// textStyle returns a house text style of the given size.
func textStyle(size float64, xa text.XAlignment, ya text.YAlignment) text.Style {
	return text.Style{
		Color:   color.Black,
		Font:    font.From(houseFont, font.Length(size)),
		XAlign:  xa,
		YAlign:  ya,
		Handler: plot.DefaultTextHandler,
	}
}

// NewPlot returns an empty plot in the house style: title and axis
// labels in a sans-serif face sized for a Width × Height figure, five to
// eight labelled ticks per axis (steps of 1, 2, 2.5 or 5 × 10^k, with
// minor ticks and a true minus sign), light grey grid lines at the
// labelled ticks, thin black axes, and a legend
// (gonum's own, for callers that use p.Legend.Add) in the top-left
// corner inside the axes. Axis labels should carry units, for example
// "KL divergence (nats)".
//
// The grid is the first plotter, so data added later is drawn over it.
// Lines and Simplex build on NewPlot and draw their own legend with
// automatic placement; use NewPlot directly only for a chart type this
// package lacks:
//
//	p := figures.NewPlot("Reward of the aligned model", "δ (nats)", "reward (nats/token)")
//	l, _ := plotter.NewLine(xys)
//	l.LineStyle = figures.SeriesLineStyle(0)
//	p.Add(l)
//	p.Legend.Add("RL", l)
//	_, _, err := figures.Save(p, dir, "reward", figures.Width, figures.Height)
func NewPlot(title, xLabel, yLabel string) *plot.Plot {
	p := housePlot(title, xLabel, yLabel)
	g := plotter.NewGrid()
	g.Vertical = draw.LineStyle{Color: gridColor, Width: vg.Points(gridWidth)}
	g.Horizontal = g.Vertical
	p.Add(g)
	return p
}

// housePlot is NewPlot without the grid.
func housePlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle = textStyle(titleSize, draw.XCenter, draw.YTop)
	p.Title.Padding = vg.Points(8)

	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle = textStyle(labelSize, draw.XCenter, draw.YBottom)
		ax.Label.Padding = vg.Points(4)
		ax.Tick.Label.Font = font.From(houseFont, tickSize)
		ax.Tick.Length = vg.Points(5)
		ax.Tick.Width = vg.Points(0.8)
		ax.LineStyle.Width = vg.Points(0.8)
		ax.Padding = vg.Points(6)
	}
	p.X.Tick.Marker = niceTicks{}
	p.Y.Tick.Marker = niceTicks{}
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel

	p.Legend.TextStyle = textStyle(legendSize, draw.XLeft, draw.YBottom)
	p.Legend.Top = true
	p.Legend.Left = true
	p.Legend.XOffs = vg.Points(6)
	p.Legend.YOffs = -vg.Points(6)
	p.Legend.ThumbnailWidth = vg.Points(28)
	return p
}

// numMarkers is the number of distinct marker shapes.
const numMarkers = 8

// Marker is a house marker shape implementing draw.GlyphDrawer. Shapes
// 0–4 are filled (circle, square, triangle, diamond, inverted triangle)
// and drawn with a thin white rim so overlapping markers stay distinct;
// shapes 5–7 are open (ring, cross, plus) and stroked at 1.2 pt.
type Marker int

// DrawGlyph implements draw.GlyphDrawer.
func (m Marker) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	r := sty.Radius
	var path vg.Path
	filled := true
	switch mod(int(m), numMarkers) {
	case 0: // circle
		path.Move(vg.Point{X: pt.X + r, Y: pt.Y})
		path.Arc(pt, r, 0, 2*math.Pi)
		path.Close()
	case 1: // square, same area as the circle
		s := r * 0.886
		path = polygonPath(pt, []vg.Point{{X: -s, Y: -s}, {X: s, Y: -s}, {X: s, Y: s}, {X: -s, Y: s}})
	case 2: // triangle
		t := r * 1.25
		path = polygonPath(pt, []vg.Point{{X: 0, Y: t}, {X: -t * 0.866, Y: -t * 0.5}, {X: t * 0.866, Y: -t * 0.5}})
	case 3: // diamond
		d := r * 1.2
		path = polygonPath(pt, []vg.Point{{X: 0, Y: d}, {X: d, Y: 0}, {X: 0, Y: -d}, {X: -d, Y: 0}})
	case 4: // inverted triangle
		t := r * 1.25
		path = polygonPath(pt, []vg.Point{{X: 0, Y: -t}, {X: t * 0.866, Y: t * 0.5}, {X: -t * 0.866, Y: t * 0.5}})
	case 5: // ring
		filled = false
		path.Move(vg.Point{X: pt.X + r, Y: pt.Y})
		path.Arc(pt, r, 0, 2*math.Pi)
		path.Close()
	case 6: // cross
		filled = false
		d := r * 0.9
		path.Move(vg.Point{X: pt.X - d, Y: pt.Y - d})
		path.Line(vg.Point{X: pt.X + d, Y: pt.Y + d})
		path.Move(vg.Point{X: pt.X - d, Y: pt.Y + d})
		path.Line(vg.Point{X: pt.X + d, Y: pt.Y - d})
	case 7: // plus
		filled = false
		d := r * 1.1
		path.Move(vg.Point{X: pt.X, Y: pt.Y - d})
		path.Line(vg.Point{X: pt.X, Y: pt.Y + d})
		path.Move(vg.Point{X: pt.X - d, Y: pt.Y})
		path.Line(vg.Point{X: pt.X + d, Y: pt.Y})
	}
	if filled {
		c.SetColor(sty.Color)
		c.Fill(path)
		if _, _, _, a := sty.Color.RGBA(); a == 0xFFFF {
			c.SetLineStyle(draw.LineStyle{Color: color.White, Width: vg.Points(0.6)})
			c.Stroke(path)
		}
		return
	}
	c.SetLineStyle(draw.LineStyle{Color: sty.Color, Width: vg.Points(1.2)})
	c.Stroke(path)
}

func polygonPath(at vg.Point, offs []vg.Point) vg.Path {
	var p vg.Path
	for i, o := range offs {
		q := at.Add(o)
		if i == 0 {
			p.Move(q)
		} else {
			p.Line(q)
		}
	}
	p.Close()
	return p
}
