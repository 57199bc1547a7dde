package figures

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestSVGTitles(t *testing.T) {
	path := writeFile(t, "a.svg", `<?xml version="1.0"?>
<!-- a comment with <text>not this</text> -->
<svg xmlns="http://www.w3.org/2000/svg" width="10pt" height="10pt">
<g transform="scale(1, -1)">
  <text x="1" y="2">  Title &amp; more  </text>
  <rect width="1" height="1"/>
  <text x="1" y="3">a<tspan>b</tspan>c</text>
  <text>KL divergence (nats) &#34;q&#34; φ_δ</text>
  <text></text>
</g>
</svg>
`)
	got, err := SVGTitles(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Title & more", "abc", `KL divergence (nats) "q" φ_δ`, ""}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("SVGTitles = %q, want %q", got, want)
	}

	if err := CheckSVGTexts(path, "Title & more", "abc"); err != nil {
		t.Errorf("CheckSVGTexts: %v", err)
	}
	err = CheckSVGTexts(path, "abc", "missing one", "Title")
	if err == nil || !strings.Contains(err.Error(), `"missing one"`) || !strings.Contains(err.Error(), `"Title"`) {
		t.Errorf("CheckSVGTexts error = %v, want both missing strings named", err)
	}
}

func TestSVGTitlesErrors(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]string{
		"malformed.svg": `<svg><text>unclosed</svg>`,
		"notsvg.svg":    `<html><text>x</text></html>`,
		"empty.svg":     ``,
	}
	for name, content := range cases {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if texts, err := SVGTitles(path); err == nil {
			t.Errorf("%s: SVGTitles = %q, want an error", name, texts)
		}
	}
	if _, err := SVGTitles(filepath.Join(dir, "does-not-exist.svg")); err == nil {
		t.Error("missing file: want an error")
	}
	if err := CheckSVGTexts(filepath.Join(dir, "does-not-exist.svg"), "x"); err == nil {
		t.Error("CheckSVGTexts on a missing file: want an error")
	}
}
