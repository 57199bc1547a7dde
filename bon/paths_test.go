package bon

import (
	"math"
	"testing"

	"github.com/tiltkit/tiltkit/dist"
)

// The linear-space and log-space paths of LogRatios compute the same
// quantity by different formulas; each is the other's reference.
func TestLogRatiosLinearMatchesLogSpace(t *testing.T) {
	const tol = 1e-11 // relative to max(1, |x|)
	for _, k := range []int{2, 3, 10, 1000} {
		for seed := uint64(1); seed <= 3; seed++ {
			p := dist.Dirichlet(k, seed, 0.5).Values
			q := dist.Dirichlet(k, seed+100, 1)
			lv, _, err := symbolLevels(p, q.LogValues())
			if err != nil {
				t.Fatal(err)
			}
			if lv.mass == nil {
				continue // masses below the linear range: only the log path applies
			}
			logOnly := Levels{LogMass: lv.LogMass, Reward: lv.Reward}
			for _, n := range []float64{1.5, 2, 3.5, 10, 1000, 1e6, 1e12, 1e300} {
				c, _ := NewCount(n)
				a, b := lv.LogRatios(c), logOnly.LogRatios(c)
				for j := range a {
					if math.IsInf(a[j], -1) && math.IsInf(b[j], -1) {
						continue
					}
					if d := math.Abs(a[j] - b[j]); !(d <= tol*math.Max(1, math.Abs(b[j]))) {
						t.Errorf("K=%d seed=%d N=%g level %d: linear %v, log-space %v", k, seed, n, j, a[j], b[j])
					}
				}
			}
		}
	}
}
