meta:
  id: go_trace
  title: Go execution trace (v2 tracer, formats go 1.22, 1.23, 1.25, 1.26)
  application: Go runtime/trace, go test -trace, net/http/pprof /debug/pprof/trace, runtime/trace.FlightRecorder
  file-extension: trace
  license: MIT
  ks-version: "0.11"
  endian: le
  imports:
    - common/uvarint
    - go_trace_events
    - alloc_free
  -go-source: src/internal/trace/version/version.go, src/internal/trace/generation.go (Go 1.27.3)
  -go-header-scan: "go 1.%d trace\x00\x00\x00"
  -go-max-batch-size: 65536
  -go-max-string-size: 1024
  -go-max-frames-per-stack: 128
  -go-max-timed-event-args: 5
  -go-no-thread: 18446744073709551615
  -go-experiments:
    1: alloc_free
  -go-formats:
    # The trace formats: the number in the header, which Go runtimes write it,
    # and which event types Go's raw reader (go tool trace -d=wire) accepts in it.
    # `raw-last-event` is the last event type of Go 1.27's table for the format;
    # `raw-unnamed-events` accepts unused types below 128 as nameless events
    # with no arguments, as Go 1.27 does for go 1.26 traces.
    # `writer-raw-table` is the table of the Go release that writes the format,
    # where it differs: Go 1.25+ tools refuse the AllocFree events of go 1.23
    # and go 1.25 traces, which Go 1.24 and Go 1.25 read with their full tables
    # (every event up to `last-event`, the experiments' events, and nameless
    # events in between).
    - header: 22
      name: Go122
      written-by: ["1.22"]
      raw-last-event: user_log
      generation-end: spill
      sync-batch: false
    - header: 23
      name: Go123
      written-by: ["1.23", "1.24"]
      raw-last-event: experimental_batch
      writer-raw-table:
        release: "1.24"
        last-event: experimental_batch
        experiments: [alloc_free]
      generation-end: spill
      sync-batch: false
    - header: 25
      name: Go125
      written-by: ["1.25"]
      raw-last-event: clock_snapshot
      writer-raw-table:
        release: "1.25"
        last-event: end_of_generation
        experiments: [alloc_free]
      generation-end: spill
      sync-batch: true
    - header: 26
      name: Go126
      written-by: ["1.26", "1.27"]
      raw-last-event: goroutine_stack_free
      raw-unnamed-events: true
      generation-end: end_of_generation
      sync-batch: true
  -go-old-formats:
    # Headers of the pre-1.22 tracer, which the reader converts; they carry no v2 events.
    - header: 11
      written-by: ["1.11", "1.12", "1.13", "1.14", "1.15", "1.16", "1.17", "1.18"]
    - header: 19
      written-by: ["1.19", "1.20"]
    - header: 21
      written-by: ["1.21"]
doc: |
  A trace is a header and then generations. A generation is a run of batches
  that carry the same generation number; from format go 1.26 on, each one is
  closed by a lone EndOfGeneration byte. A batch is either an EventBatch
  (whose data holds events: the string table, the stack table, CPU samples,
  the sync/frequency section, or the timed events of one M) or an
  ExperimentalBatch (opaque data of one experiment, such as AllocFree).

  The header is scanned by Go with fmt.Fscanf("go 1.%d trace\x00\x00\x00"):
  a space matches one or more non-newline white-space characters and the
  number may have leading zeros, so the header's length varies. It always
  ends at the third NUL.
seq:
  - id: header
    type: header
  - id: batches
    type: batch
    repeat: eos
types:
  header:
    seq:
      - id: text
        type: strz
        encoding: UTF-8
        doc: '"go 1.NN trace", up to the first NUL (UTF-8: Go accepts Unicode white space in it).'
      - id: nuls
        contents: [0, 0]
  batch:
    seq:
      - id: batch_type
        type: u1
        enum: go_trace_events::ev_type
        valid:
          any-of:
            - go_trace_events::ev_type::event_batch
            - go_trace_events::ev_type::experimental_batch
            - go_trace_events::ev_type::end_of_generation
      - id: body
        type:
          switch-on: batch_type
          cases:
            go_trace_events::ev_type::event_batch: event_batch
            go_trace_events::ev_type::experimental_batch: experimental_batch
  event_batch:
    seq:
      - id: gen
        type: uvarint
        doc: Generation number; never 0.
      - id: m
        type: uvarint
        doc: The M (thread) that wrote the batch, or 2^64-1 for none.
      - id: time
        type: uvarint
        doc: Base timestamp in ticks; the first event's dt counts from it.
      - id: len_data
        type: uvarint
        -go-arg-name: size
        -go-max: 65536
        doc: Number of data bytes. The runtime pads this varint to 10 bytes.
      - id: data
        size: len_data.value
        type: batch_data
  batch_data:
    doc: |
      The events in a batch. The first one tells the batch's kind: Strings,
      Stacks, CPUSamples, Sync, Frequency (before go 1.25), EndOfGeneration,
      or else the timed events of the batch's M.
    seq:
      - id: events
        type: go_trace_events::event
        repeat: eos
  experimental_batch:
    seq:
      - id: exp
        type: u1
        -go-raw-type: uvarint
        doc: |
          Experiment id (1 = AllocFree). Go's reader reads one byte; its raw
          reader reads a uvarint, which is the same byte below 128.
      - id: gen
        type: uvarint
      - id: m
        type: uvarint
      - id: time
        type: uvarint
      - id: len_data
        type: uvarint
        -go-arg-name: size
        -go-max: 65536
      - id: data
        size: len_data.value
        type:
          switch-on: exp
          cases:
            1: alloc_free
