package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"
)

// loadResult is what a load run measured.
type loadResult struct {
	PerSecond float64 // requests answered 200
	Errors    int     // transport errors and answers other than 200
	P50, P99  time.Duration
}

// load sends GETs of url with the given headers over conns connections,
// each one request at a time, for d, and measures every request.
func load(ctx context.Context, url string, header http.Header, conns int, d time.Duration) (loadResult, error) {
	transport := &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns, DisableCompression: true}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport}

	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	latencies := make([][]time.Duration, conns)
	errs := make([]int, conns)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range conns {
		wg.Go(func() {
			latencies[i], errs[i] = worker(ctx, client, url, header)
		})
	}
	wg.Wait()
	elapsed := time.Since(start)

	all := slices.Concat(latencies...)
	if len(all) == 0 {
		return loadResult{}, fmt.Errorf("GET %s: no request succeeded", url)
	}
	slices.Sort(all)
	var errors int
	for _, n := range errs {
		errors += n
	}
	return loadResult{
		PerSecond: float64(len(all)) / elapsed.Seconds(),
		Errors:    errors,
		P50:       percentile(all, 0.50),
		P99:       percentile(all, 0.99),
	}, nil
}

// worker sends requests one after the other until ctx is done, and returns
// the latencies of those that succeeded and the number that failed.
func worker(ctx context.Context, client *http.Client, url string, header http.Header) ([]time.Duration, int) {
	var latencies []time.Duration
	var errors int
	for ctx.Err() == nil {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return latencies, errors + 1
		}
		req.Header = header
		start := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			if ctx.Err() == nil {
				errors++
			}
			continue
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		switch {
		case ctx.Err() != nil:
			// Cut off by the end of the run: not a measurement.
		case err != nil || resp.StatusCode != http.StatusOK:
			errors++
		default:
			latencies = append(latencies, time.Since(start))
		}
	}
	return latencies, errors
}

// percentile of sorted durations, nearest rank.
func percentile(sorted []time.Duration, p float64) time.Duration {
	i := int(float64(len(sorted))*p+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}
