// Command gcassist writes a large trace of a program the garbage collector
// keeps busy: hundreds of goroutines allocate fast while each keeps a ring of
// recent objects alive (a moderate live heap), with GOGC at 10, so a GC cycle
// is nearly always running and allocating goroutines are made to assist it.
// The trace is full of GC, mark assist, sweep, heap-size and preemption
// events among the scheduling ones. It is the benchmark kind "gcassist"
// (tools/bench/make-trace.sh gcassist).
//
// Usage: gcassist [-workers N] [-allocs N] [-ring N] [OUT]   (OUT defaults to stdout)
// The trace grows with -allocs (the size knob): the default writes
// 60 to 140 MB in about 20 s on two busy cores, with thousands of GC cycles
// (how many depends on how the GC paces itself on the machine of the day).
package main

import (
	"flag"
	"runtime"
	"runtime/debug"
	"runtime/trace"
	"sync"

	"gotrace.local/bench/internal/out"
)

type node struct {
	next  *node
	words [120]uint64
}

func worker(id, allocs, ring int, done *sync.WaitGroup) {
	defer done.Done()
	live := make([]*node, ring)
	var buf []byte
	for i := 0; i < allocs; i++ {
		// Each node points at one still in the ring, so marking follows
		// pointers; the evicted node drops its own, so the live heap stays
		// at about ring nodes per goroutine instead of one long chain.
		if old := live[i%ring]; old != nil {
			old.next = nil
		}
		n := &node{next: live[(i+ring/2)%ring]}
		n.words[i%120] = uint64(id)
		live[i%ring] = n
		if i%4 == 0 {
			// A larger, short-lived buffer now and then, from other size classes.
			buf = make([]byte, 2048+(i%6144))
			buf[0] = byte(i)
		}
		if i%1024 == 0 {
			// Let others run: with more goroutines than Ps, this is where
			// the scheduler interleaves them between GC work.
			runtime.Gosched()
		}
	}
	_ = buf
}

func main() {
	workers := flag.Int("workers", 300, "allocating goroutines")
	allocs := flag.Int("allocs", 12000, "objects each goroutine allocates (the size knob)")
	ring := flag.Int("ring", 60, "objects each goroutine keeps alive")
	flag.Parse()
	debug.SetGCPercent(10)
	w, closeOut := out.Open(flag.Arg(0))
	if err := trace.Start(w); err != nil {
		out.Fail(err)
	}
	var wg sync.WaitGroup
	for i := 0; i < *workers; i++ {
		wg.Add(1)
		go worker(i, *allocs, *ring, &wg)
	}
	wg.Wait()
	trace.Stop()
	closeOut()
}
