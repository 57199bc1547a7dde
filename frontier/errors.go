package frontier

import (
	"errors"
	"fmt"
	"strconv"
)

// Kinds of bad input, for errors.Is on a *SyntaxError (which unwraps to one
// of them) or on the error returned by Group.
var (
	// ErrSyntax: a line that is not a valid JSON object, or a CSV record that
	// does not parse (quotes, field count).
	ErrSyntax = errors.New("invalid line")
	// ErrMissingField: a chosen field (prompt, reward, logprob) is absent.
	ErrMissingField = errors.New("missing field")
	// ErrBadValue: a field of the wrong kind (a reward that is not a finite
	// number, a prompt that is not a scalar, a field given twice).
	ErrBadValue = errors.New("bad value")
	// ErrEmpty: the input holds no sample at all.
	ErrEmpty = errors.New("no samples")
	// ErrSingleSample: a prompt with one sample under GroupOptions.Strict.
	ErrSingleSample = errors.New("prompt with a single sample")
	// ErrNoPrompts: no prompt has two or more samples (all were skipped).
	ErrNoPrompts = errors.New("no prompt with at least 2 samples")
	// ErrRewardRange: a prompt's rewards are finite but so far apart that
	// their difference overflows float64 (beyond about ±8.9e307).
	ErrRewardRange = errors.New("reward spread overflows float64")
)

// SyntaxError reports bad input at one line of one file: the 1-based line
// number (for CSV, the line of the offending field, or where the record
// starts for a record-level problem; 0 when the problem
// is with the whole input), the field concerned (empty when the line as a
// whole is at fault) and what was expected. It unwraps to one of ErrSyntax,
// ErrMissingField, ErrBadValue, ErrEmpty, ErrSingleSample or ErrNoPrompts.
type SyntaxError struct {
	File  string // input name ("-" or "stdin" for standard input)
	Line  int    // 1-based line number; 0 for the whole input
	Field string // field name, or "" for the whole line
	Msg   string // what is wrong and what was expected
	Kind  error  // ErrSyntax, ErrMissingField, ...
}

// Error formats the error as "FILE:LINE: field "F": message" (LINE and the
// field part omitted when zero or empty).
func (e *SyntaxError) Error() string {
	s := e.File
	if s == "" {
		s = "input"
	}
	if e.Line > 0 {
		s += ":" + strconv.Itoa(e.Line)
	}
	s += ": "
	if e.Field != "" {
		s += fmt.Sprintf("field %q: ", e.Field)
	}
	return s + e.Msg
}

// Unwrap returns the kind of the error (ErrSyntax, ErrMissingField, ...).
func (e *SyntaxError) Unwrap() error { return e.Kind }
