package figures_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/tiltkit/tiltkit/figures"
)

// Example draws a reward-versus-KL figure with a reference line, saves
// it as SVG and PNG, and reads the SVG's texts back as a test would.
func Example() {
	dir, err := os.MkdirTemp("", "figures-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	p, err := figures.Lines(figures.LinesOptions{
		Title:  "Reward vs KL",
		XLabel: "KL divergence (nats/token)",
		YLabel: "reward (nats/token)",
		Series: []figures.Series{
			{Name: "RL (theory)", X: []float64{0, 0.1, 0.2, 0.3}, Y: []float64{-1.5, -1.2, -1.05, -0.95}},
			{Name: "best-of-N", X: []float64{0, 0.1, 0.2}, Y: []float64{-1.5, -1.25, -1.1},
				Lo: []float64{-1.55, -1.3, -1.2}, Hi: []float64{-1.45, -1.2, -1.0}, Markers: true},
		},
		Refs: []figures.RefLine{{Y: -1, Label: "limit"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	svgPath, pngPath, err := figures.Save(p, dir, "reward_vs_kl", figures.Width, figures.Height)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(filepath.Base(svgPath), filepath.Base(pngPath))

	texts, err := figures.SVGTitles(svgPath)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(texts[0])
	fmt.Println(figures.CheckSVGTexts(svgPath, "KL divergence (nats/token)", "reward (nats/token)", "best-of-N", "limit"))
	// Output:
	// reward_vs_kl.svg reward_vs_kl.png
	// Reward vs KL
	// <nil>
}
