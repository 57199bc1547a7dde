package cli

import (
	"context"
	"fmt"
	"runtime"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tiltkit/tiltkit/paper"
)

// describe changes the bar's description (no-op without a bar).
func (p *progressBar) describe(s string) {
	if p.bar != nil {
		p.bar.Describe(s)
	}
}

func newPaperCmd(e *env) *cobra.Command {
	var out string
	var quick, full bool
	var workers int
	cmd := &cobra.Command{
		Use:   "paper --out DIR [--quick | --full]",
		Short: "Reproduce every claim, table and figure of the paper into DIR (report.html, report.md, claims.json, figures)",
		Long: `Reproduces every definition-backed example, lemma, theorem, table and figure of
"Asymptotics of Language Model Alignment", each checked with numbers against a
criterion stated in advance, and writes into DIR:

  report.html   self-contained (figures inlined; opens offline)
  report.md     the same in Markdown, linking the PNG figures
  claims.json   {"claims": [{"id", "title", "status", "evidence", ...}]}
  NAME.svg, NAME.png   every figure

The default run takes about a minute on one core; --quick takes seconds
(tests), --full uses longer sequences and more random trials.`,
		Example: `  tiltkit paper --out report
  tiltkit paper --out /tmp/r --quick`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("out") || strings.TrimSpace(out) == "" {
				return usagef("--out is required (the directory to write the report into)")
			}
			if quick && full {
				return usagef("give at most one of --quick and --full")
			}
			if workers < 1 {
				return usagef("--workers %d: expected at least 1", workers)
			}
			level := paper.Default
			command := "go run ./cmd/tiltkit paper --out " + out
			switch {
			case quick:
				level = paper.Quick
				command += " --quick"
			case full:
				level = paper.Full
				command += " --full"
			}
			bar := e.newBar(1000, "paper")
			rep, err := paper.Build(context.Background(), paper.Options{
				Level: level, Workers: workers, Version: Version, Command: command,
				Progress: func(done, total int, what string) {
					bar.describe(what)
					bar.Set(done * 1000 / max(total, 1))
				},
			})
			if err != nil {
				bar.Done()
				return internalf("paper: %v", err)
			}
			bar.describe("writing figures")
			if err := rep.Write(out); err != nil {
				bar.Done()
				return internalf("paper: writing %s: %v", out, err)
			}
			bar.Done()
			n := rep.Counts()
			_, err = fmt.Fprintf(e.out, "wrote %s/report.html, report.md, claims.json and %d figures (SVG and PNG)\n%d items: %d reproduced, %d partly, %d not reproduced (computed in %.1f s)\n",
				out, len(rep.Figures()), len(rep.Claims), n[paper.Reproduced], n[paper.Partly], n[paper.NotReproduced], rep.Elapsed.Seconds())
			if err != nil {
				return err
			}
			for _, c := range rep.Claims {
				fmt.Fprintf(e.out, "  %-20s %-15s %s\n", c.ID, c.Status, c.Why)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "directory to write the report into (created if needed)")
	cmd.Flags().BoolVar(&quick, "quick", false, "small sizes: seconds (for tests)")
	cmd.Flags().BoolVar(&full, "full", false, "larger m, finer grids and more trials (minutes)")
	cmd.Flags().IntVar(&workers, "workers", runtime.GOMAXPROCS(0), "goroutines for the closing experiment (results do not depend on it)")
	return cmd
}
