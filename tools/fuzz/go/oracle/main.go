// oracle reports whether Go's own trace reader (internal/trace) accepts each
// trace named on standard input, one path per line, for gotrace's mutation
// fuzzer. For every path it prints one JSON line: ok, the reader's error, or
// the panic's first line when the reader panicked. A path ending in .txt is
// Go's raw text format instead: it is converted to binary as Go's own tools
// do (raw.TextReader into raw.Writer), which is what `gotrace encode` does. It imports std-internal
// packages, so tools/fuzz/src/go-oracle.mjs builds it inside GOROOT with
// `go build -overlay` (GOROOT itself is left untouched).
//
// A memory watchdog ends the process (exit 3) when the heap passes -maxheap,
// having first printed which file was being read; the caller records that
// file as an explosion and restarts the oracle after it. Hangs are the
// caller's to time out.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"internal/trace"
	"internal/trace/raw"
	"io"
	"os"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"time"
)

type result struct {
	Path   string `json:"path"`
	OK     bool   `json:"ok"`
	Events int    `json:"events"`
	Error  string `json:"error,omitempty"`
	Panic  string `json:"panic,omitempty"`
	// PrintPanic is set when reading succeeded (or failed) normally but
	// Event.String() panicked on some event, as `go tool trace -d=parsed` would.
	PrintPanic string `json:"printPanic,omitempty"`
}

func main() {
	maxHeap := flag.Uint64("maxheap", 2<<30, "heap bytes past which the oracle gives up on the current file")
	flag.Parse()
	var current atomic.Value
	current.Store("")
	go watchMemory(*maxHeap, &current)
	out := json.NewEncoder(os.Stdout)
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<16), 1<<20)
	for in.Scan() {
		path := in.Text()
		if path == "" {
			continue
		}
		current.Store(path)
		res := check(path)
		if err := out.Encode(res); err != nil {
			os.Exit(1)
		}
	}
}

func check(path string) (res result) {
	res.Path = path
	if strings.HasSuffix(path, ".txt") {
		return checkText(path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		res.Error = "oracle: " + err.Error()
		return res
	}
	defer func() {
		if p := recover(); p != nil {
			res.OK = false
			res.Panic = firstLine(fmt.Sprint(p))
		}
	}()
	r, err := trace.NewReader(bytes.NewReader(data))
	if err != nil {
		res.Error = err.Error()
		return res
	}
	for {
		ev, err := r.ReadEvent()
		if err == io.EOF {
			res.OK = true
			return res
		}
		if err != nil {
			res.Error = err.Error()
			return res
		}
		res.Events++
		if res.PrintPanic == "" {
			res.PrintPanic = printPanic(ev)
		}
	}
}

// checkText converts a text trace to binary, discarding the bytes.
func checkText(path string) (res result) {
	res.Path = path
	data, err := os.ReadFile(path)
	if err != nil {
		res.Error = "oracle: " + err.Error()
		return res
	}
	defer func() {
		if p := recover(); p != nil {
			res.OK = false
			res.Panic = firstLine(fmt.Sprint(p))
		}
	}()
	tr, err := raw.NewTextReader(bytes.NewReader(data))
	if err != nil {
		res.Error = err.Error()
		return res
	}
	w, err := raw.NewWriter(io.Discard, tr.Version())
	if err != nil {
		res.Error = err.Error()
		return res
	}
	for {
		ev, err := tr.ReadEvent()
		if err == io.EOF {
			res.OK = true
			return res
		}
		if err != nil {
			res.Error = err.Error()
			return res
		}
		if err := w.WriteEvent(ev); err != nil {
			res.Error = err.Error()
			return res
		}
		res.Events++
	}
}

// printPanic renders the event as -d=parsed does and returns the panic's
// first line if that panics.
func printPanic(ev trace.Event) (msg string) {
	defer func() {
		if p := recover(); p != nil {
			msg = firstLine(fmt.Sprint(p))
		}
	}()
	_ = ev.String()
	return ""
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func watchMemory(limit uint64, current *atomic.Value) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	for {
		time.Sleep(20 * time.Millisecond)
		metrics.Read(sample)
		if sample[0].Value.Kind() == metrics.KindUint64 && sample[0].Value.Uint64() > limit {
			json.NewEncoder(os.Stdout).Encode(result{Path: current.Load().(string), Error: "oracle: memory limit"})
			os.Exit(3)
		}
	}
}
