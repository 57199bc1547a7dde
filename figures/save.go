package figures

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// margin is the white border Save leaves around a figure, so that no
// text touches the edge of the image.
const margin = 0.12 * vg.Inch

// Save writes p as dir/name.svg and dir/name.png (at DPI dots per
// inch), creating dir if needed, and returns the two paths. Use Width
// and Height for the house figure size:
//
//	svgPath, pngPath, err := figures.Save(p, "out", "reward_vs_kl", figures.Width, figures.Height)
//
// The output is deterministic: the same plot and size give
// byte-identical files (no timestamps or random identifiers). Save
// first lays the figure out on a scratch canvas so that automatically
// placed legends (LegendAuto) settle before anything is written. Fonts
// are not embedded in the SVG; it names the Liberation Sans family.
//
// name must be a plain file name without extension or path separator.
// Drawing updates the layout state of automatic legends, so one plot
// must not be saved from two goroutines at once.
func Save(p *plot.Plot, dir, name string, w, h vg.Length) (svgPath, pngPath string, err error) {
	if p == nil {
		return "", "", errors.New("figures: Save of a nil plot")
	}
	if name == "" || name != filepath.Base(name) || strings.ContainsAny(name, `/\`) || name == "." || name == ".." {
		return "", "", fmt.Errorf("figures: invalid figure name %q", name)
	}
	if !(w > 0) || !(h > 0) {
		return "", "", fmt.Errorf("figures: invalid figure size %v × %v", w, h)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", "", fmt.Errorf("figures: %w", err)
	}

	svgBytes, pngBytes, err := render(p, w, h)
	if err != nil {
		return "", "", err
	}
	svgPath = filepath.Join(dir, name+".svg")
	pngPath = filepath.Join(dir, name+".png")
	if err := os.WriteFile(svgPath, svgBytes, 0o644); err != nil {
		return "", "", fmt.Errorf("figures: %w", err)
	}
	if err := os.WriteFile(pngPath, pngBytes, 0o644); err != nil {
		return "", "", fmt.Errorf("figures: %w", err)
	}
	return svgPath, pngPath, nil
}

// render draws p to SVG and PNG in memory. Drawing can panic inside
// gonum/plot (for example on an unparsable label); that is returned as
// an error.
func render(p *plot.Plot, w, h vg.Length) (svgBytes, pngBytes []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("figures: drawing failed: %v", r)
		}
	}()

	// Layout pass: lets plotters that decide their layout while
	// drawing (the automatic legend) settle.
	drawFigure(p, draw.NewCanvas(new(recorder.Canvas), w, h))

	sc := vgsvg.New(w, h)
	drawFigure(p, draw.New(sc))
	var sb bytes.Buffer
	if _, err := sc.WriteTo(&sb); err != nil {
		return nil, nil, fmt.Errorf("figures: writing SVG: %w", err)
	}

	ic := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(DPI))
	drawFigure(p, draw.New(ic))
	var pb bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: ic}).WriteTo(&pb); err != nil {
		return nil, nil, fmt.Errorf("figures: writing PNG: %w", err)
	}
	return sb.Bytes(), pb.Bytes(), nil
}

// drawFigure paints the whole canvas white (an SVG is otherwise
// transparent in the margin) and draws p inside the margin.
func drawFigure(p *plot.Plot, c draw.Canvas) {
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	p.Draw(draw.Crop(c, margin, -margin, margin, -margin))
}
