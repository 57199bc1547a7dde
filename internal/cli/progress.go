package cli

import (
	"io"
	"os"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progressBar is a progress bar on stderr, shown only when stderr is a terminal
// and --quiet is not set (SPEC: never on stdout, silent otherwise).
type progressBar struct{ bar *progressbar.ProgressBar }

func (e *env) newBar(total int, what string) *progressBar {
	f, ok := e.errw.(*os.File)
	if e.quiet || !ok || !term.IsTerminal(int(f.Fd())) || total <= 0 {
		return &progressBar{}
	}
	bar := progressbar.NewOptions(total,
		progressbar.OptionSetWriter(io.Writer(f)),
		progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionThrottle(100_000_000),
	)
	return &progressBar{bar: bar}
}

// Set moves the bar to n (safe to call from several goroutines).
func (p *progressBar) Set(n int) {
	if p.bar != nil {
		_ = p.bar.Set(n)
	}
}

// Add advances the bar by n.
func (p *progressBar) Add(n int) {
	if p.bar != nil {
		_ = p.bar.Add(n)
	}
}

// Done finishes and clears the bar.
func (p *progressBar) Done() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
