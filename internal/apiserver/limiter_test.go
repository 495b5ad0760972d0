package apiserver

import (
	"testing"
	"time"
)

func TestRetryAfterSeconds(t *testing.T) {
	t.Parallel()
	cases := []struct {
		wait time.Duration
		want int
	}{
		{time.Millisecond, 1},
		{time.Second, 1},
		{1200 * time.Millisecond, 2},
		{4 * time.Second, 4},
	}
	for _, tc := range cases {
		if got := retryAfterSeconds(tc.wait); got != tc.want {
			t.Errorf("retryAfterSeconds(%v) = %d, want %d", tc.wait, got, tc.want)
		}
	}
}

// TestLimiterForgetsIdleKeys: the map of buckets does not grow with every
// key ever seen, and forgetting a key does not reset a bucket early.
func TestLimiterForgetsIdleKeys(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	l := newLimiter(RateLimits{ReadPerSecond: 1, WritePerSecond: 0.001}, func() time.Time { return now })

	for _, key := range []string{"a", "b", "c"} {
		if ok, _, _ := l.allow(key, false); !ok {
			t.Fatalf("first read of %s refused", key)
		}
	}
	if ok, _, _ := l.allow("slow", true); !ok {
		t.Fatal("first write refused")
	}
	now = now.Add(sweepInterval)
	l.allow("d", false)

	if _, kept := l.buckets[bucketKey{keyID: "a"}]; kept || len(l.buckets) != 2 {
		t.Errorf("after a sweep the buckets are %v, want those of slow (not full yet) and d", l.buckets)
	}
	if ok, _, _ := l.allow("slow", true); ok {
		t.Error("the sweep dropped a bucket that was not full")
	}
}
