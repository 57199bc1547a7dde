package figures

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"os"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"
)

// saveAndCheck saves p at the house size into a temporary directory,
// checks that both files exist, that the PNG decodes at 975 × 675
// pixels, that the SVG is well-formed XML, and that its texts include
// want. It returns the SVG path.
func saveAndCheck(t *testing.T, p *plot.Plot, name string, want ...string) string {
	t.Helper()
	dir := t.TempDir()
	svgPath, pngPath, err := Save(p, dir, name, Width, Height)
	if err != nil {
		t.Fatalf("Save: %v", err)
	}
	raw, err := os.ReadFile(pngPath)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("PNG does not decode: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 975 || b.Dy() != 675 {
		t.Errorf("PNG is %d × %d pixels, want 975 × 675 (6.5 in × 4.5 in at 150 dpi)", b.Dx(), b.Dy())
	}
	svg, err := os.ReadFile(svgPath)
	if err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(bytes.NewReader(svg))
	for {
		_, err := dec.Token()
		if err != nil {
			if err.Error() != "EOF" {
				t.Fatalf("SVG is not well-formed XML: %v", err)
			}
			break
		}
	}
	if err := CheckSVGTexts(svgPath, want...); err != nil {
		t.Error(err)
	}
	return svgPath
}

// record draws p as Save does (layout pass, then the real one) onto a
// recorder and returns the actions of the real pass.
func record(p *plot.Plot, w, h vg.Length) []recorder.Action {
	drawFigure(p, draw.NewCanvas(new(recorder.Canvas), w, h))
	rec := new(recorder.Canvas)
	drawFigure(p, draw.NewCanvas(rec, w, h))
	return rec.Actions
}

// textAt returns the position at which the string s was drawn, and
// whether it was.
func textAt(actions []recorder.Action, s string) (vg.Point, bool) {
	for _, a := range actions {
		if fs, ok := a.(*recorder.FillString); ok && fs.String == s {
			return fs.Point, true
		}
	}
	return vg.Point{}, false
}
