package figures

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// LegendPosition says where a chart draws its legend.
type LegendPosition int

// Legend positions. The zero value, LegendAuto, is the recommended one.
const (
	// LegendAuto puts the legend in the corner of the data area that it
	// overlaps least (top-right, top-left, bottom-right, bottom-left, in
	// that order of preference on ties). If every corner would cover
	// data, the legend moves outside the axes, to the right, and the
	// data area shrinks to make room; Save settles this in a layout
	// pass, so the written files never show a legend over data unless a
	// fixed corner was requested.
	LegendAuto LegendPosition = iota
	// LegendTopLeft puts the legend inside the axes, top-left.
	LegendTopLeft
	// LegendTopRight puts the legend inside the axes, top-right.
	LegendTopRight
	// LegendBottomLeft puts the legend inside the axes, bottom-left.
	LegendBottomLeft
	// LegendBottomRight puts the legend inside the axes, bottom-right.
	LegendBottomRight
	// LegendOutsideRight puts the legend to the right of the axes; the
	// data area shrinks to make room.
	LegendOutsideRight
	// LegendNone draws no legend.
	LegendNone
)

// String returns the position's name.
func (p LegendPosition) String() string {
	switch p {
	case LegendAuto:
		return "auto"
	case LegendTopLeft:
		return "top-left"
	case LegendTopRight:
		return "top-right"
	case LegendBottomLeft:
		return "bottom-left"
	case LegendBottomRight:
		return "bottom-right"
	case LegendOutsideRight:
		return "outside-right"
	case LegendNone:
		return "none"
	}
	return "LegendPosition(?)"
}

// legendItem is one row of a legend.
type legendItem struct {
	name   string
	line   *draw.LineStyle  // nil: no line sample
	glyph  *draw.GlyphStyle // nil: no marker
	errBar bool             // draw a small error bar behind the marker
	cloud  bool             // draw a small cluster of markers
}

// legendBox lays out and draws a list of legend items with a
// translucent white background and a thin grey frame.
type legendBox struct {
	items []legendItem
	sty   text.Style
}

const (
	legendPad    = 5  // points, inside the frame
	legendThumb  = 30 // points, width of a line sample
	legendGap    = 6  // points, between sample and text
	legendInset  = 6  // points, between the frame and the axes
	legendMargin = 10 // points, between the axes and an outside legend
)

func newLegendBox() *legendBox {
	return &legendBox{sty: textStyle(legendSize, draw.XLeft, draw.YCenter)}
}

func (l *legendBox) add(it legendItem) {
	if it.name != "" {
		l.items = append(l.items, it)
	}
}

func (l *legendBox) rowHeight() vg.Length {
	return l.sty.FontExtents().Height * 1.3
}

// size returns the outer size of the legend frame.
func (l *legendBox) size() (w, h vg.Length) {
	var tw vg.Length
	for _, it := range l.items {
		tw = max(tw, l.sty.Width(it.name))
	}
	w = 2*legendPad + legendThumb + legendGap + tw
	h = 2*legendPad + l.rowHeight()*vg.Length(len(l.items))
	return w, h
}

// draw draws the legend with its frame's top-left corner at tl.
func (l *legendBox) draw(c draw.Canvas, tl vg.Point) {
	w, h := l.size()
	frame := []vg.Point{{X: tl.X, Y: tl.Y}, {X: tl.X + w, Y: tl.Y}, {X: tl.X + w, Y: tl.Y - h}, {X: tl.X, Y: tl.Y - h}}
	c.FillPolygon(legendFill, frame)
	c.StrokeLines(draw.LineStyle{Color: frameColor, Width: vg.Points(0.6)}, append(frame, frame[0]))

	rh := l.rowHeight()
	for i, it := range l.items {
		yc := tl.Y - legendPad - rh*(vg.Length(i)+0.5)
		x0 := tl.X + legendPad
		xm := x0 + legendThumb/2
		if it.line != nil {
			c.StrokeLine2(*it.line, x0, yc, x0+legendThumb, yc)
		}
		if it.errBar && it.glyph != nil {
			bar := draw.LineStyle{Color: it.glyph.Color, Width: vg.Points(1)}
			d := rh * 0.4
			c.StrokeLine2(bar, xm, yc-d, xm, yc+d)
			c.StrokeLine2(bar, xm-3, yc-d, xm+3, yc-d)
			c.StrokeLine2(bar, xm-3, yc+d, xm+3, yc+d)
		}
		if it.glyph != nil {
			if it.cloud {
				g := *it.glyph
				g.Color = opaque(g.Color, 0xC0)
				for _, o := range []vg.Point{{X: -6, Y: -2}, {X: 0, Y: 3}, {X: 6, Y: -1}, {X: -1, Y: -4}} {
					c.DrawGlyphNoClip(g, vg.Point{X: xm + o.X, Y: yc + o.Y})
				}
			} else {
				c.DrawGlyphNoClip(*it.glyph, vg.Point{X: xm, Y: yc})
			}
		}
		c.FillText(l.sty, vg.Point{X: x0 + legendThumb + legendGap, Y: yc}, it.name)
	}
}

// opaque returns clr with its alpha set to a (colours are converted to
// non-premultiplied RGBA).
func opaque(clr color.Color, a uint8) color.Color {
	n := color.NRGBAModel.Convert(clr).(color.NRGBA)
	n.A = a
	return n
}

// cornerTopLeft returns the top-left corner of a w × h legend placed in
// the given inside corner of the data area c.
func cornerTopLeft(c draw.Canvas, pos LegendPosition, w, h vg.Length) vg.Point {
	left := c.Min.X + legendInset
	right := c.Max.X - legendInset - w
	top := c.Max.Y - legendInset
	bottom := c.Min.Y + legendInset + h
	switch pos {
	case LegendTopLeft:
		return vg.Point{X: left, Y: top}
	case LegendBottomLeft:
		return vg.Point{X: left, Y: bottom}
	case LegendBottomRight:
		return vg.Point{X: right, Y: bottom}
	default:
		return vg.Point{X: right, Y: top}
	}
}

// autoCorners is the order of preference of LegendAuto.
var autoCorners = []LegendPosition{LegendTopRight, LegendTopLeft, LegendBottomRight, LegendBottomLeft}

// bestCorner returns the inside corner whose legend rectangle contains
// the fewest of the points pts, and that count.
func bestCorner(c draw.Canvas, w, h vg.Length, pts []vg.Point) (LegendPosition, int) {
	best, bestN := autoCorners[0], -1
	const slack = 3 // points: keep data this far from the frame
	for _, pos := range autoCorners {
		tl := cornerTopLeft(c, pos, w, h)
		r := vg.Rectangle{Min: vg.Point{X: tl.X - slack, Y: tl.Y - h - slack}, Max: vg.Point{X: tl.X + w + slack, Y: tl.Y + slack}}
		n := 0
		for _, p := range pts {
			if p.X >= r.Min.X && p.X <= r.Max.X && p.Y >= r.Min.Y && p.Y <= r.Max.Y {
				n++
			}
		}
		if bestN < 0 || n < bestN {
			best, bestN = pos, n
		}
	}
	return best, bestN
}

// axesLegend is a plot.Plotter that draws a legend for a chart with
// Cartesian axes. It must be the last plotter added, so it is drawn
// over the data. For LegendOutsideRight (and for LegendAuto when no
// corner is free) its GlyphBoxes reserve room to the right of the axes.
type axesLegend struct {
	box *legendBox
	pos LegendPosition
	// avoid returns, in canvas coordinates, the points the legend
	// should not cover.
	avoid func(c draw.Canvas, p *plot.Plot) []vg.Point
	// outside records the layout decision of LegendAuto for the next
	// draw: true when no corner was free.
	outside bool
}

var (
	_ plot.Plotter    = (*axesLegend)(nil)
	_ plot.GlyphBoxer = (*axesLegend)(nil)
)

func (l *axesLegend) active() bool {
	return l.pos != LegendNone && len(l.box.items) > 0
}

func (l *axesLegend) reserves() bool {
	return l.active() && (l.pos == LegendOutsideRight || (l.pos == LegendAuto && l.outside))
}

// GlyphBoxes implements plot.GlyphBoxer: when the legend sits outside
// the axes it claims room on the right, which shrinks the data area.
func (l *axesLegend) GlyphBoxes(*plot.Plot) []plot.GlyphBox {
	if !l.reserves() {
		return nil
	}
	w, _ := l.box.size()
	return []plot.GlyphBox{{
		X: 1,
		Rectangle: vg.Rectangle{
			Min: vg.Point{X: legendMargin},
			Max: vg.Point{X: legendMargin + w},
		},
	}}
}

// Plot implements plot.Plotter.
func (l *axesLegend) Plot(c draw.Canvas, p *plot.Plot) {
	if !l.active() {
		return
	}
	w, h := l.box.size()
	if l.reserves() {
		if l.pos == LegendAuto {
			// Would a corner be free if the room were given back?
			wide := c
			wide.Max.X += legendMargin + w
			if _, n := bestCorner(wide, w, h, l.avoid(wide, p)); n == 0 {
				l.outside = false
			}
		}
		l.box.draw(c, vg.Point{X: c.Max.X + legendMargin, Y: c.Max.Y})
		return
	}
	pos := l.pos
	if pos == LegendAuto {
		var n int
		pos, n = bestCorner(c, w, h, l.avoid(c, p))
		if n > 0 {
			l.outside = true
		}
	}
	l.box.draw(c, cornerTopLeft(c, pos, w, h))
}
