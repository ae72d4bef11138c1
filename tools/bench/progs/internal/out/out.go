// Package out opens where a benchmark program writes its trace, and fails
// the program with a message. Every program under tools/bench/progs uses it
// so that each takes its output path the same way (the last argument).
package out

import (
	"bufio"
	"fmt"
	"os"
)

// Open opens the trace destination: path, or stdout for "" and "-". The
// returned function flushes and closes it; a trace is only complete after it.
func Open(path string) (*bufio.Writer, func()) {
	f := os.Stdout
	if path != "" && path != "-" {
		var err error
		if f, err = os.Create(path); err != nil {
			Fail(err)
		}
	}
	w := bufio.NewWriterSize(f, 1<<20)
	return w, func() {
		if err := w.Flush(); err != nil {
			Fail(err)
		}
		if f != os.Stdout {
			if err := f.Close(); err != nil {
				Fail(err)
			}
		}
	}
}

// Fail reports err on stderr and exits with status 1.
func Fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
