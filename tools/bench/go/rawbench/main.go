// rawbench times Go's own raw trace reader (internal/trace/raw) over a trace
// held in memory, for gotrace's benchmarks. It imports a std-internal
// package, so tools/bench/run.mjs builds it from inside a Go source tree
// (GOROOT/src/cmd/gotrace-rawbench). It prints one JSON line.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"internal/trace/raw"
	"io"
	"os"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: rawbench TRACE")
		os.Exit(2)
	}
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	start := time.Now()
	r, err := raw.NewReader(bytes.NewReader(data))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	events := 0
	for {
		_, err := r.ReadEvent()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		events++
	}
	elapsed := time.Since(start).Seconds()
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	json.NewEncoder(os.Stdout).Encode(map[string]any{
		"bytes": len(data), "events": events, "seconds": elapsed, "maxRSSKiB": ru.Maxrss,
	})
}
