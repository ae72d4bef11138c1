// Command annotations writes a large trace of user annotations: many
// goroutines creating nested tasks (trace.NewTask), regions
// (trace.WithRegion, trace.StartRegion) and log messages (trace.Log,
// trace.Logf) with varied categories and messages, some tasks ending on a
// goroutine other than the one that started them. It is the benchmark kind
// "annotations", recorded with Go 1.25 (tools/bench/make-trace.sh
// annotations), whose trace format ends each generation with spill batches.
//
// Usage: annotations [-workers N] [-requests N] [OUT]   (OUT defaults to stdout)
// The trace grows with -requests (the size knob): the default writes about
// 85 MB in a few seconds.
package main

import (
	"context"
	"flag"
	"fmt"
	"runtime/trace"
	"sync"
	"sync/atomic"

	"gotrace.local/bench/internal/out"
)

var categories = []string{"db", "cache", "auth", "render", "queue", "http", "", "retry"}
var stages = []string{"parse", "validate", "lookup", "compute", "encode", "flush"}

var sink atomic.Uint64

// work stands for a little real work inside a region, so regions have length.
func work(n int) {
	x := uint64(n)
	for i := 0; i < 50; i++ {
		x = x*6364136223846793005 + 1442695040888963407
	}
	sink.Add(x)
}

// request is one unit of work: a task with nested regions, a child task per
// stage, and log messages in several categories. Every few requests a
// sub-task is handed to another goroutine, which ends it.
func request(ctx context.Context, id int, handoff chan<- func()) {
	ctx, task := trace.NewTask(ctx, fmt.Sprintf("request/%d", id%50))
	defer task.End()
	trace.Log(ctx, categories[id%len(categories)], "start")
	trace.WithRegion(ctx, "handle", func() {
		for s, stage := range stages[:2+id%(len(stages)-1)] {
			sctx, sub := trace.NewTask(ctx, stage)
			r := trace.StartRegion(sctx, stage)
			trace.Logf(sctx, categories[(id+s)%len(categories)], "%s item=%d attempt=%d", stage, id, s)
			trace.WithRegion(sctx, "inner", func() {
				work(id + s)
				if s%2 == 1 {
					trace.Log(sctx, "detail", stage)
				}
			})
			r.End()
			if (id+s)%7 == 0 {
				// Ends on another goroutine: the task outlives this region.
				handoff <- func() {
					trace.Logf(sctx, "handoff", "ended elsewhere %d", id)
					sub.End()
				}
			} else {
				sub.End()
			}
		}
	})
	trace.Logf(ctx, categories[(id/3)%len(categories)], "done id=%d", id)
}

func main() {
	workers := flag.Int("workers", 64, "goroutines making requests")
	requests := flag.Int("requests", 180000, "requests in all (the size knob)")
	flag.Parse()
	w, closeOut := out.Open(flag.Arg(0))
	if err := trace.Start(w); err != nil {
		out.Fail(err)
	}
	ctx, root := trace.NewTask(context.Background(), "bench")
	handoff := make(chan func(), 64)
	var enders sync.WaitGroup
	for e := 0; e < 4; e++ {
		enders.Add(1)
		go func() {
			defer enders.Done()
			for f := range handoff {
				f()
			}
		}()
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for i := 0; i < *workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			wctx, wtask := trace.NewTask(ctx, fmt.Sprintf("worker-%d", i))
			defer wtask.End()
			for {
				id := next.Add(1)
				if id > int64(*requests) {
					return
				}
				request(wctx, int(id), handoff)
			}
		}()
	}
	wg.Wait()
	close(handoff)
	enders.Wait()
	root.End()
	trace.Stop()
	closeOut()
}
