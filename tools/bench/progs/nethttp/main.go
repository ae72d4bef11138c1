// Command nethttp writes a large trace of a net/http server and its clients
// under load in one process, over loopback: the benchmark kind "nethttp"
// (tools/bench/make-trace.sh nethttp). Many client goroutines send requests;
// most reuse keep-alive connections and every few use a new connection, so
// the trace is full of goroutine creation, network blocking and netpoll
// wake-ups, syscalls, and timers (handlers sleep briefly or wait on
// time.After, and read request bodies).
//
// Usage: nethttp [-clients N] [-requests N] [OUT]   (OUT defaults to stdout)
// The trace grows with -requests (the size knob): the default writes about
// 65 MB in 30 to 45 s on two busy cores.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime/trace"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"gotrace.local/bench/internal/out"
)

func handler() http.Handler {
	mux := http.NewServeMux()
	// /echo reads the whole body and writes it back, so the server blocks on
	// network reads as well as writes.
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(body)
	})
	// /sleep parks the handler on a timer for a short while.
	mux.HandleFunc("/sleep", func(w http.ResponseWriter, r *http.Request) {
		us, _ := strconv.Atoi(r.URL.Query().Get("us"))
		time.Sleep(time.Duration(us) * time.Microsecond)
		fmt.Fprintf(w, "slept %dus\n", us)
	})
	// /after fans out to a few goroutines that each stand for a backend call
	// (a timer via time.After, or the request's context, whichever is
	// first), gathers their answers over a channel, then reads the body.
	mux.HandleFunc("/after", func(w http.ResponseWriter, r *http.Request) {
		const backends = 16
		answers := make(chan int, backends)
		for b := 0; b < backends; b++ {
			go func() {
				select {
				case <-time.After(time.Duration(20+30*b) * time.Microsecond):
					answers <- b
				case <-r.Context().Done():
					answers <- -1
				}
			}()
		}
		sum := 0
		for b := 0; b < backends; b++ {
			sum += <-answers
		}
		io.Copy(io.Discard, r.Body)
		fmt.Fprintf(w, "%d %s\n", sum, bytes.Repeat([]byte("x"), 4096))
	})
	// /stream writes its response in flushed chunks, each one a write
	// syscall here and usually a netpoll wake-up in the client reading it.
	mux.HandleFunc("/stream", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.URL.Query().Get("chunks"))
		chunk := bytes.Repeat([]byte("y"), 512)
		f, _ := w.(http.Flusher)
		for i := 0; i < n; i++ {
			w.Write(chunk)
			if f != nil {
				f.Flush()
			}
		}
	})
	return mux
}

func main() {
	clients := flag.Int("clients", 64, "client goroutines")
	requests := flag.Int("requests", 140000, "requests in all (the size knob)")
	flag.Parse()
	w, closeOut := out.Open(flag.Arg(0))

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		out.Fail(err)
	}
	srv := &http.Server{Handler: handler(), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	base := "http://" + ln.Addr().String()

	if err := trace.Start(w); err != nil {
		out.Fail(err)
	}
	keepAlive := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *clients}}
	fresh := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	var next atomic.Int64
	var failed atomic.Int64
	var wg sync.WaitGroup
	for c := 0; c < *clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			payload := bytes.Repeat([]byte{byte('a' + c%26)}, 256+64*(c%16))
			buf := make([]byte, 1024)
			for {
				i := next.Add(1)
				if i > int64(*requests) {
					return
				}
				client := keepAlive
				if i%8 == 0 {
					client = fresh // a new TCP connection: accept, dial, close
				}
				var resp *http.Response
				var err error
				switch i % 4 {
				case 3:
					resp, err = client.Get(fmt.Sprintf("%s/stream?chunks=%d", base, 8+i%16))
				case 0:
					resp, err = client.Post(base+"/echo", "application/octet-stream", bytes.NewReader(payload))
				case 1:
					resp, err = client.Get(fmt.Sprintf("%s/sleep?us=%d", base, 50+i%200))
				default:
					resp, err = client.Post(base+"/after", "text/plain", bytes.NewReader(payload[:64]))
				}
				if err != nil {
					failed.Add(1)
					continue
				}
				// A small buffer, so the client reads a streamed response
				// chunk by chunk as it arrives.
				io.CopyBuffer(io.Discard, resp.Body, buf)
				resp.Body.Close()
			}
		}()
	}
	wg.Wait()
	trace.Stop()
	closeOut()
	srv.Close()
	if n := failed.Load(); n > int64(*requests)/100 {
		out.Fail(fmt.Errorf("nethttp: %d of %d requests failed", n, *requests))
	}
}
