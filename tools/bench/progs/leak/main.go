// Command leak is a leaking service for the heap benchmark: request handlers
// on many goroutines make short-lived garbage (a request buffer, a parsed
// header map, a response builder) and also keep a little of every request in
// structures nothing ever trims: a cache entry in a map (key string, value
// bytes, pointer to the request record), a byte slice in an access log, and
// a request record linked into a per-handler history. Run with Go 1.27 and
// GODEBUG=traceallocfree=1, the default size writes a trace of about 160 MB
// whose live heap ends above 4 million objects (tools/bench/make-trace.sh leak).
//
// Usage: leak [-o OUT] [-requests N] [-handlers N] [-garbage N]
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/trace"
	"strconv"
	"strings"
	"sync"
)

// record is what the service keeps of each request: a small struct with pointers.
type record struct {
	id     int64
	path   string
	prev   *record
	status int32
}

// cacheEntry is a response cached forever (the leak's cache never evicts).
type cacheEntry struct {
	key   string
	body  []byte
	req   *record
	hits  int
	stamp int64
}

type service struct {
	mu     sync.Mutex
	cache  map[string]*cacheEntry
	access [][]byte
}

// history is one handler's chain of records, never trimmed.
type history struct {
	last  *record
	count int
}

var sink any

//go:noinline
func garbage(i, n int) int {
	// A request's temporaries: a read buffer, parsed headers, a builder; all
	// dead when the request is done.
	total := 0
	for j := 0; j < n; j++ {
		buf := make([]byte, 64+(i+j)%192)
		hdr := make(map[string]string, 2)
		hdr["x-req"] = strconv.Itoa(i + j)
		var b strings.Builder
		b.Write(buf[:16])
		b.WriteString(hdr["x-req"])
		total += b.Len()
		sink = buf
	}
	return total
}

func handle(s *service, h *history, id int64, garbageN int) {
	path := "/item/" + strconv.FormatInt(id, 10)
	r := &record{id: id, path: path, prev: h.last, status: 200}
	h.last = r
	h.count++
	_ = garbage(int(id), garbageN)
	body := make([]byte, 32+int(id%4)*16)
	body[0] = byte(id)
	line := make([]byte, 24)
	copy(line, path)
	e := &cacheEntry{key: path, body: body, req: r, stamp: id}
	s.mu.Lock()
	s.cache[path] = e
	s.access = append(s.access, line)
	s.mu.Unlock()
}

func main() {
	out := flag.String("o", "leak.trace", "trace output path")
	requests := flag.Int("requests", 850000, "requests in all (the size knob: each leaves about 5 live objects and 180 bytes of trace)")
	handlers := flag.Int("handlers", 32, "handler goroutines")
	garbageN := flag.Int("garbage", 2, "garbage rounds per request")
	flag.Parse()
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "leak:", err)
		os.Exit(1)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := trace.Start(w); err != nil {
		fmt.Fprintln(os.Stderr, "leak:", err)
		os.Exit(1)
	}
	s := &service{cache: make(map[string]*cacheEntry)}
	hist := make([]history, *handlers)
	work := make(chan int64, 1024)
	var wg sync.WaitGroup
	ctx := context.Background()
	for i := 0; i < *handlers; i++ {
		wg.Add(1)
		go func(h *history) {
			defer wg.Done()
			for id := range work {
				region := trace.StartRegion(ctx, "request")
				handle(s, h, id, *garbageN)
				region.End()
			}
		}(&hist[i])
	}
	for id := int64(0); id < int64(*requests); id++ {
		work <- id
	}
	close(work)
	wg.Wait()
	runtime.GC()
	trace.Stop()
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "leak:", err)
		os.Exit(1)
	}
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "leak:", err)
		os.Exit(1)
	}
	runtime.KeepAlive(s)
	runtime.KeepAlive(hist)
}
