// Command flightrec writes what a service's flight recorder keeps: a job
// queue served by a pool of workers that contend on a mutex, wait on timers
// and selects, write to a pipe (syscalls), start short-lived helper
// goroutines and allocate, while runtime/trace's FlightRecorder (Go 1.25+)
// keeps the last generations; at the end its window is written out, as a
// service does when something goes wrong. Such a trace starts in the middle
// of the program: every goroutine and P is first seen through a status
// event, ranges already running are Active events, and the window is a few
// large generations. It is the benchmark kind "flightrec"
// (tools/bench/make-trace.sh flightrec; about 60-90 MB with the defaults).
//
// Usage: flightrec [-workers N] [-jobs N] [-window BYTES] [OUT]   (OUT defaults to stdout)
package main

import (
	"flag"
	"io"
	"os"
	"runtime/trace"
	"sync"
	"time"

	"gotrace.local/bench/internal/out"
)

// shared is the state every job touches under one mutex, so workers block
// on it (the trace's sync blocking).
type shared struct {
	mu     sync.Mutex
	counts map[int]int
	recent [][]byte
}

func (s *shared) record(job int, payload []byte) {
	s.mu.Lock()
	s.counts[job%1024]++
	s.recent = append(s.recent, payload)
	if len(s.recent) > 4096 {
		s.recent = s.recent[len(s.recent)-1024:]
	}
	s.mu.Unlock()
}

// serve does one job: a little work and allocation, a lock, and now and then
// a timer, a select with a timeout, a write to the pipe or a helper goroutine.
func serve(job int, s *shared, sink io.Writer, sinkMu *sync.Mutex, results chan<- int) {
	payload := make([]byte, 64+job%512)
	for i := range payload {
		payload[i] = byte(job + i)
	}
	s.record(job, payload)
	switch job % 16 {
	case 0:
		time.Sleep(20 * time.Microsecond)
	case 1:
		timer := time.NewTimer(50 * time.Microsecond)
		select {
		case results <- job:
		case <-timer.C:
		}
		timer.Stop()
	case 2:
		sinkMu.Lock()
		_, _ = sink.Write(payload[:64])
		sinkMu.Unlock()
	case 3:
		done := make(chan struct{})
		go func() {
			s.record(job+1, payload[:32])
			close(done)
		}()
		<-done
	}
}

func main() {
	workers := flag.Int("workers", 48, "worker goroutines")
	jobs := flag.Int("jobs", 3000000, "jobs served in all")
	window := flag.Uint64("window", 160<<20, "the flight recorder's MaxBytes")
	flag.Parse()
	w, closeOut := out.Open(flag.Arg(0))

	fr := trace.NewFlightRecorder(trace.FlightRecorderConfig{MinAge: time.Hour, MaxBytes: *window})
	if err := fr.Start(); err != nil {
		out.Fail(err)
	}

	// The pipe's other end is drained by a goroutine of its own, so writes
	// are real syscalls that rarely block.
	pr, pw, err := os.Pipe()
	if err != nil {
		out.Fail(err)
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()

	s := &shared{counts: make(map[int]int)}
	queue := make(chan int, 256)
	results := make(chan int, 64)
	go func() {
		for range results {
		}
	}()
	var sinkMu sync.Mutex
	var wg sync.WaitGroup
	for i := 0; i < *workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for job := range queue {
				serve(job, s, pw, &sinkMu, results)
			}
		}()
	}
	for job := 0; job < *jobs; job++ {
		queue <- job
	}
	close(queue)
	wg.Wait()

	// What a service does when it notices trouble: write the window out.
	if _, err := fr.WriteTo(w); err != nil {
		out.Fail(err)
	}
	fr.Stop()
	closeOut()
	_ = pw.Close()
}
