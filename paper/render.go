package paper

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"

	"github.com/tiltkit/tiltkit/figures"
)

// Plot builds the figure's plot (package figures).
func (f *Figure) Plot() (*plot.Plot, error) {
	if f.Lines != nil {
		return figures.Lines(*f.Lines)
	}
	return figures.Simplex(*f.Simplex)
}

// claimJSON is one entry of claims.json (SPEC: id, title, status,
// evidence; the rest are additions).
type claimJSON struct {
	ID        string         `json:"id"`
	Title     string         `json:"title"`
	Status    Status         `json:"status"`
	Statement string         `json:"statement"`
	Criterion string         `json:"criterion"`
	Why       string         `json:"why"`
	Headline  string         `json:"headline"`
	Evidence  map[string]any `json:"evidence"`
	Figures   []string       `json:"figures,omitempty"`
}

// JSON returns claims.json.
func (r *Report) JSON() ([]byte, error) {
	out := struct {
		Tool    string      `json:"tool"`
		Version string      `json:"version"`
		Command string      `json:"command"`
		Level   string      `json:"level"`
		Paper   string      `json:"paper"`
		Claims  []claimJSON `json:"claims"`
	}{"tiltkit", r.Version, r.Command, r.Level.String(), paperTitle, nil}
	for _, c := range r.Claims {
		cj := claimJSON{ID: c.ID, Title: c.Title, Status: c.Status, Statement: c.Statement, Criterion: c.Criterion, Why: c.Why, Headline: c.Headline, Evidence: c.Evidence}
		for _, f := range c.Figures {
			cj.Figures = append(cj.Figures, f.Name)
		}
		out.Claims = append(out.Claims, cj)
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

const paperTitle = "Asymptotics of Language Model Alignment (April 2024)"

// Write writes every figure (NAME.svg, NAME.png), claims.json, report.md and
// the self-contained report.html into dir, creating it if needed.
func (r *Report) Write(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	svgs := map[string][]byte{}
	for _, f := range r.Figures() {
		p, err := f.Plot()
		if err != nil {
			return fmt.Errorf("figure %s: %w", f.Name, err)
		}
		svgPath, _, err := figures.Save(p, dir, f.Name, figures.Width, figures.Height)
		if err != nil {
			return fmt.Errorf("figure %s: %w", f.Name, err)
		}
		b, err := os.ReadFile(svgPath)
		if err != nil {
			return err
		}
		svgs[f.Name] = b
	}
	js, err := r.JSON()
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "claims.json"), js, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "report.md"), []byte(r.Markdown()), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "report.html"), []byte(r.HTML(svgs)), 0o644)
}

// Counts returns how many claims have each status.
func (r *Report) Counts() map[Status]int {
	m := map[Status]int{}
	for _, c := range r.Claims {
		m[c.Status]++
	}
	return m
}

func (r *Report) countLine() string {
	n := r.Counts()
	return fmt.Sprintf("%d items: %d reproduced, %d partly, %d not reproduced.", len(r.Claims), n[Reproduced], n[Partly], n[NotReproduced])
}

// mdCell escapes a table cell for Markdown.
func mdCell(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "|", "\\|"), "\n", " ")
}

func mdTable(b *strings.Builder, t Table) {
	if t.Caption != "" {
		fmt.Fprintf(b, "*%s*\n\n", mdCell(t.Caption))
	}
	cells := make([]string, len(t.Header))
	for i, h := range t.Header {
		cells[i] = mdCell(h)
	}
	fmt.Fprintf(b, "| %s |\n|%s\n", strings.Join(cells, " | "), strings.Repeat(" --- |", len(t.Header)))
	for _, row := range t.Rows {
		cells := make([]string, len(row))
		for i, c := range row {
			cells[i] = mdCell(c)
		}
		fmt.Fprintf(b, "| %s |\n", strings.Join(cells, " | "))
	}
	b.WriteString("\n")
}

// Markdown returns report.md (figures are linked as NAME.png).
func (r *Report) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s — reproduced by tiltkit\n\n", paperTitle)
	fmt.Fprintf(&b, "tiltkit %s, level %s. Regenerate with:\n\n    %s\n\n", r.Version, r.Level, r.Command)
	fmt.Fprintf(&b, "Natural logarithms (nats) throughout. %s Each status is decided by the criterion stated in its section, computed, never set by hand.\n\n", r.countLine())
	b.WriteString("## Summary\n\n| item | status | key result |\n| --- | --- | --- |\n")
	for _, c := range r.Claims {
		fmt.Fprintf(&b, "| [%s](#%s) | **%s** | %s |\n", mdCell(c.Title), c.ID, c.Status, mdCell(c.Headline))
	}
	b.WriteString("\n")
	for _, c := range r.Claims {
		fmt.Fprintf(&b, "<a id=\"%s\"></a>\n## %s — %s\n\n", c.ID, c.Title, c.Status)
		fmt.Fprintf(&b, "`%s`\n\n", c.ID)
		fmt.Fprintf(&b, "**Statement.** %s\n\n", c.Statement)
		fmt.Fprintf(&b, "**Result.** %s\n\n", c.Headline)
		fmt.Fprintf(&b, "**Paper.** %s\n\n", c.Paper)
		fmt.Fprintf(&b, "**Computed.** %s\n\n", c.Computed)
		fmt.Fprintf(&b, "**Criterion.** %s\n\n", c.Criterion)
		fmt.Fprintf(&b, "**Status: %s.** %s\n\n", c.Status, c.Why)
		for _, t := range c.Tables {
			mdTable(&b, t)
		}
		for _, f := range c.Figures {
			fmt.Fprintf(&b, "![%s](%s.png)\n\n*%s* (`%s.svg`, `%s.png`)\n\n", f.Title(), f.Name, f.Caption, f.Name, f.Name)
		}
		for _, n := range c.Notes {
			fmt.Fprintf(&b, "- %s\n", n)
		}
		if len(c.Notes) > 0 {
			b.WriteString("\n")
		}
	}
	return b.String()
}

const css = `
:root{--fg:#1d1d1f;--muted:#5f6368;--line:#d9dce1;--bg:#fff;--soft:#f6f7f9;--ok:#1a7f37;--part:#9a6700;--bad:#cf222e}
*{box-sizing:border-box}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Liberation Sans",Arial,sans-serif;color:var(--fg);background:var(--bg)}
.wrap{max-width:1040px;margin:0 auto;padding:24px 28px 80px}
h1{font-size:1.7em;line-height:1.25;margin:.2em 0 .3em}
h2{font-size:1.3em;margin:2.2em 0 .4em;padding-top:.6em;border-top:1px solid var(--line)}
.meta{color:var(--muted)}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:.9em}
code{background:var(--soft);padding:.1em .35em;border-radius:4px}
pre{background:var(--soft);padding:12px;border-radius:6px;overflow:auto;max-height:360px}
table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:.88em;display:block;overflow-x:auto}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:var(--soft)}
caption{caption-side:top;text-align:left;color:var(--muted);font-style:italic;padding:0 0 4px}
.badge{display:inline-block;padding:.05em .55em;border-radius:999px;font-size:.8em;font-weight:600;color:#fff;white-space:nowrap;vertical-align:middle}
.s-reproduced{background:var(--ok)}.s-partly{background:var(--part)}.s-not{background:var(--bad)}
dl{display:grid;grid-template-columns:8.5em 1fr;gap:.35em 1em;margin:.8em 0}
dt{font-weight:600;color:var(--muted)}dd{margin:0}
.statement{font-size:1.05em;background:var(--soft);border-left:4px solid #0072b2;padding:.6em .9em;margin:.6em 0}
figure{margin:1.2em 0;text-align:center}
figure img{width:100%;max-width:900px;height:auto;border:1px solid var(--line);border-radius:6px;background:#fff}
figcaption{color:var(--muted);font-size:.92em;text-align:left;margin-top:.4em}
nav ol{columns:2;font-size:.92em}
.id{color:var(--muted);font-weight:400;font-size:.8em}
ul.notes{color:var(--muted);font-size:.95em}
`

func badge(s Status) string {
	cls := map[Status]string{Reproduced: "s-reproduced", Partly: "s-partly", NotReproduced: "s-not"}[s]
	return fmt.Sprintf(`<span class="badge %s">%s</span>`, cls, html.EscapeString(string(s)))
}

func htmlTable(b *strings.Builder, t Table) {
	b.WriteString("<table>")
	if t.Caption != "" {
		fmt.Fprintf(b, "<caption>%s</caption>", html.EscapeString(t.Caption))
	}
	b.WriteString("<thead><tr>")
	for _, h := range t.Header {
		fmt.Fprintf(b, "<th>%s</th>", html.EscapeString(h))
	}
	b.WriteString("</tr></thead><tbody>")
	for _, row := range t.Rows {
		b.WriteString("<tr>")
		for _, c := range row {
			fmt.Fprintf(b, "<td>%s</td>", html.EscapeString(c))
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</tbody></table>\n")
}

// HTML returns the self-contained report.html: figures are inlined as SVG
// data URIs, the style sheet is inline, nothing is loaded from outside.
func (r *Report) HTML(svgs map[string][]byte) string {
	var b strings.Builder
	e := html.EscapeString
	fmt.Fprintf(&b, "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n<title>%s — tiltkit</title>\n<style>%s</style></head><body><div class=\"wrap\">\n", e(paperTitle), css)
	fmt.Fprintf(&b, "<h1>%s<br><span class=\"id\">reproduced by tiltkit</span></h1>\n", e(paperTitle))
	fmt.Fprintf(&b, "<p class=\"meta\">tiltkit %s · level %s · regenerate with <code>%s</code><br>Natural logarithms (nats) throughout. %s Each status is decided by the criterion stated in its section, computed, never set by hand.</p>\n", e(r.Version), e(r.Level.String()), e(r.Command), e(r.countLine()))
	b.WriteString("<h2 id=\"summary\">Summary</h2>\n<table><thead><tr><th>item</th><th>status</th><th>key result</th></tr></thead><tbody>")
	for _, c := range r.Claims {
		fmt.Fprintf(&b, "<tr><td><a href=\"#%s\">%s</a><br><code>%s</code></td><td>%s</td><td>%s</td></tr>", c.ID, e(c.Title), c.ID, badge(c.Status), e(c.Headline))
	}
	b.WriteString("</tbody></table>\n<nav><h2 id=\"contents\">Contents</h2><ol>")
	for _, c := range r.Claims {
		fmt.Fprintf(&b, "<li><a href=\"#%s\">%s</a></li>", c.ID, e(c.Title))
	}
	b.WriteString("</ol></nav>\n")
	for _, c := range r.Claims {
		fmt.Fprintf(&b, "<section id=\"%s\"><h2>%s %s <span class=\"id\">%s</span></h2>\n", c.ID, e(c.Title), badge(c.Status), c.ID)
		fmt.Fprintf(&b, "<p class=\"statement\">%s</p>\n<dl><dt>Result</dt><dd>%s</dd><dt>Paper</dt><dd>%s</dd><dt>Computed</dt><dd>%s</dd><dt>Criterion</dt><dd>%s</dd><dt>Status</dt><dd>%s %s</dd></dl>\n",
			e(c.Statement), e(c.Headline), e(c.Paper), e(c.Computed), e(c.Criterion), badge(c.Status), e(c.Why))
		for _, t := range c.Tables {
			htmlTable(&b, t)
		}
		for _, f := range c.Figures {
			svg := bytes.TrimSpace(svgs[f.Name])
			fmt.Fprintf(&b, "<figure><img alt=\"%s\" src=\"data:image/svg+xml;base64,%s\"><figcaption>%s <code>%s.svg</code> <code>%s.png</code></figcaption></figure>\n",
				e(f.Title()), base64.StdEncoding.EncodeToString(svg), e(f.Caption), f.Name, f.Name)
		}
		if len(c.Notes) > 0 {
			b.WriteString("<ul class=\"notes\">")
			for _, n := range c.Notes {
				fmt.Fprintf(&b, "<li>%s</li>", e(n))
			}
			b.WriteString("</ul>\n")
		}
		if ev, err := json.MarshalIndent(c.Evidence, "", "  "); err == nil {
			fmt.Fprintf(&b, "<details><summary>Evidence (as in claims.json)</summary><pre>%s</pre></details>\n", e(string(ev)))
		}
		b.WriteString("</section>\n")
	}
	b.WriteString("</div></body></html>\n")
	return b.String()
}
