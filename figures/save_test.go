package figures

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

func TestSaveDeterministic(t *testing.T) {
	build := func() []byte {
		p, err := Simplex(fig1Options())
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		svgPath, pngPath, err := Save(p, dir, "fig", Width, Height)
		if err != nil {
			t.Fatal(err)
		}
		if svgPath != filepath.Join(dir, "fig.svg") || pngPath != filepath.Join(dir, "fig.png") {
			t.Errorf("paths %q, %q", svgPath, pngPath)
		}
		s, _ := os.ReadFile(svgPath)
		q, _ := os.ReadFile(pngPath)
		return append(s, q...)
	}
	if a, b := build(), build(); !bytes.Equal(a, b) {
		t.Error("two saves of the same figure differ")
	}
}

func TestSaveErrors(t *testing.T) {
	p := NewPlot("t", "x", "y")
	dir := t.TempDir()
	for _, name := range []string{"", "a/b", "..", ".", `a\b`} {
		if _, _, err := Save(p, dir, name, Width, Height); err == nil {
			t.Errorf("name %q: want an error", name)
		}
	}
	if _, _, err := Save(p, dir, "zero", 0, Height); err == nil {
		t.Error("zero width: want an error")
	}
	if _, _, err := Save(nil, dir, "nil", Width, Height); err == nil {
		t.Error("nil plot: want an error")
	}
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Save(p, filepath.Join(file, "sub"), "x", Width, Height); err == nil {
		t.Error("directory under a file: want an error")
	}
	// Nested directories are created.
	if _, _, err := Save(p, filepath.Join(dir, "a", "b"), "ok", 2*vg.Inch, 2*vg.Inch); err != nil {
		t.Errorf("nested dir: %v", err)
	}
}

func TestNewPlotStyle(t *testing.T) {
	p := NewPlot("My title", "KL divergence (nats)", "reward (nats)")
	l, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 2}})
	if err != nil {
		t.Fatal(err)
	}
	l.LineStyle = SeriesLineStyle(0)
	p.Add(l)
	p.Legend.Add("line", l)
	if p.Title.TextStyle.Font.Size.Points() <= p.X.Label.TextStyle.Font.Size.Points() ||
		p.X.Label.TextStyle.Font.Size.Points() <= p.X.Tick.Label.Font.Size.Points() ||
		p.X.Tick.Label.Font.Size.Points() < 10 {
		t.Error("font sizes should decrease title > label > tick ≥ 10 pt")
	}
	if !strings.Contains(p.Title.TextStyle.Font.Name(), "Sans") {
		t.Errorf("title font %q, want the sans-serif face", p.Title.TextStyle.Font.Name())
	}
	saveAndCheck(t, p, "newplot", "My title", "KL divergence (nats)", "reward (nats)", "line")
}

func TestPaletteAndStyles(t *testing.T) {
	seen := map[[4]uint32]bool{}
	for i := range Palette {
		r, g, b, a := SeriesColor(i).RGBA()
		k := [4]uint32{r, g, b, a}
		if seen[k] {
			t.Errorf("colour %d repeats", i)
		}
		seen[k] = true
	}
	if SeriesColor(len(Palette)) != SeriesColor(0) || SeriesColor(-1) != SeriesColor(len(Palette)-1) {
		t.Error("SeriesColor does not cycle")
	}
	dashes := map[string]bool{}
	for i := range dashPatterns {
		k := ""
		for _, d := range SeriesDashes(i) {
			k += strconv.FormatFloat(d.Points(), 'g', -1, 64) + ","
		}
		if dashes[k] {
			t.Errorf("dash pattern %d repeats", i)
		}
		dashes[k] = true
	}
	if SeriesDashes(0) != nil {
		t.Error("series 0 should be solid")
	}
	if SeriesGlyph(0) == SeriesGlyph(1) || SeriesGlyph(numMarkers) != SeriesGlyph(0) {
		t.Error("markers should differ and cycle")
	}
	if SeriesLineStyle(2).Color != SeriesColor(2) || SeriesGlyphStyle(3).Shape != SeriesGlyph(3) {
		t.Error("styles disagree with their parts")
	}
}
