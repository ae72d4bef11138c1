meta:
  id: go_trace_events
  title: Go execution trace events (v2 tracer, Go 1.22 and newer)
  file-extension: trace
  license: MIT
  ks-version: "0.11"
  endian: le
  imports:
    - common/uvarint
  -go-source: src/internal/trace/tracev2/events.go (Go 1.27.3)
  # Type bytes from here on belong to the experiments (Go's MaxEvent + 1);
  # everything below is the core table.
  -go-first-experimental-event: 128
doc: |
  Every event of the v2 execution trace wire format, the way Go's raw reader
  (internal/trace/raw) sees a trace after its header: a flat sequence of
  events, each one type byte followed by its arguments as uvarints. Batch
  headers are events too; go_trace.ksy adds the batch framing on top.

  Per-event Go facts that Kaitai has no key for are in `-go-*` keys:
    -go-name          Go's name for the event (tracev2 spec Name)
    -go-since         first Go release whose runtime writes it
    -go-timed         the first argument is a timestamp delta (dt)
    -go-stack-args    arguments that are stack ids; the first is the event's own stack
    -go-string-args   arguments that are string ids
    -go-start-event   for an end (or active) event, the event that begins its range
    -go-experiment    the trace experiment the event belongs to
    -go-unscheduled   the event has no scheduling meaning: the ordering only
                      needs an M to run it (a P and a goroutine may be there
                      or not) and passes it on unvalidated, in raw form (Go's
                      advanceAllocFree and EventExperimental)
  The argument names are Go's; a `_value`, `_seq`, `_string`, `_stack`
  suffix tells the argument's kind as in tracev2/spec.go. A `len_data`
  field and the `data` after it are the raw reader's data trailer; `frames`
  are a stack's frames.

  Event types 53 to 127 are unused. Go 1.27's raw reader accepts them in a
  go 1.26 trace as nameless events without arguments (see go_trace.ksy).
seq:
  - id: events
    type: event
    repeat: eos
types:
  event:
    seq:
      - id: ev_type
        type: u1
        enum: ev_type
      - id: body
        type:
          switch-on: ev_type
          cases:
            ev_type::event_batch: ev_event_batch
            ev_type::stacks: ev_stacks
            ev_type::stack: ev_stack
            ev_type::strings: ev_strings
            ev_type::string: ev_string
            ev_type::cpu_samples: ev_cpu_samples
            ev_type::cpu_sample: ev_cpu_sample
            ev_type::frequency: ev_frequency
            ev_type::procs_change: ev_procs_change
            ev_type::proc_start: ev_proc_start
            ev_type::proc_stop: ev_proc_stop
            ev_type::proc_steal: ev_proc_steal
            ev_type::proc_status: ev_proc_status
            ev_type::go_create: ev_go_create
            ev_type::go_create_syscall: ev_go_create_syscall
            ev_type::go_start: ev_go_start
            ev_type::go_destroy: ev_go_destroy
            ev_type::go_destroy_syscall: ev_go_destroy_syscall
            ev_type::go_stop: ev_go_stop
            ev_type::go_block: ev_go_block
            ev_type::go_unblock: ev_go_unblock
            ev_type::go_syscall_begin: ev_go_syscall_begin
            ev_type::go_syscall_end: ev_go_syscall_end
            ev_type::go_syscall_end_blocked: ev_go_syscall_end_blocked
            ev_type::go_status: ev_go_status
            ev_type::stw_begin: ev_stw_begin
            ev_type::stw_end: ev_stw_end
            ev_type::gc_active: ev_gc_active
            ev_type::gc_begin: ev_gc_begin
            ev_type::gc_end: ev_gc_end
            ev_type::gc_sweep_active: ev_gc_sweep_active
            ev_type::gc_sweep_begin: ev_gc_sweep_begin
            ev_type::gc_sweep_end: ev_gc_sweep_end
            ev_type::gc_mark_assist_active: ev_gc_mark_assist_active
            ev_type::gc_mark_assist_begin: ev_gc_mark_assist_begin
            ev_type::gc_mark_assist_end: ev_gc_mark_assist_end
            ev_type::heap_alloc: ev_heap_alloc
            ev_type::heap_goal: ev_heap_goal
            ev_type::go_label: ev_go_label
            ev_type::user_task_begin: ev_user_task_begin
            ev_type::user_task_end: ev_user_task_end
            ev_type::user_region_begin: ev_user_region_begin
            ev_type::user_region_end: ev_user_region_end
            ev_type::user_log: ev_user_log
            ev_type::go_switch: ev_go_switch
            ev_type::go_switch_destroy: ev_go_switch_destroy
            ev_type::go_create_blocked: ev_go_create_blocked
            ev_type::go_status_stack: ev_go_status_stack
            ev_type::experimental_batch: ev_experimental_batch
            ev_type::sync: ev_sync
            ev_type::clock_snapshot: ev_clock_snapshot
            ev_type::end_of_generation: ev_end_of_generation
            ev_type::span: ev_span
            ev_type::span_alloc: ev_span_alloc
            ev_type::span_free: ev_span_free
            ev_type::heap_object: ev_heap_object
            ev_type::heap_object_alloc: ev_heap_object_alloc
            ev_type::heap_object_free: ev_heap_object_free
            ev_type::goroutine_stack: ev_goroutine_stack
            ev_type::goroutine_stack_alloc: ev_goroutine_stack_alloc
            ev_type::goroutine_stack_free: ev_goroutine_stack_free
  ev_event_batch:
    doc: "Header of a batch: the generation, the M that wrote it, its base timestamp and the number of data bytes that follow."
    -orig-id: EvEventBatch
    -go-name: EventBatch
    -go-since: "1.22"
    seq:
      - id: gen
        type: uvarint
      - id: m
        type: uvarint
      - id: time
        type: uvarint
      - id: size
        type: uvarint
  ev_stacks:
    doc: "Marks a batch that holds stack table entries."
    -orig-id: EvStacks
    -go-name: Stacks
    -go-since: "1.22"
  ev_stack:
    doc: "One stack table entry: its id and its frames, innermost first."
    -orig-id: EvStack
    -go-name: Stack
    -go-since: "1.22"
    seq:
      - id: id
        type: uvarint
      - id: nframes
        type: uvarint
      - id: frames
        type: stack_frame
        repeat: expr
        repeat-expr: nframes.value
  ev_strings:
    doc: "Marks a batch that holds string table entries."
    -orig-id: EvStrings
    -go-name: Strings
    -go-since: "1.22"
  ev_string:
    doc: "One string table entry: its id and its bytes."
    -orig-id: EvString
    -go-name: String
    -go-since: "1.22"
    seq:
      - id: id
        type: uvarint
      - id: len_data
        type: uvarint
      - id: data
        size: len_data.value
  ev_cpu_samples:
    doc: "Marks a batch that holds CPU profile samples."
    -orig-id: EvCPUSamples
    -go-name: CPUSamples
    -go-since: "1.22"
  ev_cpu_sample:
    doc: "A CPU profile sample taken at an absolute timestamp on an M, P and goroutine, with its stack."
    -orig-id: EvCPUSample
    -go-name: CPUSample
    -go-since: "1.22"
    -go-stack-args: [stack]
    seq:
      - id: time
        type: uvarint
      - id: m
        type: uvarint
      - id: p
        type: uvarint
      - id: g
        type: uvarint
      - id: stack
        type: uvarint
  ev_frequency:
    doc: "How many trace clock ticks make one second."
    -orig-id: EvFrequency
    -go-name: Frequency
    -go-since: "1.22"
    seq:
      - id: freq
        type: uvarint
  ev_procs_change:
    doc: "GOMAXPROCS now has this value."
    -orig-id: EvProcsChange
    -go-name: ProcsChange
    -go-since: "1.22"
    -go-timed: true
    -go-stack-args: [stack]
    seq:
      - id: dt
        type: uvarint
      - id: procs_value
        type: uvarint
      - id: stack
        type: uvarint
  ev_proc_start:
    doc: "A P starts running on the batch's M."
    -orig-id: EvProcStart
    -go-name: ProcStart
    -go-since: "1.22"
    -go-timed: true
    seq:
      - id: dt
        type: uvarint
      - id: p
        type: uvarint
      - id: p_seq
        type: uvarint
  ev_proc_stop:
    doc: "The P running on the batch's M stops."
    -orig-id: EvProcStop
    -go-name: ProcStop
    -go-since: "1.22"
    -go-timed: true
    seq:
      - id: dt
        type: uvarint
  ev_proc_steal:
    doc: "A P that sat in a syscall with an M was taken by the batch's M."
    -orig-id: EvProcSteal
    -go-name: ProcSteal
    -go-since: "1.22"
    -go-timed: true
    seq:
      - id: dt
        type: uvarint
      - id: p
        type: uvarint
      - id: p_seq
        type: uvarint
      - id: m
        type: uvarint
  ev_proc_status:
    doc: "The state of a P when a generation starts (or when it first appears in one)."
    -orig-id: EvProcStatus
    -go-name: ProcStatus
    -go-since: "1.22"
    -go-timed: true
    seq:
      - id: dt
        type: uvarint
      - id: p
        type: uvarint
      - id: pstatus
        type: uvarint
  ev_go_create:
    doc: "A goroutine is created; new_stack is its start location."
    -orig-id: EvGoCreate
    -go-name: GoCreate
    -go-since: "1.22"
    -go-timed: true
    -go-stack-args: [stack, new_stack]
    seq:
      - id: dt
        type: uvarint
      - id: new_g
        type: uvarint
      - id: new_stack
        type: uvarint
      - id: stack
        type: uvarint
  ev_go_create_syscall:
    doc: "A goroutine appears already in a syscall (a cgo callback on a thread Go did not create)."
    -orig-id: EvGoCreateSyscall
    -go-name: GoCreateSyscall
    -go-since: "1.22"
    -go-timed: true
    seq:
      - id: dt
        type: uvarint
      - id: new_g
        type: uvarint
  ev_go_start:
    doc: "A goroutine starts running."
    -orig-id: EvGoStart
    -go-name: GoStart
    -go-since: "1.22"
    -go-timed: true
    seq:
      - id: dt
        type: uvarint
      - id: g
        type: uvarint
      - id: g_seq
        type: uvarint
  ev_go_destroy:
    doc: "The running goroutine exits."
    -orig-id: EvGoDestroy
    -go-name: GoDestroy
    -go-since: "1.22"
    -go-timed: true
    seq:
      - id: dt
        type: uvarint
  ev_go_destroy_syscall:
    doc: "A goroutine that ran a cgo callback goes away with its thread."
    -orig-id: EvGoDestroySyscall
    -go-name: GoDestroySyscall
    -go-since: "1.22"
    -go-timed: true
    seq:
      - id: dt
        type: uvarint
  ev_go_stop:
    doc: "The running goroutine gives up its P but stays runnable."
    -orig-id: EvGoStop
    -go-name: GoStop
    -go-since: "1.22"
    -go-timed: true
    -go-stack-args: [stack]
    -go-string-args: [reason_string]
    seq:
      - id: dt
        type: uvarint
      - id: reason_string
        type: uvarint
      - id: stack
        type: uvarint
  ev_go_block:
    doc: "The running goroutine blocks, for the given reason."
    -orig-id: EvGoBlock
    -go-name: GoBlock
    -go-since: "1.22"
    -go-timed: true
    -go-stack-args: [stack]
    -go-string-args: [reason_string]
    seq:
      - id: dt
        type: uvarint
      - id: reason_string
        type: uvarint
      - id: stack
        type: uvarint
  ev_go_unblock:
    doc: "A goroutine becomes runnable again."
    -orig-id: EvGoUnblock
    -go-name: GoUnblock
    -go-since: "1.22"
    -go-timed: true
    -go-stack-args: [stack]
    seq:
      - id: dt
        type: uvarint
      - id: g
        type: uvarint
      - id: g_seq
        type: uvarint
      - id: stack
        type: uvarint
  ev_go_syscall_begin:
    doc: "The running goroutine enters a syscall; p_seq is its P's sequence number."
    -orig-id: EvGoSyscallBegin
    -go-name: GoSyscallBegin
    -go-since: "1.22"
    -go-timed: true
    -go-stack-args: [stack]
    seq:
      - id: dt
        type: uvarint
      - id: p_seq
        type: uvarint
      - id: stack
        type: uvarint
  ev_go_syscall_end:
    doc: "The goroutine returns from a syscall and keeps its P."
    -orig-id: EvGoSyscallEnd
    -go-name: GoSyscallEnd
    -go-since: "1.22"
    -go-timed: true
    -go-start-event: go_syscall_begin
    seq:
      - id: dt
        type: uvarint
  ev_go_syscall_end_blocked:
    doc: "The goroutine returns from a syscall after its P was taken away."
    -orig-id: EvGoSyscallEndBlocked
    -go-name: GoSyscallEndBlocked
    -go-since: "1.22"
    -go-timed: true
    -go-start-event: go_syscall_begin
    seq:
      - id: dt
        type: uvarint
  ev_go_status:
    doc: "The state of a goroutine when a generation starts (or when it first appears in one)."
    -orig-id: EvGoStatus
    -go-name: GoStatus
    -go-since: "1.22"
    -go-timed: true
    seq:
      - id: dt
        type: uvarint
      - id: g
        type: uvarint
      - id: m
        type: uvarint
      - id: gstatus
        type: uvarint
  ev_stw_begin:
    doc: "The world stops, for the given kind of reason."
    -orig-id: EvSTWBegin
    -go-name: STWBegin
    -go-since: "1.22"
    -go-timed: true
    -go-stack-args: [stack]
    -go-string-args: [kind_string]
    seq:
      - id: dt
        type: uvarint
      - id: kind_string
        type: uvarint
      - id: stack
        type: uvarint
  ev_stw_end:
    doc: "The world starts again."
    -orig-id: EvSTWEnd
    -go-name: STWEnd
    -go-since: "1.22"
    -go-timed: true
    -go-start-event: stw_begin
    seq:
      - id: dt
        type: uvarint
  ev_gc_active:
    doc: "A GC cycle was already running when the generation started."
    -orig-id: EvGCActive
    -go-name: GCActive
    -go-since: "1.22"
    -go-timed: true
    -go-start-event: gc_begin
    seq:
      - id: dt
        type: uvarint
      - id: gc_seq
        type: uvarint
  ev_gc_begin:
    doc: "A GC cycle starts."
    -orig-id: EvGCBegin
    -go-name: GCBegin
    -go-since: "1.22"
    -go-timed: true
    -go-stack-args: [stack]
    seq:
      - id: dt
        type: uvarint
      - id: gc_seq
        type: uvarint
      - id: stack
        type: uvarint
  ev_gc_end:
    doc: "A GC cycle ends."
    -orig-id: EvGCEnd
    -go-name: GCEnd
    -go-since: "1.22"
    -go-timed: true
    -go-start-event: gc_begin
    seq:
      - id: dt
        type: uvarint
      - id: gc_seq
        type: uvarint
  ev_gc_sweep_active:
    doc: "The P was already sweeping when the generation started."
    -orig-id: EvGCSweepActive
    -go-name: GCSweepActive
    -go-since: "1.22"
    -go-timed: true
    -go-start-event: gc_sweep_begin
    seq:
      - id: dt
        type: uvarint
      - id: p
        type: uvarint
  ev_gc_sweep_begin:
    doc: "The P starts sweeping spans."
    -orig-id: EvGCSweepBegin
    -go-name: GCSweepBegin
    -go-since: "1.22"
    -go-timed: true
    -go-stack-args: [stack]
    seq:
      - id: dt
        type: uvarint
      - id: stack
        type: uvarint
  ev_gc_sweep_end:
    doc: "The P stops sweeping: bytes swept and bytes reclaimed."
    -orig-id: EvGCSweepEnd
    -go-name: GCSweepEnd
    -go-since: "1.22"
    -go-timed: true
    -go-start-event: gc_sweep_begin
    seq:
      - id: dt
        type: uvarint
      - id: swept_value
        type: uvarint
      - id: reclaimed_value
        type: uvarint
  ev_gc_mark_assist_active:
    doc: "The goroutine was already in a mark assist when the generation started."
    -orig-id: EvGCMarkAssistActive
    -go-name: GCMarkAssistActive
    -go-since: "1.22"
    -go-timed: true
    -go-start-event: gc_mark_assist_begin
    seq:
      - id: dt
        type: uvarint
      - id: g
        type: uvarint
  ev_gc_mark_assist_begin:
    doc: "The running goroutine starts a GC mark assist."
    -orig-id: EvGCMarkAssistBegin
    -go-name: GCMarkAssistBegin
    -go-since: "1.22"
    -go-timed: true
    -go-stack-args: [stack]
    seq:
      - id: dt
        type: uvarint
      - id: stack
        type: uvarint
  ev_gc_mark_assist_end:
    doc: "The running goroutine ends its GC mark assist."
    -orig-id: EvGCMarkAssistEnd
    -go-name: GCMarkAssistEnd
    -go-since: "1.22"
    -go-timed: true
    -go-start-event: gc_mark_assist_begin
    seq:
      - id: dt
        type: uvarint
  ev_heap_alloc:
    doc: "The runtime's count of live heap bytes changed."
    -orig-id: EvHeapAlloc
    -go-name: HeapAlloc
    -go-since: "1.22"
    -go-timed: true
    seq:
      - id: dt
        type: uvarint
      - id: heapalloc_value
        type: uvarint
  ev_heap_goal:
    doc: "The heap size at which the next GC will start changed."
    -orig-id: EvHeapGoal
    -go-name: HeapGoal
    -go-since: "1.22"
    -go-timed: true
    seq:
      - id: dt
        type: uvarint
      - id: heapgoal_value
        type: uvarint
  ev_go_label:
    doc: "Puts a label on the running goroutine (GC workers use it)."
    -orig-id: EvGoLabel
    -go-name: GoLabel
    -go-since: "1.22"
    -go-timed: true
    -go-string-args: [label_string]
    seq:
      - id: dt
        type: uvarint
      - id: label_string
        type: uvarint
  ev_user_task_begin:
    doc: "runtime/trace.NewTask: a task starts, under a parent task."
    -orig-id: EvUserTaskBegin
    -go-name: UserTaskBegin
    -go-since: "1.22"
    -go-timed: true
    -go-stack-args: [stack]
    -go-string-args: [name_string]
    seq:
      - id: dt
        type: uvarint
      - id: task
        type: uvarint
      - id: parent_task
        type: uvarint
      - id: name_string
        type: uvarint
      - id: stack
        type: uvarint
  ev_user_task_end:
    doc: "A task ends."
    -orig-id: EvUserTaskEnd
    -go-name: UserTaskEnd
    -go-since: "1.22"
    -go-timed: true
    -go-stack-args: [stack]
    seq:
      - id: dt
        type: uvarint
      - id: task
        type: uvarint
      - id: stack
        type: uvarint
  ev_user_region_begin:
    doc: "A user region starts on the running goroutine."
    -orig-id: EvUserRegionBegin
    -go-name: UserRegionBegin
    -go-since: "1.22"
    -go-timed: true
    -go-stack-args: [stack]
    -go-string-args: [name_string]
    seq:
      - id: dt
        type: uvarint
      - id: task
        type: uvarint
      - id: name_string
        type: uvarint
      - id: stack
        type: uvarint
  ev_user_region_end:
    doc: "A user region ends on the running goroutine."
    -orig-id: EvUserRegionEnd
    -go-name: UserRegionEnd
    -go-since: "1.22"
    -go-timed: true
    -go-start-event: user_region_begin
    -go-stack-args: [stack]
    -go-string-args: [name_string]
    seq:
      - id: dt
        type: uvarint
      - id: task
        type: uvarint
      - id: name_string
        type: uvarint
      - id: stack
        type: uvarint
  ev_user_log:
    doc: "runtime/trace.Log: a key and a value, in a task."
    -orig-id: EvUserLog
    -go-name: UserLog
    -go-since: "1.22"
    -go-timed: true
    -go-stack-args: [stack]
    -go-string-args: [key_string, value_string]
    seq:
      - id: dt
        type: uvarint
      - id: task
        type: uvarint
      - id: key_string
        type: uvarint
      - id: value_string
        type: uvarint
      - id: stack
        type: uvarint
  ev_go_switch:
    doc: "Coroutine switch: the running goroutine hands its M straight to another (iter.Pull)."
    -orig-id: EvGoSwitch
    -go-name: GoSwitch
    -go-since: "1.23"
    -go-timed: true
    seq:
      - id: dt
        type: uvarint
      - id: g
        type: uvarint
      - id: g_seq
        type: uvarint
  ev_go_switch_destroy:
    doc: "Coroutine switch in which the running goroutine also exits."
    -orig-id: EvGoSwitchDestroy
    -go-name: GoSwitchDestroy
    -go-since: "1.23"
    -go-timed: true
    seq:
      - id: dt
        type: uvarint
      - id: g
        type: uvarint
      - id: g_seq
        type: uvarint
  ev_go_create_blocked:
    doc: "A goroutine is created already blocked (coroutines)."
    -orig-id: EvGoCreateBlocked
    -go-name: GoCreateBlocked
    -go-since: "1.23"
    -go-timed: true
    -go-stack-args: [stack, new_stack]
    seq:
      - id: dt
        type: uvarint
      - id: new_g
        type: uvarint
      - id: new_stack
        type: uvarint
      - id: stack
        type: uvarint
  ev_go_status_stack:
    doc: "Like GoStatus, with the goroutine's stack, for goroutines that did nothing in the generation."
    -orig-id: EvGoStatusStack
    -go-name: GoStatusStack
    -go-since: "1.23"
    -go-timed: true
    -go-stack-args: [stack]
    seq:
      - id: dt
        type: uvarint
      - id: g
        type: uvarint
      - id: m
        type: uvarint
      - id: gstatus
        type: uvarint
      - id: stack
        type: uvarint
  ev_experimental_batch:
    doc: "A batch of experiment-defined data. In the raw event model the batch length is the length of its data."
    -orig-id: EvExperimentalBatch
    -go-name: ExperimentalBatch
    -go-since: "1.23"
    seq:
      - id: exp
        type: uvarint
      - id: gen
        type: uvarint
      - id: m
        type: uvarint
      - id: time
        type: uvarint
      - id: len_data
        type: uvarint
      - id: data
        size: len_data.value
  ev_sync:
    doc: "Marks the batch that carries a generation's frequency and clock snapshot."
    -orig-id: EvSync
    -go-name: Sync
    -go-since: "1.25"
  ev_clock_snapshot:
    doc: "Trace clock, monotonic clock and wall clock read at one instant."
    -orig-id: EvClockSnapshot
    -go-name: ClockSnapshot
    -go-since: "1.25"
    -go-timed: true
    seq:
      - id: dt
        type: uvarint
      - id: mono
        type: uvarint
      - id: sec
        type: uvarint
      - id: nsec
        type: uvarint
  ev_end_of_generation:
    doc: "Closes a generation."
    -orig-id: EvEndOfGeneration
    -go-name: EndOfGeneration
    -go-since: "1.26"
  ev_span:
    doc: "A heap span that already existed when tracing started."
    -orig-id: EvSpan
    -go-name: Span
    -go-since: "1.23"
    -go-timed: true
    -go-experiment: alloc_free
    -go-unscheduled: true
    seq:
      - id: dt
        type: uvarint
      - id: id
        type: uvarint
      - id: npages_value
        type: uvarint
      - id: kindclass
        type: uvarint
  ev_span_alloc:
    doc: "A heap span is allocated."
    -orig-id: EvSpanAlloc
    -go-name: SpanAlloc
    -go-since: "1.23"
    -go-timed: true
    -go-experiment: alloc_free
    -go-unscheduled: true
    seq:
      - id: dt
        type: uvarint
      - id: id
        type: uvarint
      - id: npages_value
        type: uvarint
      - id: kindclass
        type: uvarint
  ev_span_free:
    doc: "A heap span is about to be freed."
    -orig-id: EvSpanFree
    -go-name: SpanFree
    -go-since: "1.23"
    -go-timed: true
    -go-experiment: alloc_free
    -go-unscheduled: true
    seq:
      - id: dt
        type: uvarint
      - id: id
        type: uvarint
  ev_heap_object:
    doc: "A heap object that already existed when tracing started."
    -orig-id: EvHeapObject
    -go-name: HeapObject
    -go-since: "1.23"
    -go-timed: true
    -go-experiment: alloc_free
    -go-unscheduled: true
    seq:
      - id: dt
        type: uvarint
      - id: id
        type: uvarint
      - id: type
        type: uvarint
  ev_heap_object_alloc:
    doc: "A heap object is allocated; type is an id in the generation's type table."
    -orig-id: EvHeapObjectAlloc
    -go-name: HeapObjectAlloc
    -go-since: "1.23"
    -go-timed: true
    -go-experiment: alloc_free
    -go-unscheduled: true
    seq:
      - id: dt
        type: uvarint
      - id: id
        type: uvarint
      - id: type
        type: uvarint
  ev_heap_object_free:
    doc: "The sweeper found a heap object freed."
    -orig-id: EvHeapObjectFree
    -go-name: HeapObjectFree
    -go-since: "1.23"
    -go-timed: true
    -go-experiment: alloc_free
    -go-unscheduled: true
    seq:
      - id: dt
        type: uvarint
      - id: id
        type: uvarint
  ev_goroutine_stack:
    doc: "A goroutine stack that already existed when tracing started."
    -orig-id: EvGoroutineStack
    -go-name: GoroutineStack
    -go-since: "1.23"
    -go-timed: true
    -go-experiment: alloc_free
    -go-unscheduled: true
    seq:
      - id: dt
        type: uvarint
      - id: id
        type: uvarint
      - id: order
        type: uvarint
  ev_goroutine_stack_alloc:
    doc: "A goroutine stack is allocated; its size is 1 << (order - 1) bytes."
    -orig-id: EvGoroutineStackAlloc
    -go-name: GoroutineStackAlloc
    -go-since: "1.23"
    -go-timed: true
    -go-experiment: alloc_free
    -go-unscheduled: true
    seq:
      - id: dt
        type: uvarint
      - id: id
        type: uvarint
      - id: order
        type: uvarint
  ev_goroutine_stack_free:
    doc: "A goroutine stack is about to be freed."
    -orig-id: EvGoroutineStackFree
    -go-name: GoroutineStackFree
    -go-since: "1.23"
    -go-timed: true
    -go-experiment: alloc_free
    -go-unscheduled: true
    seq:
      - id: dt
        type: uvarint
      - id: id
        type: uvarint
  stack_frame:
    doc: One frame of a stack, in wire order (pc, function name, file name, line).
    seq:
      - id: pc
        type: uvarint
      - id: func
        type: uvarint
        -go-string-arg: true
      - id: file
        type: uvarint
        -go-string-arg: true
      - id: line
        type: uvarint
enums:
  ev_type:
    1:
      id: event_batch
      -orig-id: EvEventBatch
    2:
      id: stacks
      -orig-id: EvStacks
    3:
      id: stack
      -orig-id: EvStack
    4:
      id: strings
      -orig-id: EvStrings
    5:
      id: string
      -orig-id: EvString
    6:
      id: cpu_samples
      -orig-id: EvCPUSamples
    7:
      id: cpu_sample
      -orig-id: EvCPUSample
    8:
      id: frequency
      -orig-id: EvFrequency
    9:
      id: procs_change
      -orig-id: EvProcsChange
    10:
      id: proc_start
      -orig-id: EvProcStart
    11:
      id: proc_stop
      -orig-id: EvProcStop
    12:
      id: proc_steal
      -orig-id: EvProcSteal
    13:
      id: proc_status
      -orig-id: EvProcStatus
    14:
      id: go_create
      -orig-id: EvGoCreate
    15:
      id: go_create_syscall
      -orig-id: EvGoCreateSyscall
    16:
      id: go_start
      -orig-id: EvGoStart
    17:
      id: go_destroy
      -orig-id: EvGoDestroy
    18:
      id: go_destroy_syscall
      -orig-id: EvGoDestroySyscall
    19:
      id: go_stop
      -orig-id: EvGoStop
    20:
      id: go_block
      -orig-id: EvGoBlock
    21:
      id: go_unblock
      -orig-id: EvGoUnblock
    22:
      id: go_syscall_begin
      -orig-id: EvGoSyscallBegin
    23:
      id: go_syscall_end
      -orig-id: EvGoSyscallEnd
    24:
      id: go_syscall_end_blocked
      -orig-id: EvGoSyscallEndBlocked
    25:
      id: go_status
      -orig-id: EvGoStatus
    26:
      id: stw_begin
      -orig-id: EvSTWBegin
    27:
      id: stw_end
      -orig-id: EvSTWEnd
    28:
      id: gc_active
      -orig-id: EvGCActive
    29:
      id: gc_begin
      -orig-id: EvGCBegin
    30:
      id: gc_end
      -orig-id: EvGCEnd
    31:
      id: gc_sweep_active
      -orig-id: EvGCSweepActive
    32:
      id: gc_sweep_begin
      -orig-id: EvGCSweepBegin
    33:
      id: gc_sweep_end
      -orig-id: EvGCSweepEnd
    34:
      id: gc_mark_assist_active
      -orig-id: EvGCMarkAssistActive
    35:
      id: gc_mark_assist_begin
      -orig-id: EvGCMarkAssistBegin
    36:
      id: gc_mark_assist_end
      -orig-id: EvGCMarkAssistEnd
    37:
      id: heap_alloc
      -orig-id: EvHeapAlloc
    38:
      id: heap_goal
      -orig-id: EvHeapGoal
    39:
      id: go_label
      -orig-id: EvGoLabel
    40:
      id: user_task_begin
      -orig-id: EvUserTaskBegin
    41:
      id: user_task_end
      -orig-id: EvUserTaskEnd
    42:
      id: user_region_begin
      -orig-id: EvUserRegionBegin
    43:
      id: user_region_end
      -orig-id: EvUserRegionEnd
    44:
      id: user_log
      -orig-id: EvUserLog
    45:
      id: go_switch
      -orig-id: EvGoSwitch
    46:
      id: go_switch_destroy
      -orig-id: EvGoSwitchDestroy
    47:
      id: go_create_blocked
      -orig-id: EvGoCreateBlocked
    48:
      id: go_status_stack
      -orig-id: EvGoStatusStack
    49:
      id: experimental_batch
      -orig-id: EvExperimentalBatch
    50:
      id: sync
      -orig-id: EvSync
    51:
      id: clock_snapshot
      -orig-id: EvClockSnapshot
    52:
      id: end_of_generation
      -orig-id: EvEndOfGeneration
    128:
      id: span
      -orig-id: EvSpan
    129:
      id: span_alloc
      -orig-id: EvSpanAlloc
    130:
      id: span_free
      -orig-id: EvSpanFree
    131:
      id: heap_object
      -orig-id: EvHeapObject
    132:
      id: heap_object_alloc
      -orig-id: EvHeapObjectAlloc
    133:
      id: heap_object_free
      -orig-id: EvHeapObjectFree
    134:
      id: goroutine_stack
      -orig-id: EvGoroutineStack
    135:
      id: goroutine_stack_alloc
      -orig-id: EvGoroutineStackAlloc
    136:
      id: goroutine_stack_free
      -orig-id: EvGoroutineStackFree
