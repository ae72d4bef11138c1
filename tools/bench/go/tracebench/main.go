// tracebench times Go's own trace readers over a trace held in memory, for
// gotrace's benchmarks: -mode=raw is internal/trace/raw (events as on the
// wire), -mode=reader is internal/trace (ordered and validated events). It
// -mode=summary is internal/trace's Summarizer fed every event of the reader
// (goroutine, task and region summaries, as cmd/trace computes them). It
// imports std-internal packages, so tools/bench/run.mjs builds it from inside
// a Go source tree (GOROOT/src/cmd/gotrace-tracebench). It prints one JSON line.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"internal/trace"
	"internal/trace/raw"
	"io"
	"os"
	"syscall"
	"time"
)

func main() {
	mode := flag.String("mode", "raw", "raw, reader or summary")
	flag.Parse()
	if flag.NArg() != 1 || (*mode != "raw" && *mode != "reader" && *mode != "summary") {
		fmt.Fprintln(os.Stderr, "usage: tracebench -mode=raw|reader|summary TRACE")
		os.Exit(2)
	}
	data, err := os.ReadFile(flag.Arg(0))
	check(err)
	start := time.Now()
	events := 0
	goroutines, tasks := 0, 0
	if *mode == "raw" {
		r, err := raw.NewReader(bytes.NewReader(data))
		check(err)
		for ; ; events++ {
			if _, err := r.ReadEvent(); err == io.EOF {
				break
			} else {
				check(err)
			}
		}
	} else {
		r, err := trace.NewReader(bytes.NewReader(data))
		check(err)
		var s *trace.Summarizer
		if *mode == "summary" {
			s = trace.NewSummarizer()
		}
		for ; ; events++ {
			ev, err := r.ReadEvent()
			if err == io.EOF {
				break
			}
			check(err)
			if s != nil {
				s.Event(&ev)
			}
		}
		if s != nil {
			summary := s.Finalize()
			goroutines = len(summary.Goroutines)
			tasks = len(summary.Tasks)
		}
	}
	elapsed := time.Since(start).Seconds()
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	json.NewEncoder(os.Stdout).Encode(map[string]any{
		"bytes": len(data), "events": events, "seconds": elapsed, "maxRSSKiB": ru.Maxrss,
		"goroutines": goroutines, "tasks": tasks,
	})
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
