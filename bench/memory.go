package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver"
	"github.com/statushub-community/terraform-provider-statushub/internal/client"
	"github.com/statushub-community/terraform-provider-statushub/internal/store"
)

// memoryHubs × memoryComponentsPerHub components are loaded for the
// memory figure.
const (
	memoryHubs             = 100
	memoryComponentsPerHub = 1000
)

// memoryResult is the memory of a serve process, in bytes.
type memoryResult struct {
	Components int
	RSS, Peak  int64 // VmRSS and VmHWM
}

// measureMemory loads the components into a store directly, serves it with
// the built `statushub-server serve`, lists every hub's components through
// the API, and reads the process's resident memory.
func (b *bench) measureMemory(ctx context.Context) (memoryResult, error) {
	dir, err := os.MkdirTemp(b.tmp, "memory-")
	if err != nil {
		return memoryResult{}, err
	}
	defer os.RemoveAll(dir)
	db := filepath.Join(dir, "statushub.db")
	b.logf("memory: loading %d components", memoryHubs*memoryComponentsPerHub)
	ownerKey, hubs, err := seedStore(ctx, db)
	if err != nil {
		return memoryResult{}, err
	}

	cmd := exec.CommandContext(ctx, b.server, "serve", "--listen", "127.0.0.1:0", "--db", db,
		"--rate-limit", "off", "--log-level", "warn")
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return memoryResult{}, err
	}
	if err := cmd.Start(); err != nil {
		return memoryResult{}, err
	}
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
	}()
	url, err := servingURL(stdout)
	if err != nil {
		return memoryResult{}, err
	}

	c, err := client.New(client.Config{Endpoint: url, APIKey: ownerKey})
	if err != nil {
		return memoryResult{}, err
	}
	b.logf("memory: listing them through %s", url)
	listed := 0
	for _, hub := range hubs {
		components, err := c.ListComponents(ctx, hub)
		if err != nil {
			return memoryResult{}, err
		}
		listed += len(components)
	}
	rss, peak, err := residentMemory(cmd.Process.Pid)
	return memoryResult{Components: listed, RSS: rss, Peak: peak}, err
}

// seedStore makes a store at path with the memory figure's components.
func seedStore(ctx context.Context, path string) (ownerKey string, hubs []string, err error) {
	st, err := store.Open(ctx, path)
	if err != nil {
		return "", nil, err
	}
	defer st.Close()
	if ownerKey, _, err = apiserver.Bootstrap(ctx, st); err != nil {
		return "", nil, err
	}
	hubs, err = seedHubs(ctx, st, ownerKey, memoryHubs, memoryComponentsPerHub)
	return ownerKey, hubs, err
}

// servingURL reads serve's output up to the line that says where it
// listens, and drains the rest.
func servingURL(stdout io.Reader) (string, error) {
	const prefix = "statushub: serving on "
	lines := bufio.NewScanner(stdout)
	for lines.Scan() {
		if url, ok := strings.CutPrefix(lines.Text(), prefix); ok {
			go func() { _, _ = io.Copy(io.Discard, stdout) }()
			return url, nil
		}
	}
	return "", fmt.Errorf("serve stopped before it said %q", prefix)
}

// residentMemory reads a process's VmRSS and VmHWM, in bytes.
func residentMemory(pid int) (rss, peak int64, err error) {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	for line := range strings.Lines(string(status)) {
		name, value, _ := strings.Cut(line, ":")
		kB, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 10, 64)
		switch {
		case name != "VmRSS" && name != "VmHWM":
			continue
		case err != nil:
			return 0, 0, fmt.Errorf("/proc/%d/status: %s: %w", pid, name, err)
		case name == "VmRSS":
			rss = kB << 10
		default:
			peak = kB << 10
		}
	}
	return rss, peak, nil
}
