package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
)

// num is a float64 that refuses to be printed as NaN or ±Inf in JSON
// (SPEC: never NaN/Inf as a result); use *num for fields that may be null.
type num float64

func (x num) MarshalJSON() ([]byte, error) {
	f := float64(x)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, fmt.Errorf("result %v is not finite", f)
	}
	if f == 0 {
		return []byte("0"), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}

func nums(xs []float64) []num {
	out := make([]num, len(xs))
	for i, x := range xs {
		out[i] = num(x)
	}
	return out
}

// nullable returns nil for ±Inf/NaN, else a pointer to x.
func nullable(x float64) *num {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	v := num(x)
	return &v
}

// outputFlags selects table, JSON or CSV output.
type outputFlags struct {
	json   bool
	format string
}

func (o *outputFlags) register(cmd *cobra.Command, csvOK bool) {
	cmd.Flags().BoolVar(&o.json, "json", false, "print one JSON object on stdout")
	help := "output format: table or json"
	if csvOK {
		help = "output format: table, json or csv"
	}
	cmd.Flags().StringVar(&o.format, "format", "table", help)
}

// mode returns "table", "json" or "csv".
func (o *outputFlags) mode(csvOK bool) (string, error) {
	f := strings.ToLower(o.format)
	if o.json {
		if f != "table" && f != "json" {
			return "", usagef("--json and --format %s contradict each other", o.format)
		}
		return "json", nil
	}
	switch f {
	case "table", "json":
		return f, nil
	case "csv":
		if csvOK {
			return f, nil
		}
	}
	if csvOK {
		return "", usagef("--format %q: expected table, json or csv", o.format)
	}
	return "", usagef("--format %q: expected table or json", o.format)
}

func writeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return internalf("encoding JSON: %v", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// fmtNum formats a number for tables: 12 significant digits, infinities as
// ∞ and −∞ (SPEC: never NaN/Inf printed as a result; an infinite KL or α of
// the limit case is a mathematical value, shown as such).
func fmtNum(x float64) string {
	switch {
	case math.IsInf(x, 1):
		return "∞"
	case math.IsInf(x, -1):
		return "−∞"
	case math.IsNaN(x):
		return "NaN"
	}
	return strconv.FormatFloat(x, 'g', 12, 64)
}

func fmtVec(xs []float64) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = fmtNum(x)
	}
	const maxShown = 12
	if len(parts) > maxShown {
		return strings.Join(parts[:maxShown/2], " ") + fmt.Sprintf(" … (%d more) … ", len(parts)-maxShown) + strings.Join(parts[len(parts)-maxShown/2:], " ")
	}
	return strings.Join(parts, " ")
}

// kv is a two-column table of named values with a note column.
type kv struct {
	rows [][3]string
}

func (t *kv) add(name, value, note string) { t.rows = append(t.rows, [3]string{name, value, note}) }
func (t *kv) num(name string, x float64, note string) {
	t.add(name, fmtNum(x), note)
}

func (t *kv) write(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, r := range t.rows {
		if r[2] != "" {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", r[0], r[1], r[2])
		} else {
			fmt.Fprintf(tw, "%s\t%s\n", r[0], r[1])
		}
	}
	return tw.Flush()
}

// writeCSV writes a header and rows.
func writeCSV(w io.Writer, header []string, rows [][]string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// csvNum formats a number for CSV at full precision (empty for non-finite).
func csvNum(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}
