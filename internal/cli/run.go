// Package cli implements the tiltkit command line: flag parsing, input
// loading and printing only. All computation lives in the library packages.
package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// Version is tiltkit's version, printed by --version and in reports.
var Version = "0.1.0"

// Exit codes (SPEC).
const (
	ExitOK       = 0
	ExitInternal = 1
	ExitUsage    = 2
)

// usageError marks bad input or usage (exit 2).
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// usagef returns a usage error (exit 2).
func usagef(format string, a ...any) error {
	return &usageError{fmt.Errorf(format, a...)}
}

// badInput wraps err as a usage error, prefixed with the flag or input name.
func badInput(name string, err error) error {
	if err == nil {
		return nil
	}
	if name == "" {
		return &usageError{err}
	}
	return &usageError{fmt.Errorf("%s: %w", name, err)}
}

// internalError marks a failure of tiltkit itself (exit 1).
type internalError struct{ err error }

func (e *internalError) Error() string { return e.err.Error() }
func (e *internalError) Unwrap() error { return e.err }

func internalf(format string, a ...any) error {
	return &internalError{fmt.Errorf(format, a...)}
}

// Run runs tiltkit with args (without the program name), writing results to
// stdout and messages to stderr, and returns the exit code. Results are
// buffered so that nothing reaches stdout when the command fails.
func Run(args []string, stdout, stderr io.Writer) (code int) {
	var out bytes.Buffer
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "tiltkit: internal error: %v\n", r)
			if strings.Contains(strings.Join(args, " "), "--debug-panic") {
				fmt.Fprintf(stderr, "%s\n", debug.Stack())
			}
			code = ExitInternal
		}
	}()
	root := newRoot(&out, stderr)
	root.SetArgs(args)
	err := root.Execute()
	if err != nil {
		fmt.Fprintf(stderr, "tiltkit: %v\n", err)
		var ie *internalError
		if errors.As(err, &ie) {
			return ExitInternal
		}
		return ExitUsage
	}
	if _, err := io.Copy(stdout, &out); err != nil {
		fmt.Fprintf(stderr, "tiltkit: writing output: %v\n", err)
		return ExitInternal
	}
	return ExitOK
}

// env carries what every command needs.
type env struct {
	out, errw io.Writer
	quiet     bool
}

func newRoot(out, errw io.Writer) *cobra.Command {
	e := &env{out: out, errw: errw}
	root := &cobra.Command{
		Use:   "tiltkit",
		Short: "Exact computations for \"Asymptotics of Language Model Alignment\"",
		Long: `tiltkit computes, exactly and fast, the optimal KL-constrained alignment
policy (the mismatched tilt), the best-of-N policy, their reward–KL trade-offs,
and their behaviour on long sequences (types, large deviations).

Natural logarithms (nats) throughout; symbols are indexed 0..K-1; the reward
is r = log q.`,
		Version:       Version,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return usagef("missing command; run 'tiltkit --help' to list them")
		},
	}
	root.CompletionOptions.DisableDefaultCmd = true
	root.PersistentFlags().BoolVar(&e.quiet, "quiet", false, "no progress output on stderr")
	root.SetOut(out)
	root.SetErr(errw)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return usagef("%v (see '%s --help')", err, cmd.CommandPath())
	})
	root.AddCommand(
		newTiltCmd(e),
		newBonCmd(e),
		newCompareCmd(e),
		newCumulantCmd(e),
		newSeqCmd(e),
		newSampleCmd(e),
		newLDPCmd(e),
		newFrontierCmd(e),
		newSweepCmd(e),
		newPaperCmd(e),
	)
	for _, c := range root.Commands() {
		c.Args = cobra.NoArgs
	}
	return root
}
