package frontier

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/tiltkit/tiltkit/figures"
)

// PlotOptions labels a frontier figure.
type PlotOptions struct {
	// Title is the figure title; empty means "Reward–KL frontier".
	Title string
	// RewardLabel names the reward's unit on the y axis; empty means
	// "expected reward".
	RewardLabel string
}

// Plot draws the frontier in the house style of package figures: expected
// reward against KL from the reference (nats), the optimal tilt at each
// best-of-N KL as a curve (Result.Curve when present, else the rows), and
// best-of-N (plug-in, on the empirical distribution) as points with their
// 95% bootstrap intervals, each labelled with its N (rows flagged
// Unreliable are drawn as a separate series), and the plug-in best-of-N for
// real N as a dotted curve when Result.Curve is present. Intervals are widened to contain their point where
// the percentile bootstrap does not.
func Plot(res *Result, opt PlotOptions) (*plot.Plot, error) {
	if len(res.Rows) == 0 {
		return nil, fmt.Errorf("frontier: nothing to plot")
	}
	title := opt.Title
	if title == "" {
		title = "Reward–KL frontier"
	}
	ylabel := opt.RewardLabel
	if ylabel == "" {
		ylabel = "expected reward"
	}
	var tilt, bonCurve figures.Series
	tilt.Name = "optimal tilt at the same KL"
	bonCurve.Name = "best-of-N, real N"
	if len(res.Curve) > 0 {
		for _, c := range res.Curve {
			tilt.X, tilt.Y = append(tilt.X, c.KLBon), append(tilt.Y, c.RewardTilt)
			bonCurve.X, bonCurve.Y = append(bonCurve.X, c.KLBon), append(bonCurve.Y, c.RewardBon)
		}
	} else {
		for _, r := range res.Rows {
			tilt.X, tilt.Y = append(tilt.X, r.KLBon.Value), append(tilt.Y, r.RewardTilt.Value)
		}
	}
	pts := figures.Series{Name: "best-of-N (95% bootstrap interval)", NoLine: true}
	bad := figures.Series{Name: "best-of-N, flagged unreliable", NoLine: true, Color: figures.Vermillion}
	for _, r := range res.Rows {
		v := r.RewardBon
		lo, hi := v.Lo, v.Hi
		if math.IsNaN(lo) || math.IsNaN(hi) {
			lo, hi = v.Value, v.Value
		}
		s := &pts
		if r.Unreliable {
			s = &bad
		}
		s.X = append(s.X, r.KLBon.Value)
		s.Y = append(s.Y, v.Value)
		s.Lo = append(s.Lo, math.Min(lo, v.Value))
		s.Hi = append(s.Hi, math.Max(hi, v.Value))
	}
	// Series positions fix dash patterns and marker shapes: 0 solid line,
	// 1 squares, 2 dotted line, 3 diamonds.
	series := []figures.Series{tilt}
	if len(pts.X) > 0 {
		series = append(series, pts)
	} else {
		series = append(series, figures.Series{X: tilt.X[:1], Y: tilt.Y[:1], NoLine: true, Color: figures.Vermillion})
	}
	if len(bonCurve.X) > 0 {
		series = append(series, bonCurve)
	} else {
		series = append(series, figures.Series{X: tilt.X[:1], Y: tilt.Y[:1]}) // invisible under the tilt curve's start
	}
	if len(bad.X) > 0 {
		series = append(series, bad)
	}
	p, err := figures.Lines(figures.LinesOptions{
		Title:  title,
		XLabel: "KL divergence from the reference (nats)",
		YLabel: ylabel,
		Series: series,
	})
	if err != nil {
		return nil, err
	}
	// N labels beside the best-of-N points.
	var xys plotter.XYs
	var labels []string
	for _, r := range res.Rows {
		xys = append(xys, plotter.XY{X: r.KLBon.Value, Y: r.RewardBon.Value})
		labels = append(labels, "N="+strconv.FormatFloat(r.N, 'g', 6, 64))
	}
	lb, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: labels})
	if err != nil {
		return nil, err
	}
	for i := range lb.TextStyle {
		lb.TextStyle[i].Font = p.X.Tick.Label.Font
		lb.TextStyle[i].Font.Size = vg.Points(9)
		lb.TextStyle[i].Color = figures.Black
		lb.TextStyle[i].XAlign = draw.XRight
		lb.TextStyle[i].YAlign = draw.YBottom
	}
	lb.Offset = vg.Point{X: -vg.Points(5), Y: vg.Points(3)}
	p.Add(lb)
	return p, nil
}

// SavePlot draws the frontier (Plot) and writes it to path, as SVG or PNG
// according to the extension (.svg or .png), at the house size
// figures.Width × figures.Height.
func SavePlot(res *Result, opt PlotOptions, path string) error {
	ext := strings.ToLower(filepath.Ext(path))
	if ext != ".svg" && ext != ".png" {
		return fmt.Errorf("plot file %q: expected a name ending in .svg or .png", path)
	}
	p, err := Plot(res, opt)
	if err != nil {
		return err
	}
	// figures.Save writes both formats into a directory; keep the one asked for.
	dir, err := os.MkdirTemp("", "tiltkit-frontier-plot")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	svgPath, pngPath, err := figures.Save(p, dir, "frontier", figures.Width, figures.Height)
	if err != nil {
		return err
	}
	src := svgPath
	if ext == ".png" {
		src = pngPath
	}
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}
