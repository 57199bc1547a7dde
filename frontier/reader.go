package frontier

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unsafe"
)

// Format is the layout of an input file.
type Format int

const (
	// FormatAuto detects the format: by the file name's extension in Open
	// (.jsonl, .ndjson, .json → JSONL; .csv → CSV; a trailing .gz is
	// stripped first), otherwise from the first non-blank byte ('{' means
	// JSONL, anything else CSV).
	FormatAuto Format = iota
	// FormatJSONL is one JSON object per line (blank lines are ignored).
	FormatJSONL
	// FormatCSV is comma-separated values (RFC 4180) with a header row
	// naming the columns.
	FormatCSV
)

// ParseFormat parses "jsonl" (also "json", "ndjson"), "csv" or "auto".
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "auto":
		return FormatAuto, nil
	case "jsonl", "json", "ndjson":
		return FormatJSONL, nil
	case "csv":
		return FormatCSV, nil
	}
	return FormatAuto, fmt.Errorf("input format %q: expected jsonl or csv", s)
}

// String returns "jsonl", "csv" or "auto".
func (f Format) String() string {
	switch f {
	case FormatJSONL:
		return "jsonl"
	case FormatCSV:
		return "csv"
	}
	return "auto"
}

// FormatFromName returns the format implied by a file name's extension
// (after stripping .gz) and whether the name says gzip; FormatAuto when the
// extension says nothing.
func FormatFromName(name string) (f Format, gz bool) {
	lower := strings.ToLower(name)
	if strings.HasSuffix(lower, ".gz") {
		gz = true
		lower = strings.TrimSuffix(lower, ".gz")
	}
	switch filepath.Ext(lower) {
	case ".jsonl", ".ndjson", ".json":
		return FormatJSONL, gz
	case ".csv":
		return FormatCSV, gz
	}
	return FormatAuto, gz
}

// ReaderOptions says how to read samples.
type ReaderOptions struct {
	// Name is the input's name in error messages (a file name, or "-").
	Name string
	// Format is the input layout; FormatAuto detects it (see FormatAuto).
	Format Format
	// PromptField names the field identifying the prompt (default
	// "prompt"). In JSONL it may be any scalar: a string (its decoded
	// text is the key), a number, true or false (their literal text, so
	// 1 and 1.0 are different prompts, and the number 1 and the string "1"
	// the same); null, objects and arrays are refused. In CSV the cell text
	// is the key.
	PromptField string
	// RewardField names the reward field (default "reward"): a finite
	// number (JSON number; in CSV a decimal such as -1.5e-3, surrounding
	// spaces allowed).
	RewardField string
	// LogprobField optionally names a field holding the sample's reference
	// log-probability, used to detect duplicated samples; when set, every
	// line must have it, as a finite number.
	LogprobField string
}

func (o ReaderOptions) withDefaults() ReaderOptions {
	if o.PromptField == "" {
		o.PromptField = "prompt"
	}
	if o.RewardField == "" {
		o.RewardField = "reward"
	}
	if o.Name == "" {
		o.Name = "input"
	}
	return o
}

// Record is one sample.
type Record struct {
	// Line is the 1-based line number of the sample (for CSV, the line on
	// which its record starts).
	Line int
	// Prompt is the prompt key. It is valid only until the next call to
	// Scan and must not be modified.
	Prompt []byte
	// Reward is the sample's reward, a finite number.
	Reward float64
	// Logprob is the sample's reference log-probability when HasLogprob.
	Logprob    float64
	HasLogprob bool
}

// maxLine bounds the length of one JSONL line (memory guard).
const maxLine = 256 << 20

// Reader reads samples one at a time from JSONL or CSV, in the manner of
// bufio.Scanner:
//
//	r := frontier.NewReader(f, frontier.ReaderOptions{Name: "samples.jsonl"})
//	for r.Scan() {
//		rec := r.Record()
//		...
//	}
//	if err := r.Err(); err != nil { ... }
//
// Scan stops at the first bad line; Err then returns a *SyntaxError naming
// the line and field. Memory is one line (JSONL) or one record (CSV): the
// input is streamed. A JSONL line of the usual flat form
// {"prompt": "p1", "reward": 0.5} costs a few hundred nanoseconds (see
// BenchmarkReadJSONL); gzip input costs the decompression on top.
type Reader struct {
	opt    ReaderOptions
	src    *countingReader
	br     *bufio.Reader
	format Format
	closer io.Closer

	started bool
	done    bool
	err     error
	line    int
	rec     Record
	jp      flatParser
	long    []byte // accumulates lines longer than the bufio buffer

	cr     *csv.Reader
	csvCol [nSlots]int

	requireGzip bool // set by Open for names ending in .gz
	sniffed     bool // the format was detected from the content
}

// NewReader returns a Reader of samples from r. Gzip data (magic bytes
// 1f 8b) is decompressed transparently.
func NewReader(r io.Reader, opt ReaderOptions) *Reader {
	opt = opt.withDefaults()
	rd := &Reader{opt: opt, src: &countingReader{r: r}, format: opt.Format}
	rd.br = bufio.NewReaderSize(rd.src, 1<<18)
	rd.jp.names = [nSlots]string{opt.PromptField, opt.RewardField, opt.LogprobField}
	return rd
}

// Open opens the named file ("-" for standard input) and returns a Reader
// for it; the format is taken from opt.Format or else from the file name
// (see FormatAuto). Close the Reader when done.
func Open(name string, opt ReaderOptions) (*Reader, error) {
	opt.Name = name
	var f *os.File
	if name == "-" {
		f = os.Stdin
	} else {
		var err error
		if f, err = os.Open(name); err != nil {
			return nil, err
		}
	}
	var gz bool
	if opt.Format == FormatAuto {
		opt.Format, gz = FormatFromName(name)
	} else {
		_, gz = FormatFromName(name)
	}
	r := NewReader(f, opt)
	r.requireGzip = gz
	if name != "-" {
		r.closer = f
	}
	return r, nil
}

// Close closes the file opened by Open (a no-op for NewReader and stdin).
func (r *Reader) Close() error {
	if r.closer == nil {
		return nil
	}
	err := r.closer.Close()
	r.closer = nil
	return err
}

// Format returns the input format, once detected (after the first Scan).
func (r *Reader) Format() Format { return r.format }

// Offset returns the number of bytes consumed so far from the underlying
// reader (compressed bytes for gzip input), for progress reports.
func (r *Reader) Offset() int64 { return r.src.n }

// Record returns the sample read by the last successful Scan.
func (r *Reader) Record() Record { return r.rec }

// Err returns the first error met, nil at a clean end of input.
func (r *Reader) Err() error { return r.err }

// Scan reads the next sample; it returns false at the end of input or on
// an error (see Err).
func (r *Reader) Scan() bool {
	if r.done || r.err != nil {
		return false
	}
	if !r.started {
		r.started = true
		if err := r.start(); err != nil {
			r.err = err
			return false
		}
	}
	var ok bool
	if r.format == FormatCSV {
		ok = r.scanCSV()
	} else {
		ok = r.scanJSONL()
	}
	if !ok {
		r.done = true
	}
	return ok
}

// start detects gzip and the format.
func (r *Reader) start() error {
	if magic, _ := r.br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(r.br)
		if err != nil {
			return r.inputErr(0, fmt.Sprintf("reading gzip data: %v", err), ErrSyntax)
		}
		r.br = bufio.NewReaderSize(zr, 1<<18)
	} else if r.requireGzip {
		return r.inputErr(0, "the name ends in .gz but the data is not gzip (no 1f 8b header)", ErrSyntax)
	}
	if r.format != FormatAuto {
		return nil
	}
	r.format, r.sniffed = FormatCSV, true
	for n := 64; ; n *= 2 {
		b, err := r.br.Peek(n)
		b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
		if i := skipWS(b, 0); i < len(b) {
			if b[i] == '{' {
				r.format = FormatJSONL
			}
			return nil
		}
		if err != nil || n >= 1<<17 {
			return nil
		}
	}
}

func (r *Reader) inputErr(line int, msg string, kind error) *SyntaxError {
	return &SyntaxError{File: r.opt.Name, Line: line, Msg: msg, Kind: kind}
}

func (r *Reader) lineErr(e *lineError) *SyntaxError {
	msg := e.msg
	if e.col > 0 {
		msg += fmt.Sprintf(" (column %d)", e.col)
	}
	return &SyntaxError{File: r.opt.Name, Line: r.line, Field: e.field, Msg: msg, Kind: e.kind}
}

// readLine returns the next line without its line ending, or io.EOF.
func (r *Reader) readLine() ([]byte, error) {
	b, err := r.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		r.long = append(r.long[:0], b...)
		for err == bufio.ErrBufferFull {
			if len(r.long) > maxLine {
				return nil, r.inputErr(r.line+1, fmt.Sprintf("line longer than %d MiB", maxLine>>20), ErrSyntax)
			}
			b, err = r.br.ReadSlice('\n')
			r.long = append(r.long, b...)
		}
		b = r.long
	}
	if err != nil && err != io.EOF {
		return nil, fmt.Errorf("%s: reading line %d: %w", r.opt.Name, r.line+1, err)
	}
	if len(b) == 0 && err == io.EOF {
		return nil, io.EOF
	}
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	return b, nil
}

func (r *Reader) scanJSONL() bool {
	for {
		b, err := r.readLine()
		if err != nil {
			if err != io.EOF {
				r.err = err
			}
			return false
		}
		r.line++
		if r.line == 1 {
			b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
		}
		if skipWS(b, 0) == len(b) {
			continue // blank line
		}
		if e := r.jp.parse(b); e != nil {
			r.err = r.lineErr(e)
			return false
		}
		r.rec = Record{Line: r.line, Prompt: r.jp.prompt, Reward: r.jp.reward,
			Logprob: r.jp.logprob, HasLogprob: r.opt.LogprobField != ""}
		return true
	}
}

func (r *Reader) scanCSV() bool {
	if r.cr == nil {
		r.cr = csv.NewReader(r.br)
		r.cr.ReuseRecord = true
		header, err := r.cr.Read()
		if err == io.EOF {
			return false
		}
		if err != nil {
			r.err = r.csvErr(err)
			return false
		}
		if len(header) > 0 {
			header[0] = strings.TrimPrefix(header[0], "\ufeff")
		}
		for s, name := range r.jp.names {
			r.csvCol[s] = -1
			if name == "" {
				continue
			}
			for j, h := range header {
				if strings.TrimSpace(h) != name {
					continue
				}
				if r.csvCol[s] >= 0 {
					r.err = &SyntaxError{File: r.opt.Name, Line: 1, Field: name, Msg: "appears twice in the CSV header; expected it once", Kind: ErrBadValue}
					return false
				}
				r.csvCol[s] = j
			}
			if r.csvCol[s] < 0 {
				r.err = &SyntaxError{File: r.opt.Name, Line: 1, Field: name,
					Msg: fmt.Sprintf("missing from the CSV header (columns: %s)", clipHeader(header)), Kind: ErrMissingField}
				return false
			}
		}
	}
	rec, err := r.cr.Read()
	if err == io.EOF {
		return false
	}
	if err != nil {
		r.err = r.csvErr(err)
		return false
	}
	r.line, _ = r.cr.FieldPos(0)
	out := Record{Line: r.line}
	p := rec[r.csvCol[slotPrompt]]
	out.Prompt = unsafe.Slice(unsafe.StringData(p), len(p))
	var e *SyntaxError
	if out.Reward, e = r.csvNumber(rec, slotReward); e != nil {
		r.err = e
		return false
	}
	if r.csvCol[slotLogprob] >= 0 {
		if out.Logprob, e = r.csvNumber(rec, slotLogprob); e != nil {
			r.err = e
			return false
		}
		out.HasLogprob = true
	}
	r.rec = out
	return true
}

func (r *Reader) csvNumber(rec []string, slot int) (float64, *SyntaxError) {
	col := r.csvCol[slot]
	x, msg := parseDecimal(rec[col])
	if msg != "" {
		line, _ := r.cr.FieldPos(col)
		return 0, &SyntaxError{File: r.opt.Name, Line: line, Field: r.jp.names[slot], Msg: msg, Kind: ErrBadValue}
	}
	return x, nil
}

func (r *Reader) csvErr(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		msg := pe.Err.Error()
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			msg = "wrong number of fields; expected as many as the header has"
		}
		return &SyntaxError{File: r.opt.Name, Line: pe.Line, Msg: fmt.Sprintf("invalid CSV: %s (column %d)", msg, pe.Column), Kind: ErrSyntax}
	}
	return fmt.Errorf("%s: %w", r.opt.Name, err)
}

func clipHeader(h []string) string {
	const max = 12
	s := h
	if len(s) > max {
		s = s[:max]
	}
	out := strings.Join(s, ", ")
	if len(h) > max {
		out += ", …"
	}
	return out
}

// parseDecimal parses a CSV reward cell: optional spaces, an optional sign,
// digits with an optional decimal point, an optional exponent. Hexadecimal,
// digit separators, NaN and Inf are refused. It returns a message on error.
func parseDecimal(s string) (float64, string) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, "is empty; expected a finite number"
	}
	i := 0
	if t[i] == '+' || t[i] == '-' {
		i++
	}
	digits := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i, digits = i+1, digits+1
	}
	if i < len(t) && t[i] == '.' {
		i++
		for i < len(t) && t[i] >= '0' && t[i] <= '9' {
			i, digits = i+1, digits+1
		}
	}
	ok := digits > 0
	if ok && i < len(t) && (t[i] == 'e' || t[i] == 'E') {
		i++
		if i < len(t) && (t[i] == '+' || t[i] == '-') {
			i++
		}
		exp := 0
		for i < len(t) && t[i] >= '0' && t[i] <= '9' {
			i, exp = i+1, exp+1
		}
		ok = exp > 0
	}
	if !ok || i != len(t) {
		switch strings.ToLower(strings.TrimLeft(t, "+-")) {
		case "nan", "inf", "infinity":
			return 0, fmt.Sprintf("%q is not finite; expected a finite number", t)
		}
		return 0, fmt.Sprintf("%q is not a number; expected a finite number", string(clip([]byte(t))))
	}
	x, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsInf(x, 0) {
		return 0, fmt.Sprintf("%s is out of the float64 range; expected a finite number", t)
	}
	return x, ""
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
