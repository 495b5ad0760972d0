package main

import (
	"context"
	"time"

	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver"
)

// limitedObjects is the size of the workload applied under rate limits.
const limitedObjects = 200

// limitedResult is one apply under StatusHub's rate limits.
type limitedResult struct {
	Wall     time.Duration
	Bound    time.Duration // the least time the limits allow for its requests
	Requests tally
}

// measureRateLimited applies the workload of limitedObjects objects under
// the default rate limits, runs times, and returns the runs.
func (b *bench) measureRateLimited(ctx context.Context, runs int) ([]limitedResult, error) {
	limits := apiserver.DefaultRateLimits()
	var results []limitedResult
	for run := range runs {
		b.logf("%d objects under rate limits, run %d of %d", limitedObjects, run+1, runs)
		res, err := b.runWorkload(ctx, limitedObjects, statusHub, limits, phases[:1])
		if err != nil {
			return nil, err
		}
		t := res[0].Requests
		results = append(results, limitedResult{
			Wall:     res[0].Usage.Wall,
			Bound:    max(limitBound(t.Writes, limits.WritePerSecond), limitBound(t.Reads, limits.ReadPerSecond)),
			Requests: t,
		})
	}
	return results, nil
}

// limitBound is the least time in which a token bucket with a burst of its
// rate (as the reference API keeps one) lets n requests through.
func limitBound(n int, perSecond float64) time.Duration {
	beyondBurst := max(0, float64(n)-perSecond)
	return time.Duration(beyondBurst / perSecond * float64(time.Second))
}
