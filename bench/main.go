// Command bench measures what the StatusHub provider costs above
// Terraform's own floor (terraform_data resources of the same shape), how
// much of that any terraform-plugin-framework plugin would cost (the plugin
// floor: bench/floorprovider, StatusHub's schemas without the API), and what
// the reference API costs above a bare handler, and checks the figures
// against the budgets that BENCHMARKS.md explains. Every figure is a ratio
// against a baseline measured in the same run. It is a module of its own;
// run it from its directory, bench/ (`make bench` does):
//
//	go run .                        every figure
//	BENCH_QUICK=1 go run .          fewer sizes and runs, to iterate
//	go run . -write                 also rewrite BENCHMARKS.md's figures and chart
//	go run . -only server           some sections: overhead, refresh, ratelimit, server, memory
//	go run . -cpuprofile FILE       serve the provider from the bench process
//	                                (debug mode) and profile it with the API;
//	                                the plugin floor still runs its binary
//
// It exits 1 when a figure misses its budget.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"
)

// repoRoot is the provider's module, seen from bench/.
const repoRoot = ".."

// Where the results go with -write.
const (
	benchmarksFile = repoRoot + "/BENCHMARKS.md"
	chartFile      = "plan-time.svg"
	chartLink      = "bench/" + chartFile // as BENCHMARKS.md links it
	resultsBegin   = "<!-- bench:results:begin -->"
	resultsEnd     = "<!-- bench:results:end -->"
)

// allSections are the parts of the bench, in the order they run.
var allSections = []string{"overhead", "refresh", "ratelimit", "server", "memory"}

// plan is what a run measures: the full one, or the quick one.
type plan struct {
	Sizes        []int       // objects; the first is the headline size
	Runs         map[int]int // per size
	RefreshSize  int         // components of the refresh workload
	RefreshRuns  int         // its plans with and without rate limits
	LimitedRuns  int
	LoadRuns     int
	LoadDuration time.Duration
}

var (
	fullPlan = plan{
		Sizes: []int{1000, 100, 3000}, Runs: map[int]int{100: 5, 1000: 3, 3000: 1},
		RefreshSize: 1000, RefreshRuns: 3, LimitedRuns: 3, LoadRuns: 3, LoadDuration: 3 * time.Second,
	}
	quickPlan = plan{
		Sizes: []int{1000, 100}, Runs: map[int]int{100: 1, 1000: 1},
		RefreshSize: 1000, RefreshRuns: 1, LimitedRuns: 1, LoadRuns: 1, LoadDuration: time.Second,
	}
)

// bench holds what every section needs.
type bench struct {
	plan      plan
	tmp       string // removed at the end
	terraform string
	cliConfig string // dev_overrides pointing at the freshly built provider
	server    string // the freshly built statushub-server
	floorCLI  string // dev_overrides pointing at the plugin floor's binary
	reattach  string // TF_REATTACH_PROVIDERS=…, when the provider runs in process
	log       io.Writer
	startLoad string // the load average when the bench started
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run() error {
	quick := flag.Bool("quick", os.Getenv("BENCH_QUICK") != "", "fewer sizes and runs (also BENCH_QUICK=1)")
	write := flag.Bool("write", false, "rewrite the figures in "+benchmarksFile+" and "+chartFile)
	only := flag.String("only", strings.Join(allSections, ","), "comma-separated `sections` to run")
	terraform := flag.String("terraform", "terraform", "the Terraform CLI to run")
	cpuprofile := flag.String("cpuprofile", "", "serve the provider in process and write a CPU profile of it and the API to `file`")
	flag.Parse()
	sectionNames := strings.Split(*only, ",")
	for _, name := range sectionNames {
		if !slices.Contains(allSections, name) {
			return fmt.Errorf("-only: no section %q: want some of %s", name, strings.Join(allSections, ","))
		}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	b, err := setUp(ctx, *terraform, *quick)
	if err != nil {
		return err
	}
	defer os.RemoveAll(b.tmp)
	if *cpuprofile != "" {
		if b.reattach, err = serveProviderInProcess(ctx); err != nil {
			return err
		}
		stopProfile, err := startCPUProfile(*cpuprofile)
		if err != nil {
			return err
		}
		defer func() {
			if err := stopProfile(); err != nil {
				b.logf("writing the CPU profile: %v", err)
			}
		}()
	}

	started := time.Now()
	sections, sizes, err := b.measure(ctx, sectionNames)
	if err != nil {
		return err
	}
	b.logf("done in %s", time.Since(started).Round(time.Second))

	var table bytes.Buffer
	writeTable(&table, sections)
	fmt.Print(table.String())
	if *write {
		if err := writeResults(b.describe(started, *quick), table.String(), sizes); err != nil {
			return err
		}
	}
	if m := missed(sections); len(m) > 0 {
		return fmt.Errorf("%d figures miss their budget:\n  %s", len(m), strings.Join(m, "\n  "))
	}
	return nil
}

// setUp builds the provider, the plugin floor and statushub-server into a
// temporary directory and writes the CLI configurations that point
// Terraform at the providers.
func setUp(ctx context.Context, terraform string, quick bool) (*bench, error) {
	b := &bench{plan: fullPlan, log: os.Stderr, startLoad: loadAverage()}
	if quick {
		b.plan = quickPlan
	}
	var err error
	if b.terraform, err = exec.LookPath(terraform); err != nil {
		return nil, err
	}
	if b.tmp, err = os.MkdirTemp("", "statushub-bench-"); err != nil {
		return nil, err
	}
	b.logf("building the provider, the plugin floor and statushub-server")
	b.server = filepath.Join(b.tmp, "statushub-server")
	b.cliConfig, err = buildProvider(ctx, repoRoot, ".", b.tmp)
	if err == nil {
		b.floorCLI, err = buildProvider(ctx, ".", "./floorprovider", filepath.Join(b.tmp, "floor"))
	}
	if err == nil {
		err = goBuild(ctx, repoRoot, "./cmd/statushub-server", b.server)
	}
	if err != nil {
		os.RemoveAll(b.tmp)
		return nil, err
	}
	return b, nil
}

// buildProvider builds pkg, in the module at moduleDir, as
// dir/bin/terraform-provider-statushub and writes dir/dev-overrides.tfrc,
// which points Terraform at it.
func buildProvider(ctx context.Context, moduleDir, pkg, dir string) (cliConfig string, err error) {
	binDir := filepath.Join(dir, "bin")
	if err := goBuild(ctx, moduleDir, pkg, filepath.Join(binDir, "terraform-provider-statushub")); err != nil {
		return "", err
	}
	cliConfig = filepath.Join(dir, "dev-overrides.tfrc")
	return cliConfig, writeCLIConfig(filepath.Join(repoRoot, ".tf-cli", "dev-overrides.tfrc.tmpl"), binDir, cliConfig)
}

// goBuild builds pkg into binary (an absolute path) in the module at
// moduleDir: the provider and the server with the provider's go.mod, as
// they are released.
func goBuild(ctx context.Context, moduleDir, pkg, binary string) error {
	build := exec.CommandContext(ctx, "go", "build", "-o", binary, pkg)
	build.Dir = moduleDir
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("building %s in %s: %w", pkg, moduleDir, err)
	}
	return nil
}

// measure runs the sections named in only and returns their figures, and
// the sizes measured, for the chart.
func (b *bench) measure(ctx context.Context, only []string) ([]section, []sizeResult, error) {
	var sections, scaling []section
	var sizes []sizeResult
	if slices.Contains(only, "overhead") {
		for i, n := range b.plan.Sizes {
			r, err := b.measureSize(ctx, n, b.plan.Runs[n])
			if err != nil {
				return nil, nil, err
			}
			sizes = append(sizes, r)
			if i == 0 {
				sections = append(sections, overheadSection(r), apiCallsSection(r))
			} else {
				scaling = append(scaling, overheadSection(r), apiCallsSection(r))
			}
		}
		slices.SortFunc(sizes, func(a, b sizeResult) int { return a.Objects - b.Objects })
	}
	if slices.Contains(only, "refresh") {
		r, err := b.measureRefresh(ctx, b.plan.RefreshSize, b.plan.RefreshRuns)
		if err != nil {
			return nil, nil, err
		}
		sections = append(sections, refreshSection(r))
	}
	if slices.Contains(only, "ratelimit") {
		runs, err := b.measureRateLimited(ctx, b.plan.LimitedRuns)
		if err != nil {
			return nil, nil, err
		}
		sections = append(sections, rateLimitSection(runs))
	}
	if slices.Contains(only, "server") {
		results, err := b.serverThroughput(ctx)
		if err != nil {
			return nil, nil, err
		}
		sections = append(sections, serverSection(results))
	}
	if slices.Contains(only, "memory") {
		m, err := b.measureMemory(ctx)
		if err != nil {
			return nil, nil, err
		}
		sections = append(sections, memorySection(m))
	}
	return append(sections, scaling...), sizes, nil
}

// providerEnv points the provider at srv. A provider served in process
// reads the bench process's own environment.
func (b *bench) providerEnv(srv *refServer) []string {
	env := []string{"STATUSHUB_ENDPOINT=" + srv.URL, "STATUSHUB_API_KEY=" + srv.OwnerKey}
	if b.reattach == "" {
		return env
	}
	for _, kv := range env {
		name, value, _ := strings.Cut(kv, "=")
		_ = os.Setenv(name, value)
	}
	return append(env, b.reattach)
}

func (b *bench) logf(format string, args ...any) {
	fmt.Fprintf(b.log, "bench: "+format+"\n", args...)
}

// writeResults puts the figures between the markers of BENCHMARKS.md and
// draws the chart.
func writeResults(header, table string, sizes []sizeResult) error {
	doc, err := os.ReadFile(benchmarksFile)
	if err != nil {
		return err
	}
	results := header + "\n" + table
	if len(sizes) > 0 {
		if err := writeChart(chartFile, sizes); err != nil {
			return err
		}
		results += "\n![Plan time against object count](" + chartLink + ")\n"
	}
	updated, err := spliceResults(string(doc), results)
	if err != nil {
		return err
	}
	return os.WriteFile(benchmarksFile, []byte(updated), 0o644)
}

// spliceResults replaces what doc holds between its results markers with
// results.
func spliceResults(doc, results string) (string, error) {
	before, rest, found := strings.Cut(doc, resultsBegin)
	_, after, foundEnd := strings.Cut(rest, resultsEnd)
	if !found || !foundEnd {
		return "", fmt.Errorf("%s has no %s … %s section", benchmarksFile, resultsBegin, resultsEnd)
	}
	return before + resultsBegin + "\n" + results + resultsEnd + after, nil
}

// describe says when, how and on what machine the figures were measured.
func (b *bench) describe(started time.Time, quick bool) string {
	mode := "`make bench`"
	if quick {
		mode = "`BENCH_QUICK=1 make bench` (quick: fewer sizes and runs)"
	}
	version, _ := exec.Command(b.terraform, "version").Output()
	terraform, _, _ := strings.Cut(string(version), "\n")
	return fmt.Sprintf("Measured on %s with %s, in %s, on %s; %s, %s. %s\n",
		started.UTC().Format("2006-01-02"), mode, time.Since(started).Round(time.Second),
		machine(), terraform, runtime.Version(), b.loadNote())
}
