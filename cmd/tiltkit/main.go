// Command tiltkit computes the objects of "Asymptotics of Language Model
// Alignment": the mismatched tilt, best-of-N, their reward–KL trade-offs,
// sequences, large deviations, and a reproduction of the paper.
// See README.md and SPEC.md; `tiltkit --help` lists the commands.
package main

import (
	"os"

	"github.com/tiltkit/tiltkit/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr))
}
