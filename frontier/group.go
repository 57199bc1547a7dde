package frontier

import (
	"cmp"
	"fmt"
	"slices"
)

// Prompt is the samples of one prompt: draws from the reference model
// p(·|x), each scored by the reward model.
type Prompt struct {
	// Key identifies the prompt (see ReaderOptions.PromptField).
	Key string
	// Line is the line of the prompt's first sample (0 if not from a file).
	Line int
	// Rewards holds the samples' rewards in input order.
	Rewards []float64
	// Logprobs holds the samples' reference log-probabilities, parallel to
	// Rewards, or nil when no logprob field was read.
	Logprobs []float64
}

// Warnings counts soft problems in the input. They never stop the
// computation, and nothing is dropped without being counted here.
type Warnings struct {
	// SingleSamplePrompts counts prompts with exactly one sample, skipped
	// (best-of-N and the tilt need n ≥ 2 draws); SingleSampleLine is the
	// line of the first one (0 if none). GroupOptions.Strict makes them an
	// error instead.
	SingleSamplePrompts, SingleSampleLine int
	// DuplicateSamples counts samples whose (logprob, reward) pair equals
	// that of an earlier sample of the same prompt, in DuplicatePrompts
	// prompts; only checked when a logprob field is read. Duplicates are
	// kept: repeated draws are legitimate for a sampler, but many of them
	// suggest a deduplicated or truncated sampling pipeline.
	DuplicateSamples, DuplicatePrompts int
	// ConstantPrompts counts kept prompts whose samples all have the same
	// reward: best-of-N and the tilt gain nothing there (KL 0).
	ConstantPrompts int
}

// Dataset is the input grouped by prompt.
type Dataset struct {
	// Name is the input's name.
	Name string
	// Prompts are the prompts with n ≥ 2 samples, in order of first
	// appearance.
	Prompts []Prompt
	// Rows is the number of samples read; Samples the number kept in
	// Prompts (Rows − SingleSamplePrompts).
	Rows, Samples int
	// Warnings are the soft problems met.
	Warnings Warnings
}

// GroupOptions controls Group.
type GroupOptions struct {
	// Strict makes a prompt with a single sample an error (ErrSingleSample)
	// instead of a skipped prompt counted in Warnings.
	Strict bool
	// Progress, if non-nil, is called every 65536 samples with the bytes
	// consumed so far (Reader.Offset) and the samples read.
	Progress func(offset int64, rows int)
}

// Group reads every sample from r and groups them by prompt; the lines of a
// prompt need not be adjacent. Only the rewards (and logprobs) are kept, so
// memory is about 8 bytes per sample (16 with logprobs) plus about 100
// bytes per prompt, whatever else the lines hold.
//
// Errors: the Reader's *SyntaxError; ErrEmpty (no sample at all),
// ErrNoPrompts (every prompt had a single sample) and, with Strict,
// ErrSingleSample, each as a *SyntaxError.
func Group(r *Reader, opt GroupOptions) (*Dataset, error) {
	ds := &Dataset{Name: r.opt.Name}
	index := make(map[string]int)
	var prompts []Prompt
	last, sizeHint := -1, 1
	for r.Scan() {
		rec := r.Record()
		// Files usually hold a prompt's lines together: check the previous
		// prompt before the map.
		id := last
		if id < 0 || prompts[id].Key != string(rec.Prompt) {
			var ok bool
			if id, ok = index[string(rec.Prompt)]; !ok {
				if last >= 0 {
					sizeHint = max(sizeHint, len(prompts[last].Rewards))
				}
				key := string(rec.Prompt)
				id = len(prompts)
				index[key] = id
				np := Prompt{Key: key, Line: rec.Line, Rewards: make([]float64, 0, sizeHint)}
				if rec.HasLogprob {
					np.Logprobs = make([]float64, 0, sizeHint)
				}
				prompts = append(prompts, np)
			}
			last = id
		}
		pp := &prompts[id]
		pp.Rewards = append(pp.Rewards, rec.Reward)
		if rec.HasLogprob {
			pp.Logprobs = append(pp.Logprobs, rec.Logprob)
		}
		ds.Rows++
		if opt.Progress != nil && ds.Rows&0xffff == 0 {
			opt.Progress(r.Offset(), ds.Rows)
		}
	}
	if err := r.Err(); err != nil {
		return nil, err
	}
	if opt.Progress != nil {
		opt.Progress(r.Offset(), ds.Rows)
	}
	if ds.Rows == 0 {
		return nil, &SyntaxError{File: ds.Name, Msg: "the input holds no samples; expected " + describeFormat(r), Kind: ErrEmpty}
	}
	index = nil
	kept := prompts[:0]
	for _, pp := range prompts {
		if len(pp.Rewards) < 2 {
			if opt.Strict {
				return nil, &SyntaxError{File: ds.Name, Line: pp.Line, Field: r.opt.PromptField,
					Msg:  fmt.Sprintf("prompt %q has a single sample; best-of-N needs at least 2 per prompt (without --strict such prompts are skipped and counted)", clip([]byte(pp.Key))),
					Kind: ErrSingleSample}
			}
			ds.Warnings.SingleSamplePrompts++
			if ds.Warnings.SingleSampleLine == 0 {
				ds.Warnings.SingleSampleLine = pp.Line
			}
			continue
		}
		if d := duplicates(pp); d > 0 {
			ds.Warnings.DuplicateSamples += d
			ds.Warnings.DuplicatePrompts++
		}
		if constant(pp.Rewards) {
			ds.Warnings.ConstantPrompts++
		}
		ds.Samples += len(pp.Rewards)
		kept = append(kept, pp)
	}
	clear(prompts[len(kept):])
	ds.Prompts = kept
	if len(kept) == 0 {
		return nil, &SyntaxError{File: ds.Name,
			Msg:  fmt.Sprintf("no prompt has at least 2 samples (%d prompts with a single sample, first at line %d); best-of-N needs several samples per prompt", ds.Warnings.SingleSamplePrompts, ds.Warnings.SingleSampleLine),
			Kind: ErrNoPrompts}
	}
	return ds, nil
}

func describeFormat(r *Reader) string {
	csv := "a CSV header row naming " + r.opt.PromptField + " and " + r.opt.RewardField + ", then one sample per row"
	jsonl := "one JSON object per line, such as {\"" + r.opt.PromptField + "\": \"p1\", \"" + r.opt.RewardField + "\": 0.5}"
	switch {
	case r.sniffed:
		return jsonl + ", or " + csv
	case r.Format() == FormatCSV:
		return csv
	}
	return jsonl
}

// duplicates counts samples whose (logprob, reward) equals an earlier
// sample's. Θ(n log n).
func duplicates(pp Prompt) int {
	if pp.Logprobs == nil {
		return 0
	}
	type pair struct{ lp, r float64 }
	ps := make([]pair, len(pp.Rewards))
	for i := range ps {
		ps[i] = pair{pp.Logprobs[i], pp.Rewards[i]}
	}
	slices.SortFunc(ps, func(a, b pair) int {
		if c := cmp.Compare(a.lp, b.lp); c != 0 {
			return c
		}
		return cmp.Compare(a.r, b.r)
	})
	d := 0
	for i := 1; i < len(ps); i++ {
		if ps[i] == ps[i-1] {
			d++
		}
	}
	return d
}

func constant(r []float64) bool {
	for _, x := range r[1:] {
		if x != r[0] {
			return false
		}
	}
	return true
}
