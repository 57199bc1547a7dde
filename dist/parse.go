package dist

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/tiltkit/tiltkit/internal/xmath"
)

// MaxGeneratedK bounds K for the dirichlet: and uniform: spellings (memory).
const MaxGeneratedK = 100_000_000

// maxEntryLen bounds the length of one written entry so that exact rational
// parsing stays cheap (a 10^(10^9) literal would otherwise be expanded).
const maxEntryLen = 400

// Vector is a parsed list of numbers (not yet validated as a distribution).
type Vector struct {
	// Values holds the entries as float64 (correctly rounded).
	Values []float64
	// Exact holds the exact rational value of every entry when each was
	// written as a decimal or a fraction (or by uniform:K); nil otherwise.
	Exact []*big.Rat
	// Log, when non-nil, holds log(Values[i]) computed without underflow
	// (dirichlet: draws and softmax rewards), so entries below 1e-308 keep
	// their exact logarithm.
	Log []float64
}

// EntryError reports a bad entry of a list.
type EntryError struct {
	Index int    // 0-based index of the entry
	Text  string // the entry as written
	Msg   string // what was expected
}

func (e *EntryError) Error() string {
	return fmt.Sprintf("entry %d (%q): %s", e.Index, e.Text, e.Msg)
}

// ErrEmpty reports an empty list or file.
var ErrEmpty = errors.New("no entries")

// ParseVector parses one of the spellings of a distribution or reward vector:
//
//	0.2,0.3,0.5          decimals (scientific notation allowed: 1e-150)
//	1/5,3/10,1/2         fractions (mixing with decimals is allowed)
//	@PATH                a file: a JSON array of numbers, or numbers separated
//	                     by whitespace, commas or newlines
//	dirichlet:K:SEED[:CONC]  a Dirichlet(CONC) draw (CONC defaults to 1),
//	                     reproducible from SEED
//	uniform:K            K entries 1/K
//
// Entries must be finite numbers; range checks (non-negative, sum to 1) are
// Validate's job. Errors name the entry index.
func ParseVector(spec string) (Vector, error) {
	s := strings.TrimSpace(spec)
	switch {
	case s == "":
		return Vector{}, fmt.Errorf("empty value: %w", ErrEmpty)
	case strings.HasPrefix(s, "@"):
		return parseFile(s[1:])
	case strings.HasPrefix(s, "dirichlet:"):
		return parseDirichlet(s)
	case strings.HasPrefix(s, "uniform:"):
		return parseUniform(s)
	}
	return parseList(strings.Split(s, ","))
}

func parseList(fields []string) (Vector, error) {
	v := Vector{Values: make([]float64, len(fields)), Exact: make([]*big.Rat, len(fields))}
	exact := true
	for i, f := range fields {
		f = strings.TrimSpace(f)
		x, r, err := parseEntry(f)
		if err != nil {
			return Vector{}, &EntryError{Index: i, Text: f, Msg: err.Error()}
		}
		v.Values[i] = x
		if r == nil {
			exact = false
		}
		v.Exact[i] = r
	}
	if !exact {
		v.Exact = nil
	}
	return v, nil
}

// parseEntry parses a decimal or a fraction a/b. It returns the correctly
// rounded float64 and, when cheap, the exact rational.
func parseEntry(f string) (float64, *big.Rat, error) {
	if f == "" {
		return 0, nil, errors.New("empty entry; expected a number such as 0.25 or 1/4")
	}
	if len(f) > maxEntryLen {
		return 0, nil, fmt.Errorf("entry longer than %d characters", maxEntryLen)
	}
	if num, den, ok := strings.Cut(f, "/"); ok {
		r, ok1 := new(big.Rat).SetString(strings.TrimSpace(num))
		d, ok2 := new(big.Rat).SetString(strings.TrimSpace(den))
		if !ok1 || !ok2 || strings.ContainsAny(num+den, "eEpP") || strings.Contains(den, "/") {
			return 0, nil, errors.New("not a fraction; expected integers a/b such as 3/10")
		}
		if d.Sign() == 0 {
			return 0, nil, errors.New("fraction with zero denominator")
		}
		r.Quo(r, d)
		x, _ := r.Float64()
		if math.IsInf(x, 0) {
			return 0, nil, errors.New("fraction overflows float64")
		}
		return x, r, nil
	}
	x, err := strconv.ParseFloat(f, 64)
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) && errors.Is(ne.Err, strconv.ErrRange) {
			if math.IsInf(x, 0) {
				return 0, nil, errors.New("number overflows float64")
			}
			return 0, nil, errors.New("number underflows float64 (use --reward for rewards this extreme)")
		}
		return 0, nil, errors.New("not a number; expected a decimal such as 0.25 or a fraction such as 1/4")
	}
	if math.IsNaN(x) {
		return 0, nil, errors.New("NaN is not allowed; expected a finite number")
	}
	if math.IsInf(x, 0) {
		return 0, nil, errors.New("infinite values are not allowed; expected a finite number")
	}
	// Hexadecimal floats and underscores parse as floats but not as decimal rationals.
	r, ok := new(big.Rat).SetString(f)
	if !ok || strings.ContainsAny(f, "xXpP_") {
		r = nil
	}
	// strconv.ParseFloat reports overflow but not underflow: 1e-400 parses
	// as 0 without error. A non-zero literal that rounds to 0 is underflow.
	if x == 0 && nonZeroMantissa(f) {
		return 0, nil, errors.New("number underflows float64 (use --reward for rewards this extreme)")
	}
	return x, r, nil
}

// nonZeroMantissa reports whether the mantissa of a float literal accepted by
// strconv.ParseFloat (decimal or 0x-hexadecimal) has a non-zero digit.
func nonZeroMantissa(f string) bool {
	f = strings.TrimLeft(f, "+-")
	digits, cut := "123456789", "eE"
	if len(f) > 1 && f[0] == '0' && (f[1] == 'x' || f[1] == 'X') {
		f, digits, cut = f[2:], "123456789abcdefABCDEF", "pP"
	}
	if i := strings.IndexAny(f, cut); i >= 0 {
		f = f[:i]
	}
	return strings.ContainsAny(f, digits)
}

func parseFile(path string) (Vector, error) {
	if path == "" {
		return Vector{}, errors.New("@ must be followed by a file path")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return Vector{}, fmt.Errorf("file %s does not exist", path)
		}
		return Vector{}, fmt.Errorf("cannot read file %s: %v", path, err)
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return Vector{}, fmt.Errorf("file %s is empty: %w", path, ErrEmpty)
	}
	var fields []string
	if trimmed[0] == '[' {
		dec := json.NewDecoder(bytes.NewReader(trimmed))
		dec.UseNumber()
		var raw []json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return Vector{}, fmt.Errorf("file %s: not a JSON array of numbers: %v", path, err)
		}
		if dec.More() {
			return Vector{}, fmt.Errorf("file %s: unexpected data after the JSON array", path)
		}
		for i, m := range raw {
			var n json.Number
			if err := json.Unmarshal(m, &n); err != nil {
				return Vector{}, fmt.Errorf("file %s: %w", path, &EntryError{Index: i, Text: string(m), Msg: "not a JSON number"})
			}
			fields = append(fields, n.String())
		}
	} else {
		fields = strings.FieldsFunc(string(trimmed), func(r rune) bool {
			return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r'
		})
	}
	if len(fields) == 0 {
		return Vector{}, fmt.Errorf("file %s holds no numbers: %w", path, ErrEmpty)
	}
	v, err := parseList(fields)
	if err != nil {
		return Vector{}, fmt.Errorf("file %s: %w", path, err)
	}
	return v, nil
}

func parseK(s, spec string) (int, error) {
	k, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%s: K %q is not an integer", spec, s)
	}
	if k < 2 {
		return 0, fmt.Errorf("%s: K must be at least 2, got %d", spec, k)
	}
	if k > MaxGeneratedK {
		return 0, fmt.Errorf("%s: K must be at most %d, got %d", spec, MaxGeneratedK, k)
	}
	return k, nil
}

func parseUniform(spec string) (Vector, error) {
	k, err := parseK(strings.TrimPrefix(spec, "uniform:"), spec)
	if err != nil {
		return Vector{}, err
	}
	return Uniform(k), nil
}

// Uniform returns the uniform distribution on K symbols (exact 1/K).
func Uniform(k int) Vector {
	v := Vector{Values: make([]float64, k), Exact: make([]*big.Rat, k)}
	r := big.NewRat(1, int64(k))
	x, _ := r.Float64()
	for i := range v.Values {
		v.Values[i] = x
		v.Exact[i] = r
	}
	return v
}

func parseDirichlet(spec string) (Vector, error) {
	parts := strings.Split(strings.TrimPrefix(spec, "dirichlet:"), ":")
	if len(parts) < 2 || len(parts) > 3 {
		return Vector{}, fmt.Errorf("%s: expected dirichlet:K:SEED or dirichlet:K:SEED:CONC", spec)
	}
	k, err := parseK(parts[0], spec)
	if err != nil {
		return Vector{}, err
	}
	seed, err := strconv.ParseUint(parts[1], 10, 64)
	if err != nil {
		return Vector{}, fmt.Errorf("%s: SEED %q is not a non-negative integer", spec, parts[1])
	}
	conc := 1.0
	if len(parts) == 3 {
		conc, err = strconv.ParseFloat(parts[2], 64)
		if err != nil || math.IsNaN(conc) || math.IsInf(conc, 0) {
			return Vector{}, fmt.Errorf("%s: CONC %q is not a finite number", spec, parts[2])
		}
		if conc <= 0 {
			return Vector{}, fmt.Errorf("%s: CONC must be > 0, got %g", spec, conc)
		}
	}
	return Dirichlet(k, seed, conc), nil
}

// Dirichlet returns a draw from the symmetric Dirichlet(conc) distribution on
// K symbols, reproducible from seed (PCG stream (seed, 0x7d1f)). Draws are
// made in log space — G = G'·U^{1/conc} with G' ~ Gamma(conc+1) — so that
// tiny concentrations give tiny but non-zero entries whose logarithms (Log)
// are exact even below the float64 range.
func Dirichlet(k int, seed uint64, conc float64) Vector {
	src := rand.New(rand.NewPCG(seed, 0x7d1f))
	g := distuv.Gamma{Alpha: conc + 1, Beta: 1, Src: src}
	logs := make([]float64, k)
	for i := range logs {
		u := src.Float64()
		for u == 0 {
			u = src.Float64()
		}
		logs[i] = math.Log(g.Rand()) + math.Log(u)/conc
	}
	lse := xmath.LogSumExp(logs)
	v := Vector{Values: make([]float64, k), Log: logs}
	for i := range logs {
		logs[i] -= lse
		v.Values[i] = math.Exp(logs[i])
	}
	return v
}
