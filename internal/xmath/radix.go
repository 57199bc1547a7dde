package xmath

import (
	"cmp"
	"math"
	"slices"
)

// OrderDesc returns the permutation that sorts keys in decreasing order
// (stable; NaN not allowed). It is an LSD radix sort on the IEEE-754 bit
// patterns mapped to order-preserving unsigned integers, 16 bits per pass:
// Θ(n) time and Θ(n) extra memory, several times faster than a comparison
// sort at the 10⁶–10⁷ sizes of type enumeration.
func OrderDesc(keys []float64) []int32 {
	n := len(keys)
	if n < 1<<14 { // the 4×65536 counters would dominate: comparison sort
		idx := make([]int32, n)
		for i := range idx {
			idx[i] = int32(i)
		}
		slices.SortStableFunc(idx, func(a, b int32) int { return cmp.Compare(keys[b], keys[a]) })
		return idx
	}
	ukeys := make([]uint64, n)
	idx := make([]int32, n)
	for i, k := range keys {
		b := math.Float64bits(k)
		if b>>63 == 1 {
			b = ^b
		} else {
			b |= 1 << 63
		}
		ukeys[i] = ^b // descending
		idx[i] = int32(i)
	}
	tk := make([]uint64, n)
	ti := make([]int32, n)
	var count [1 << 16]int
	for shift := uint(0); shift < 64; shift += 16 {
		for i := range count {
			count[i] = 0
		}
		for _, k := range ukeys {
			count[(k>>shift)&0xffff]++
		}
		if count[(ukeys[0]>>shift)&0xffff] == n {
			continue // all equal in this digit
		}
		sum := 0
		for i, c := range count {
			count[i] = sum
			sum += c
		}
		for i, k := range ukeys {
			d := (k >> shift) & 0xffff
			tk[count[d]] = k
			ti[count[d]] = idx[i]
			count[d]++
		}
		ukeys, tk = tk, ukeys
		idx, ti = ti, idx
	}
	return idx
}
