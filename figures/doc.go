// Package figures is tiltkit's plotting layer: a small house style on
// top of gonum.org/v1/plot and the chart types the paper's figures
// need. It takes plain data (slices of float64, barycentric 3-vectors,
// small option structs) and imports no other tiltkit package, so the
// mathematical packages stay free of plotting dependencies.
//
// NewPlot returns an empty plot in the house style: sans-serif text
// sized for a 6.5 in × 4.5 in figure (Width × Height), a light grid,
// and the colour-blind-safe Okabe–Ito Palette. Series i is drawn with
// SeriesColor(i), SeriesDashes(i) and SeriesGlyph(i), so every figure
// also reads in greyscale.
//
// Lines draws named series (reward against KL divergence, convergence
// over the sequence length m on a logarithmic axis, and so on), with
// optional error bars, markers and horizontal reference lines. Simplex
// draws the probability simplex on three outcomes as an equilateral
// ternary plot with barycentric grid, ticks and labelled vertices,
// carrying named points (p, q, φ_δ), curves (the aligned family, KL and
// reward contours) and point clouds (types of best-of-N samples), as
// in Figure 1 of the paper. Both place their legend where it covers no
// data (LegendAuto), or where the caller says.
//
// Save writes a plot as SVG and as PNG at DPI dots per inch,
// deterministically. SVGTitles and CheckSVGTexts read the text of a
// saved SVG back, for tests that check a figure has its title, axis
// labels and legend.
package figures
