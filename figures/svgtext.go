package figures

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// SVGTitles parses the SVG file at path with encoding/xml and returns
// the text content of every <text> element, in document order, with
// surrounding white space trimmed (text inside nested elements such as
// <tspan> is included). It is meant for tests in other packages, to
// check that a saved figure carries its title, axis labels and legend
// entries:
//
//	texts, err := figures.SVGTitles(svgPath)
//	// texts contains e.g. "Reward vs KL", "KL divergence (nats)", "0.5", ...
//
// It returns an error if the file cannot be read, is not well-formed
// XML, or has no <svg> root element.
func SVGTitles(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("figures: %w", err)
	}
	defer f.Close()
	texts, err := svgTexts(f)
	if err != nil {
		return nil, fmt.Errorf("figures: %s: %w", path, err)
	}
	return texts, nil
}

func svgTexts(r io.Reader) ([]string, error) {
	dec := xml.NewDecoder(r)
	var (
		texts   []string
		buf     strings.Builder
		depth   int // nesting depth inside a <text> element; 0 outside
		sawRoot bool
	)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if !sawRoot {
				if t.Name.Local != "svg" {
					return nil, fmt.Errorf("root element is <%s>, not <svg>", t.Name.Local)
				}
				sawRoot = true
			}
			if depth > 0 {
				depth++
			} else if t.Name.Local == "text" {
				depth = 1
				buf.Reset()
			}
		case xml.EndElement:
			if depth > 0 {
				depth--
				if depth == 0 {
					texts = append(texts, strings.TrimSpace(buf.String()))
				}
			}
		case xml.CharData:
			if depth > 0 {
				buf.Write(t)
			}
		}
	}
	if !sawRoot {
		return nil, errors.New("no <svg> element")
	}
	return texts, nil
}

// CheckSVGTexts returns nil if every string in want is the full text of
// some <text> element of the SVG file at path, and otherwise an error
// naming the missing strings. A convenience over SVGTitles for tests:
//
//	if err := figures.CheckSVGTexts(svgPath, "Reward vs KL", "KL divergence (nats)"); err != nil {
//		t.Error(err)
//	}
func CheckSVGTexts(path string, want ...string) error {
	texts, err := SVGTitles(path)
	if err != nil {
		return err
	}
	have := make(map[string]bool, len(texts))
	for _, s := range texts {
		have[s] = true
	}
	var missing []string
	for _, w := range want {
		if !have[w] {
			missing = append(missing, fmt.Sprintf("%q", w))
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("figures: %s lacks text %s", path, strings.Join(missing, ", "))
	}
	return nil
}
