package paper

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"time"

	"github.com/tiltkit/tiltkit/figures"
)

// Level chooses how much work Build does.
type Level int

const (
	// Default finishes in under two minutes on one core.
	Default Level = iota
	// Quick finishes in a few seconds (tests and CI).
	Quick
	// Full uses longer sequences, finer grids and more trials.
	Full
)

func (l Level) String() string {
	switch l {
	case Quick:
		return "quick"
	case Full:
		return "full"
	}
	return "default"
}

// Status is the verdict of a claim.
type Status string

// The three statuses of claims.json (SPEC).
const (
	Reproduced    Status = "reproduced"
	Partly        Status = "partly"
	NotReproduced Status = "not reproduced"
)

// Table is a table of a claim's section.
type Table struct {
	Caption string
	Header  []string
	Rows    [][]string
}

// Figure is one figure of the report: the plotted data (exactly one of Lines
// and Simplex is set) and its caption. The data are kept so that tests can
// check the numbers behind every curve.
type Figure struct {
	// Name is the file name without extension (NAME.svg, NAME.png).
	Name    string
	Caption string
	Lines   *figures.LinesOptions
	Simplex *figures.SimplexOptions
}

// Title returns the figure's title.
func (f *Figure) Title() string {
	if f.Lines != nil {
		return f.Lines.Title
	}
	return f.Simplex.Title
}

// Claim is one item of the paper with its evidence.
type Claim struct {
	// ID is the stable slug of claims.json (e.g. "lemma-2", "table-2").
	ID string
	// Title names the item as the paper does.
	Title string
	// Statement is the item's statement in one line.
	Statement string
	// Paper is what the paper reports (numbers, where it gives any).
	Paper string
	// Computed says what tiltkit computed.
	Computed string
	// Criterion is the pre-committed rule that decides Status.
	Criterion string
	// Status and Why (one line: which checks passed or failed).
	Status Status
	Why    string
	// Headline is the key result in one line (the summary table).
	Headline string
	// Evidence holds the numbers (claims.json's evidence).
	Evidence map[string]any
	Tables   []Table
	Figures  []*Figure
	Notes    []string
}

// Options configure Build.
type Options struct {
	Level Level
	// Workers bounds the goroutines of the closing experiment (0: GOMAXPROCS);
	// the report does not depend on it.
	Workers int
	// Progress, if non-nil, is called with work done and total work units,
	// and the item being computed.
	Progress func(done, total int, what string)
	// Version and Command are printed in the report (tiltkit's version and
	// the exact command that regenerates the report).
	Version, Command string
}

// Report is the whole reproduction.
type Report struct {
	Version, Command string
	Level            Level
	Claims           []*Claim
	// Elapsed is the time Build took and Timings the time of each
	// computation (not written to the files, which are deterministic).
	Elapsed time.Duration
	Timings []Timing
}

// Claim returns the claim with the given id, or nil.
func (r *Report) Claim(id string) *Claim {
	for _, c := range r.Claims {
		if c.ID == id {
			return c
		}
	}
	return nil
}

// Figures returns every figure in report order.
func (r *Report) Figures() []*Figure {
	var out []*Figure
	for _, c := range r.Claims {
		out = append(out, c.Figures...)
	}
	return out
}

// Timing is how long one computation of Build took.
type Timing struct {
	What string
	Took time.Duration
}

// RequiredIDs are the claim ids SPEC names; Build always produces them.
var RequiredIDs = []string{
	"lemma-1", "lemma-2", "lemma-3", "lemma-4", "lemma-5", "lemma-6", "lemma-7", "lemma-8", "lemma-9",
	"theorem-1", "theorem-2", "theorem-3", "corollary-1",
	"example-1", "example-2", "table-2", "figure-1",
	"type-convergence", "conjecture", "closing-experiment",
}

// item computes one or more claims.
type item struct {
	what   string
	weight int
	run    func(b *builder) ([]*Claim, error)
}

// builder carries what items share: the level's parameters, the ternary
// example, cached enumerations, and progress.
type builder struct {
	ctx    context.Context
	opt    Options
	par    params
	ex     *example
	done   int
	total  int
	what   string
	cache  *enumCache
	worker int
}

func (b *builder) tick(n int) {
	b.done += n
	if b.opt.Progress != nil {
		b.opt.Progress(b.done, b.total, b.what)
	}
}

// Build computes every claim of the paper.
func Build(ctx context.Context, opt Options) (*Report, error) {
	start := time.Now()
	ex, err := newExample()
	if err != nil {
		return nil, err
	}
	b := &builder{ctx: ctx, opt: opt, par: paramsFor(opt.Level), ex: ex, cache: newEnumCache(ex)}
	b.worker = opt.Workers
	if b.worker <= 0 {
		b.worker = runtime.GOMAXPROCS(0)
	}
	items := b.items()
	for _, it := range items {
		b.total += it.weight
	}
	rep := &Report{Version: opt.Version, Command: opt.Command, Level: opt.Level}
	for _, it := range items {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		b.what = it.what
		before := b.done
		t0 := time.Now()
		cs, err := it.run(b)
		rep.Timings = append(rep.Timings, Timing{it.what, time.Since(t0)})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", it.what, err)
		}
		for _, c := range cs {
			c.Evidence = cleanMap(c.Evidence)
			if c.Status == "" || c.Headline == "" {
				return nil, fmt.Errorf("%s: claim %s has no status or headline", it.what, c.ID)
			}
		}
		rep.Claims = append(rep.Claims, cs...)
		if b.done < before+it.weight {
			b.tick(before + it.weight - b.done)
		}
	}
	sortClaims(rep.Claims)
	rep.Elapsed = time.Since(start)
	return rep, nil
}

// cleanMap replaces non-finite floats (never printed as results) by nil,
// recursively.
func cleanMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = clean(v)
	}
	return out
}

func clean(v any) any {
	switch x := v.(type) {
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
		return x
	case []float64:
		out := make([]any, len(x))
		for i, y := range x {
			out[i] = clean(y)
		}
		return out
	case [][]float64:
		out := make([]any, len(x))
		for i, y := range x {
			out[i] = clean(y)
		}
		return out
	case map[string]any:
		return cleanMap(x)
	case []map[string]any:
		out := make([]any, len(x))
		for i, y := range x {
			out[i] = cleanMap(y)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, y := range x {
			out[i] = clean(y)
		}
		return out
	}
	return v
}
