package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tiltkit/tiltkit/figures"
	"github.com/tiltkit/tiltkit/paper"
)

// TestPaperQuick runs `tiltkit paper --quick` and checks claims.json: every
// id SPEC requires, statuses from the allowed set, Table 2 exactly as in the
// paper; and that every figure exists as SVG (with its title) and PNG, and
// report.html loads nothing from outside.
func TestPaperQuick(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := runCLI("paper", "--quick", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	if !strings.Contains(out, "claims.json") {
		t.Errorf("stdout %q", out)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "claims.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Version string `json:"version"`
		Command string `json:"command"`
		Claims  []struct {
			ID       string         `json:"id"`
			Title    string         `json:"title"`
			Status   string         `json:"status"`
			Evidence map[string]any `json:"evidence"`
			Figures  []string       `json:"figures"`
		} `json:"claims"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version == "" || !strings.Contains(doc.Command, "paper --out") {
		t.Errorf("version %q, command %q", doc.Version, doc.Command)
	}
	seen := map[string]bool{}
	allowed := map[string]bool{"reproduced": true, "partly": true, "not reproduced": true}
	for _, c := range doc.Claims {
		if seen[c.ID] {
			t.Errorf("duplicate id %s", c.ID)
		}
		seen[c.ID] = true
		if !allowed[c.Status] {
			t.Errorf("%s: status %q", c.ID, c.Status)
		}
		if c.Title == "" || len(c.Evidence) == 0 {
			t.Errorf("%s: empty title or evidence", c.ID)
		}
		for _, f := range c.Figures {
			for _, ext := range []string{".svg", ".png"} {
				if st, err := os.Stat(filepath.Join(dir, f+ext)); err != nil || st.Size() == 0 {
					t.Errorf("%s: figure %s%s missing", c.ID, f, ext)
				}
			}
		}
	}
	for _, id := range paper.RequiredIDs {
		if !seen[id] {
			t.Errorf("claims.json lacks %s", id)
		}
	}
	// Table 2: every cell exactly the paper's fraction.
	for _, c := range doc.Claims {
		if c.ID != "table-2" {
			continue
		}
		cells, _ := c.Evidence["cells"].([]any)
		if len(cells) != 9 {
			t.Fatalf("table-2 has %d cells", len(cells))
		}
		for _, x := range cells {
			cell := x.(map[string]any)
			y1, y2 := int(cell["y1"].(float64)), int(cell["y2"].(float64))
			if got, want := cell["tiltkit"], paper.PaperTable2[y2][y1]; got != want {
				t.Errorf("π(%d, %d) = %v, paper %s", y1, y2, got, want)
			}
		}
		if c.Status != "reproduced" {
			t.Errorf("table-2 status %q", c.Status)
		}
	}
	html, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<script", "<link", `src="http`, `href="http`, "@import", "url(http"} {
		if strings.Contains(string(html), bad) {
			t.Errorf("report.html is not self-contained: contains %q", bad)
		}
	}
	if !strings.Contains(string(html), "data:image/svg+xml;base64,") || !strings.Contains(string(html), "table-2") {
		t.Error("report.html lacks inlined figures or sections")
	}
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil || !strings.Contains(string(md), "49/625") {
		t.Errorf("report.md: %v", err)
	}
	// Every SVG parses and carries its title.
	svgs, _ := filepath.Glob(filepath.Join(dir, "*.svg"))
	if len(svgs) < 15 {
		t.Errorf("only %d SVG figures", len(svgs))
	}
	for _, s := range svgs {
		if _, err := figures.SVGTitles(s); err != nil {
			t.Errorf("%s: %v", s, err)
		}
	}
	if err := figures.CheckSVGTexts(filepath.Join(dir, "figure-1.svg"), "Figure 1: Example 1 on the probability simplex", "y = 1", "y = 2", "y = 3"); err != nil {
		t.Error(err)
	}
}

func TestPaperBadInput(t *testing.T) {
	if code, _, errs := runCLI("paper"); code != 2 || !strings.Contains(errs, "--out") {
		t.Errorf("missing --out: exit %d, %q", code, errs)
	}
	if code, _, errs := runCLI("paper", "--out", t.TempDir(), "--quick", "--full"); code != 2 || !strings.Contains(errs, "--quick") {
		t.Errorf("--quick --full: exit %d, %q", code, errs)
	}
}
