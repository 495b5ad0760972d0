package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
)

// machine describes the CPUs and the memory, from /proc.
func machine() string {
	model := procField("/proc/cpuinfo", "model name")
	memory := procField("/proc/meminfo", "MemTotal")
	if kB, err := strconv.ParseInt(strings.TrimSuffix(memory, " kB"), 10, 64); err == nil {
		memory = fmt.Sprintf("%.1f GiB", float64(kB)/(1<<20))
	}
	return fmt.Sprintf("%d CPUs (%s), %s of memory", runtime.NumCPU(), model, memory)
}

// procField returns the value of the first "name: value" line of a /proc
// file, or "unknown".
func procField(path, name string) string {
	text, err := os.ReadFile(path)
	if err != nil {
		return "unknown"
	}
	for line := range strings.Lines(string(text)) {
		key, value, ok := strings.Cut(line, ":")
		if ok && strings.TrimSpace(key) == name {
			return strings.TrimSpace(value)
		}
	}
	return "unknown"
}

// loadAverage is the one-minute load average, or "unknown".
func loadAverage() string {
	text, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	one, _, _ := strings.Cut(string(text), " ")
	return one
}

// loadNote says how busy the machine was: other work on it slows both
// sides of each ratio, but not always alike.
func (b *bench) loadNote() string {
	return fmt.Sprintf("The one-minute load average was %s at the start and %s at the end (%d CPUs).",
		b.startLoad, loadAverage(), runtime.NumCPU())
}
