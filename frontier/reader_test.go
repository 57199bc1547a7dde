package frontier

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// readAll groups data read with opt.
func readAll(t *testing.T, data string, opt ReaderOptions, gopt GroupOptions) (*Dataset, error) {
	t.Helper()
	return Group(NewReader(strings.NewReader(data), opt), gopt)
}

func TestGroupNonAdjacent(t *testing.T) {
	data := `{"prompt": "a", "reward": 1}
{"prompt": "b", "reward": 10}

{"prompt": "a", "reward": 2}
{"prompt": 7, "reward": 5}
{"prompt": "b", "reward": 20}
{"prompt": "7", "reward": 6}
{"prompt": "a", "reward": 3}
`
	ds, err := readAll(t, data, ReaderOptions{Name: "t.jsonl"}, GroupOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Prompt{
		{Key: "a", Line: 1, Rewards: []float64{1, 2, 3}},
		{Key: "b", Line: 2, Rewards: []float64{10, 20}},
		{Key: "7", Line: 5, Rewards: []float64{5, 6}}, // the number 7 and the string "7" are one prompt
	}
	if len(ds.Prompts) != len(want) {
		t.Fatalf("got %d prompts, want %d: %+v", len(ds.Prompts), len(want), ds.Prompts)
	}
	for i, w := range want {
		g := ds.Prompts[i]
		if g.Key != w.Key || g.Line != w.Line || !slices.Equal(g.Rewards, w.Rewards) {
			t.Errorf("prompt %d = %+v, want %+v", i, g, w)
		}
	}
	if ds.Rows != 7 || ds.Samples != 7 {
		t.Errorf("rows %d samples %d, want 7 and 7", ds.Rows, ds.Samples)
	}
}

func TestGroupWarnings(t *testing.T) {
	data := `{"prompt": "a", "reward": 1, "lp": -1}
{"prompt": "single", "reward": 1, "lp": -1}
{"prompt": "a", "reward": 1, "lp": -1}
{"prompt": "a", "reward": 1, "lp": -2}
{"prompt": "b", "reward": 4, "lp": -3}
{"prompt": "b", "reward": 4, "lp": -3}
{"prompt": "b", "reward": 4, "lp": -3}
{"prompt": "lonely", "reward": 2, "lp": -1}
`
	ds, err := readAll(t, data, ReaderOptions{LogprobField: "lp"}, GroupOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := Warnings{SingleSamplePrompts: 2, SingleSampleLine: 2, DuplicateSamples: 3, DuplicatePrompts: 2, ConstantPrompts: 2}
	if ds.Warnings != want {
		t.Errorf("warnings %+v, want %+v", ds.Warnings, want)
	}
	if ds.Rows != 8 || ds.Samples != 6 || len(ds.Prompts) != 2 {
		t.Errorf("rows %d samples %d prompts %d; want 8, 6, 2", ds.Rows, ds.Samples, len(ds.Prompts))
	}
	if !slices.Equal(ds.Prompts[0].Logprobs, []float64{-1, -1, -2}) {
		t.Errorf("logprobs %v", ds.Prompts[0].Logprobs)
	}

	_, err = readAll(t, data, ReaderOptions{LogprobField: "lp", Name: "w.jsonl"}, GroupOptions{Strict: true})
	var se *SyntaxError
	if !errors.As(err, &se) || !errors.Is(err, ErrSingleSample) || se.Line != 2 || se.Field != "prompt" {
		t.Errorf("strict: error %v; want ErrSingleSample at line 2, field prompt", err)
	}
}

// TestReaderErrors checks that every fatal case names its line and field.
func TestReaderErrors(t *testing.T) {
	tests := []struct {
		name, data string
		format     Format
		line       int
		field      string
		kind       error
		msg        string
	}{
		{"invalid json", "{\"prompt\": \"a\", \"reward\": 1}\n{\"prompt\": \"a\", \"reward\": 1\n", FormatJSONL, 2, "", ErrSyntax, "expected ',' or '}'"},
		{"missing reward", "{\"prompt\": \"a\", \"reward\": 1}\n\n{\"prompt\": \"a\"}\n", FormatJSONL, 3, "reward", ErrMissingField, "missing"},
		{"missing prompt", "{\"reward\": 1}\n", FormatJSONL, 1, "prompt", ErrMissingField, "missing"},
		{"string reward", "{\"prompt\": \"a\", \"reward\": \"high\"}\n", FormatJSONL, 1, "reward", ErrBadValue, `got a string "high"; expected a finite number`},
		{"overflow reward", "{\"prompt\": \"a\", \"reward\": -1e999}\n", FormatJSONL, 1, "reward", ErrBadValue, "finite"},
		{"empty file", "", FormatJSONL, 0, "", ErrEmpty, "no samples"},
		{"blank file", "\n  \n", FormatJSONL, 0, "", ErrEmpty, "no samples"},
		{"all single", "{\"prompt\": \"a\", \"reward\": 1}\n{\"prompt\": \"b\", \"reward\": 1}\n", FormatJSONL, 0, "", ErrNoPrompts, "no prompt has at least 2 samples"},
		{"csv non-numeric", "prompt,reward\na,1\na,abc\n", FormatCSV, 3, "reward", ErrBadValue, `"abc" is not a number`},
		{"csv nan", "prompt,reward\na,1\na,NaN\n", FormatCSV, 3, "reward", ErrBadValue, "not finite"},
		{"csv inf", "prompt,reward\na,1\na,-Inf\n", FormatCSV, 3, "reward", ErrBadValue, "not finite"},
		{"csv empty cell", "prompt,reward\na,1\na,\n", FormatCSV, 3, "reward", ErrBadValue, "empty"},
		{"csv missing column", "prompt,score\na,1\n", FormatCSV, 1, "reward", ErrMissingField, "missing from the CSV header (columns: prompt, score)"},
		{"csv field count", "prompt,reward\na,1\na\n", FormatCSV, 3, "", ErrSyntax, "wrong number of fields"},
		{"csv bad quote", "prompt,reward\na,1\n\"a,1\n", FormatCSV, 3, "", ErrSyntax, "invalid CSV"},
		{"csv empty", "", FormatCSV, 0, "", ErrEmpty, "no samples"},
		{"csv header only", "prompt,reward\n", FormatCSV, 0, "", ErrEmpty, "no samples"},
		{"csv multiline record", "prompt,reward\na,1\n\"x\ny\",oops\n", FormatCSV, 4, "reward", ErrBadValue, "not a number"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readAll(t, tc.data, ReaderOptions{Name: "in", Format: tc.format}, GroupOptions{})
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error %v (%T); want a *SyntaxError", err, err)
			}
			if se.Line != tc.line || se.Field != tc.field || !errors.Is(err, tc.kind) || !strings.Contains(se.Msg, tc.msg) {
				t.Errorf("got line %d field %q kind %v msg %q; want line %d field %q kind %v msg containing %q",
					se.Line, se.Field, se.Kind, se.Msg, tc.line, tc.field, tc.kind, tc.msg)
			}
			if !strings.HasPrefix(err.Error(), "in") {
				t.Errorf("message %q does not start with the file name", err)
			}
		})
	}
}

func TestReaderCSV(t *testing.T) {
	data := "\ufeffid, prompt ,reward,logprob\r\n1,\"Hello, world\",0.5,-1\r\n2,\"Hello, world\", -2.5e-1 ,-2\r\n3,\"two\nlines\",+3.,-3\r\n4,\"two\nlines\",.5,-4\r\n"
	ds, err := readAll(t, data, ReaderOptions{LogprobField: "logprob"}, GroupOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Prompts) != 2 || ds.Prompts[0].Key != "Hello, world" || ds.Prompts[1].Key != "two\nlines" {
		t.Fatalf("prompts %+v", ds.Prompts)
	}
	if !slices.Equal(ds.Prompts[0].Rewards, []float64{0.5, -0.25}) || !slices.Equal(ds.Prompts[1].Rewards, []float64{3, 0.5}) {
		t.Errorf("rewards %v %v", ds.Prompts[0].Rewards, ds.Prompts[1].Rewards)
	}
	if ds.Prompts[1].Line != 4 {
		t.Errorf("line of the multi-line record = %d, want 4", ds.Prompts[1].Line)
	}
}

func TestOpenFormatsAndGzip(t *testing.T) {
	dir := t.TempDir()
	jsonl := "{\"prompt\": \"a\", \"reward\": 1}\n{\"prompt\": \"a\", \"reward\": 2}\n"
	csvData := "prompt,reward\na,1\na,2\n"
	gz := func(s string) string {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(s))
		zw.Close()
		return b.String()
	}
	files := map[string]string{
		"s.jsonl": jsonl, "s.jsonl.gz": gz(jsonl), "s.csv": csvData, "s.CSV.GZ": gz(csvData),
		"s.txt": jsonl, "t.txt": csvData, "noext": gz(jsonl),
	}
	wantFormat := map[string]Format{"s.jsonl": FormatJSONL, "s.jsonl.gz": FormatJSONL, "s.csv": FormatCSV,
		"s.CSV.GZ": FormatCSV, "s.txt": FormatJSONL, "t.txt": FormatCSV, "noext": FormatJSONL}
	for name, data := range files {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		r, err := Open(path, ReaderOptions{})
		if err != nil {
			t.Fatal(err)
		}
		ds, err := Group(r, GroupOptions{})
		r.Close()
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if r.Format() != wantFormat[name] || len(ds.Prompts) != 1 || !slices.Equal(ds.Prompts[0].Rewards, []float64{1, 2}) {
			t.Errorf("%s: format %v, prompts %+v", name, r.Format(), ds.Prompts)
		}
	}
	// A .gz name with plain data is an error naming the file.
	path := filepath.Join(dir, "plain.jsonl.gz")
	os.WriteFile(path, []byte(jsonl), 0o644)
	r, _ := Open(path, ReaderOptions{})
	defer r.Close()
	if _, err := Group(r, GroupOptions{}); err == nil || !strings.Contains(err.Error(), "not gzip") {
		t.Errorf("plain data named .gz: error %v", err)
	}
	// --input-format overrides the extension.
	r2, _ := Open(filepath.Join(dir, "s.txt"), ReaderOptions{Format: FormatCSV})
	defer r2.Close()
	if _, err := Group(r2, GroupOptions{}); err == nil {
		t.Errorf("JSONL read as CSV: no error")
	}
}

func TestReaderLongLine(t *testing.T) {
	long := strings.Repeat("x", 1<<20)
	data := `{"text": "` + long + `", "prompt": "a", "reward": 1}` + "\n" + `{"prompt": "a", "reward": 2, "text": "` + long + `"}`
	ds, err := readAll(t, data, ReaderOptions{}, GroupOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ds.Prompts[0].Rewards, []float64{1, 2}) {
		t.Errorf("rewards %v", ds.Prompts[0].Rewards)
	}
}
