// gotrace-oracle prints, as one JSON document, what Go's own analyses make of
// one trace: internal/trace's goroutine and task summaries (the Summarizer that
// cmd/trace's goroutine, task and region pages use), minimum mutator
// utilization (MutatorUtilizationV2 + MMUCurve, cmd/trace's /mmu page), and the
// samples of the pprof profiles that `go tool trace -pprof=TYPE` wrote for the
// same trace (read back with internal/profile). These are the goldens of the
// coming @gotrace/analysis package.
//
// It imports std-internal packages, so tools/go-oracle/make.mjs compiles it as
// GOROOT/src/cmd/gotrace-oracle through `go build -overlay` (GOROOT is not
// changed on disk).
//
// Usage: gotrace-oracle -name NAME [-profile TYPE=FILE ...] TRACE
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"internal/profile"
	"internal/trace"
	"io"
	"math"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// maxExact is 2^53: every integer we print must stay within it so that
// JavaScript's JSON.parse reads it exactly.
const maxExact = 1 << 53

// exact fails loudly when v would lose precision as a JavaScript number.
func exact(what string, v int64) int64 {
	if v > maxExact || v < -maxExact {
		panic(fmt.Sprintf("%s = %d does not fit in 2^53", what, v))
	}
	return v
}

// exactU is exact for unsigned values; all-ones (NoTask) becomes -1, as
// gotrace's codec maps uint64 sentinels.
func exactU(what string, v uint64) int64 {
	if v == math.MaxUint64 {
		return -1
	}
	if v > maxExact {
		panic(fmt.Sprintf("%s = %d does not fit in 2^53", what, v))
	}
	return int64(v)
}

// str fails loudly on invalid UTF-8: encoding/json would silently replace it
// with U+FFFD and the golden would no longer be Go's string.
func str(what, s string) string {
	if !utf8.ValidString(s) {
		panic(fmt.Sprintf("%s %q is not valid UTF-8", what, s))
	}
	return s
}

// durMap copies a map of durations, checking each value.
func durMap(what string, m map[string]time.Duration) map[string]int64 {
	out := make(map[string]int64, len(m))
	for k, v := range m {
		out[str(what, k)] = exact(what, int64(v))
	}
	return out
}

// ExecStats is trace.GoroutineExecStats with durations in nanoseconds.
type ExecStats struct {
	ExecTime          int64            `json:"execTime"`
	SchedWaitTime     int64            `json:"schedWaitTime"`
	BlockTimeByReason map[string]int64 `json:"blockTimeByReason"`
	SyscallTime       int64            `json:"syscallTime"`
	SyscallBlockTime  int64            `json:"syscallBlockTime"`
	TotalTime         int64            `json:"totalTime"`
	RangeTime         map[string]int64 `json:"rangeTime"`
	// UnknownTime is GoroutineExecStats.UnknownTime(): TotalTime minus the
	// non-overlapping stats, or 0 (cmd/trace shows it on the goroutine pages).
	UnknownTime int64 `json:"unknownTime"`
}

func execStats(s trace.GoroutineExecStats) ExecStats {
	return ExecStats{
		ExecTime:          exact("ExecTime", int64(s.ExecTime)),
		SchedWaitTime:     exact("SchedWaitTime", int64(s.SchedWaitTime)),
		BlockTimeByReason: durMap("BlockTimeByReason", s.BlockTimeByReason),
		SyscallTime:       exact("SyscallTime", int64(s.SyscallTime)),
		SyscallBlockTime:  exact("SyscallBlockTime", int64(s.SyscallBlockTime)),
		TotalTime:         exact("TotalTime", int64(s.TotalTime)),
		RangeTime:         durMap("RangeTime", s.RangeTime),
		UnknownTime:       exact("UnknownTime", int64(s.UnknownTime())),
	}
}

// EventRef identifies an event the summary points at (a region's or task's
// start or end): its time, its kind (EventKind.String(), e.g. "RegionBegin",
// or "StateTransition" for a region inherited at goroutine creation or ended
// by the goroutine's exit) and the goroutine it ran on (-1: none).
type EventRef struct {
	Time      int64  `json:"time"`
	Kind      string `json:"kind"`
	Goroutine int64  `json:"goroutine"`
}

func eventRef(ev *trace.Event) *EventRef {
	if ev == nil {
		return nil
	}
	return &EventRef{
		Time:      exact("event time", int64(ev.Time())),
		Kind:      ev.Kind().String(),
		Goroutine: exact("event goroutine", int64(ev.Goroutine())),
	}
}

// Region is a trace.UserRegionSummary.
type Region struct {
	Name   string    `json:"name"`
	TaskID int64     `json:"taskId"`
	Start  *EventRef `json:"start"`
	End    *EventRef `json:"end"`
	Stats  ExecStats `json:"stats"`
}

func regions(rs []*trace.UserRegionSummary) []Region {
	out := make([]Region, 0, len(rs))
	for _, r := range rs {
		out = append(out, Region{
			Name:   str("region name", r.Name),
			TaskID: exactU("region task", uint64(r.TaskID)),
			Start:  eventRef(r.Start),
			End:    eventRef(r.End),
			Stats:  execStats(r.GoroutineExecStats),
		})
	}
	return out
}

// Goroutine is a trace.GoroutineSummary.
type Goroutine struct {
	ID           int64  `json:"id"`
	Name         string `json:"name"`
	PC           int64  `json:"pc"`
	CreationTime int64  `json:"creationTime"`
	StartTime    int64  `json:"startTime"`
	EndTime      int64  `json:"endTime"`
	// IsSystem is trace.IsSystemGoroutine(Name): such goroutines never keep
	// the regions they inherit at creation.
	IsSystem bool      `json:"isSystem"`
	Stats    ExecStats `json:"stats"`
	Regions  []Region  `json:"regions"`
}

// Log is a task's EventLog.
type Log struct {
	Time      int64  `json:"time"`
	Goroutine int64  `json:"goroutine"`
	Category  string `json:"category"`
	Message   string `json:"message"`
}

// Task is a trace.UserTaskSummary.
type Task struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	Parent      *int64    `json:"parent"`
	Children    []int64   `json:"children"`
	Start       *EventRef `json:"start"`
	End         *EventRef `json:"end"`
	Complete    bool      `json:"complete"`
	Descendents []int64   `json:"descendents"`
	Logs        []Log     `json:"logs"`
	Regions     []Region  `json:"regions"`
	// Goroutines are the keys of the task's Goroutines map, sorted; a key
	// whose summary is nil (an event on no known goroutine) is included.
	Goroutines []int64 `json:"goroutines"`
}

// Window is a trace.UtilWindow.
type Window struct {
	Time        int64   `json:"time"`
	MutatorUtil float64 `json:"mutatorUtil"`
}

// MMUPoint is the MMU curve at one window size.
type MMUPoint struct {
	Window   int64     `json:"window"`
	MMU      float64   `json:"mmu"`
	Examples []Window  `json:"examples"`
	MUD      []float64 `json:"mud"`
}

// MMUCurve is MutatorUtilizationV2(events, flags) and NewMMUCurve of it.
type MMUCurve struct {
	Flags      []string   `json:"flags"`
	FlagsValue int        `json:"flagsValue"`
	SeriesLens []int      `json:"seriesLengths"`
	Points     []MMUPoint `json:"points"`
	Error      *string    `json:"error"`
}

// MMU holds every flag combination cmd/trace's /mmu page offers.
type MMU struct {
	Windows      []int64    `json:"windows"`
	Quantiles    []float64  `json:"mudQuantiles"`
	ExamplesN    int        `json:"examplesPerWindow"`
	Combinations []MMUCurve `json:"combinations"`
}

// Frame is one frame of a pprof sample's stack, leaf first.
type Frame struct {
	Func string `json:"func"`
	File string `json:"file"`
	Line int64  `json:"line"`
	PC   int64  `json:"pc"`
}

// Sample is one pprof sample: contentions (count) and delay (nanoseconds).
type Sample struct {
	Stack   []Frame `json:"stack"`
	Count   int64   `json:"count"`
	DelayNs int64   `json:"delayNs"`
}

// Profile is the decoded content of one `go tool trace -pprof=TYPE` output.
type Profile struct {
	SampleTypes []string `json:"sampleTypes"`
	Samples     []Sample `json:"samples"`
}

// Golden is the whole document.
type Golden struct {
	GoVersion string `json:"goVersion"`
	Trace     string `json:"trace"`
	// EventsRead counts the events internal/trace handed out before io.EOF
	// or the error; all of them went into the summarizer, as in cmd/trace.
	EventsRead int `json:"eventsRead"`
	// EventsKept is what cmd/trace keeps for its other views (MMU, pprof):
	// all events on success, else those up to the last Sync event before
	// the error.
	EventsKept int `json:"eventsKept"`
	// Error is the first line of the reader's error, or nil at io.EOF.
	Error *string `json:"error"`
	// StartTime, EndTime: the first and last kept events' times; DurationNs
	// their difference (the last MMU window).
	StartTime  int64               `json:"startTime"`
	EndTime    int64               `json:"endTime"`
	DurationNs int64               `json:"durationNs"`
	Goroutines []Goroutine         `json:"goroutines"`
	Tasks      []Task              `json:"tasks"`
	MMU        *MMU                `json:"mmu"`
	Pprof      map[string]*Profile `json:"pprof"`
}

type profileFlags map[string]string

func (p profileFlags) String() string { return fmt.Sprint(map[string]string(p)) }
func (p profileFlags) Set(v string) error {
	typ, file, ok := strings.Cut(v, "=")
	if !ok {
		return errors.New("want TYPE=FILE")
	}
	p[typ] = file
	return nil
}

func main() {
	name := flag.String("name", "", "the fixture's name, recorded in the output")
	profiles := profileFlags{}
	flag.Var(profiles, "profile", "TYPE=FILE: a `go tool trace -pprof=TYPE` output to decode (repeatable)")
	decode := flag.Bool("decode", false, "only decode the pprof files given as arguments: a JSON list of their Profiles")
	flag.Parse()
	if *decode {
		// For the profiles of go tool trace's web UI (its region profiles), which make.mjs fetches.
		out := []*Profile{}
		for _, file := range flag.Args() {
			out = append(out, readProfile(file))
		}
		check(json.NewEncoder(os.Stdout).Encode(out))
		return
	}
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: gotrace-oracle -name NAME [-profile TYPE=FILE ...] TRACE")
		os.Exit(2)
	}
	f, err := os.Open(flag.Arg(0))
	check(err)
	defer f.Close()

	g := &Golden{GoVersion: runtime.Version(), Trace: *name, Pprof: map[string]*Profile{}}

	// Read the way cmd/trace's parseTrace does: every event into the
	// summarizer; on an error keep the events up to the last Sync.
	r, err := trace.NewReader(f)
	check(err)
	s := trace.NewSummarizer()
	var events []trace.Event
	kept := 0
	for {
		ev, err := r.ReadEvent()
		if err == io.EOF {
			kept = len(events)
			break
		}
		if err != nil {
			// Only the first line: after it, a "broken trace" error dumps
			// the reader's frontier and state in Go map order, which
			// changes from run to run.
			msg, _, _ := strings.Cut(err.Error(), "\n")
			g.Error = &msg
			break
		}
		events = append(events, ev)
		s.Event(&events[len(events)-1])
		if ev.Kind() == trace.EventSync {
			kept = len(events)
		}
	}
	sum := s.Finalize()
	g.EventsRead = len(events)
	g.EventsKept = kept
	events = events[:kept]
	if kept > 0 {
		g.StartTime = exact("start time", int64(events[0].Time()))
		g.EndTime = exact("end time", int64(events[kept-1].Time()))
		g.DurationNs = exact("duration", int64(events[kept-1].Time()-events[0].Time()))
	}

	g.Goroutines = goroutines(sum)
	g.Tasks = tasks(sum)
	if kept > 0 {
		g.MMU = mmu(events, g.DurationNs)
	}
	for typ, file := range profiles {
		g.Pprof[typ] = readProfile(file)
	}

	out, err := json.Marshal(g)
	check(err)
	os.Stdout.Write(append(out, '\n'))
}

func goroutines(sum *trace.Summary) []Goroutine {
	out := make([]Goroutine, 0, len(sum.Goroutines))
	for _, gs := range sum.Goroutines {
		out = append(out, Goroutine{
			ID:           exact("goroutine id", int64(gs.ID)),
			Name:         str("goroutine name", gs.Name),
			PC:           exactU("goroutine pc", gs.PC),
			CreationTime: exact("CreationTime", int64(gs.CreationTime)),
			StartTime:    exact("StartTime", int64(gs.StartTime)),
			EndTime:      exact("EndTime", int64(gs.EndTime)),
			IsSystem:     trace.IsSystemGoroutine(gs.Name),
			Stats:        execStats(gs.GoroutineExecStats),
			Regions:      regions(gs.Regions),
		})
	}
	slices.SortFunc(out, func(a, b Goroutine) int { return cmpInt(a.ID, b.ID) })
	return out
}

func tasks(sum *trace.Summary) []Task {
	out := make([]Task, 0, len(sum.Tasks))
	for _, t := range sum.Tasks {
		task := Task{
			ID:       exactU("task id", uint64(t.ID)),
			Name:     str("task name", t.Name),
			Children: []int64{},
			Start:    eventRef(t.Start),
			End:      eventRef(t.End),
			Complete: t.Complete(),
			Logs:     []Log{},
			Regions:  regions(t.Regions),
		}
		if t.Parent != nil {
			p := exactU("task parent", uint64(t.Parent.ID))
			task.Parent = &p
		}
		for _, c := range t.Children {
			task.Children = append(task.Children, exactU("task child", uint64(c.ID)))
		}
		for _, d := range t.Descendents() {
			task.Descendents = append(task.Descendents, exactU("task descendent", uint64(d.ID)))
		}
		for _, ev := range t.Logs {
			l := ev.Log()
			task.Logs = append(task.Logs, Log{
				Time:      exact("log time", int64(ev.Time())),
				Goroutine: exact("log goroutine", int64(ev.Goroutine())),
				Category:  str("log category", l.Category),
				Message:   str("log message", l.Message),
			})
		}
		task.Goroutines = []int64{}
		for id := range t.Goroutines {
			task.Goroutines = append(task.Goroutines, exact("task goroutine", int64(id)))
		}
		slices.Sort(task.Goroutines)
		out = append(out, task)
	}
	// Sort as unsigned IDs, so NoTask (-1 here) comes last, as in Go.
	slices.SortFunc(out, func(a, b Task) int {
		x, y := uint64(a.ID), uint64(b.ID)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	})
	return out
}

// utilFlags are the names traceviewer's /mmu page gives the flags
// (internal/trace/traceviewer/mmu.go utilFlagNames), in bit order.
var utilFlags = []struct {
	name string
	flag trace.UtilFlags
}{
	{"stw", trace.UtilSTW},
	{"background", trace.UtilBackground},
	{"assist", trace.UtilAssist},
	{"sweep", trace.UtilSweep},
	{"perProc", trace.UtilPerProc},
}

// The /mmu page's percentiles (HandlePlot with "mut").
var mudQuantiles = []float64{0, 1 - .999, 1 - .99, 1 - .95}

const examplesN = 5

func mmu(events []trace.Event, duration int64) *MMU {
	m := &MMU{
		Windows: []int64{
			int64(time.Microsecond), int64(10 * time.Microsecond), int64(100 * time.Microsecond),
			int64(time.Millisecond), int64(10 * time.Millisecond), int64(100 * time.Millisecond),
			int64(time.Second), duration,
		},
		Quantiles: mudQuantiles,
		ExamplesN: examplesN,
	}
	// Every combination of the page's checkboxes (the System/Per-goroutine
	// radio button is UtilPerProc).
	for bits := 0; bits < 1<<len(utilFlags); bits++ {
		var flags trace.UtilFlags
		names := []string{}
		for i, f := range utilFlags {
			if bits&(1<<i) != 0 {
				flags |= f.flag
				names = append(names, f.name)
			}
		}
		m.Combinations = append(m.Combinations, mmuCurve(events, flags, names, m.Windows))
	}
	return m
}

// mmuCurve computes one combination; a panic inside Go's code (e.g. a series
// with no points) is recorded as the combination's error.
func mmuCurve(events []trace.Event, flags trace.UtilFlags, names []string, windows []int64) (c MMUCurve) {
	c = MMUCurve{Flags: names, FlagsValue: int(flags), SeriesLens: []int{}, Points: []MMUPoint{}}
	defer func() {
		if p := recover(); p != nil {
			msg := fmt.Sprint(p)
			c.Error = &msg
			c.Points = []MMUPoint{}
		}
	}()
	util := trace.MutatorUtilizationV2(events, flags)
	for _, s := range util {
		c.SeriesLens = append(c.SeriesLens, len(s))
	}
	curve := trace.NewMMUCurve(util)
	for _, w := range windows {
		window := time.Duration(w)
		p := MMUPoint{Window: w, MMU: curve.MMU(window), Examples: []Window{}, MUD: curve.MUD(window, mudQuantiles)}
		for _, ex := range curve.Examples(window, examplesN) {
			p.Examples = append(p.Examples, Window{Time: exact("example time", ex.Time), MutatorUtil: ex.MutatorUtil})
		}
		c.Points = append(c.Points, p)
	}
	return c
}

// readProfile decodes a pprof file and lists its samples in a canonical order
// (cmd/trace emits them in Go map order, which changes from run to run).
func readProfile(file string) *Profile {
	data, err := os.Open(file)
	check(err)
	defer data.Close()
	p, err := profile.Parse(data)
	check(err)
	out := &Profile{Samples: []Sample{}}
	for _, st := range p.SampleType {
		out.SampleTypes = append(out.SampleTypes, st.Type+"/"+st.Unit)
	}
	for _, s := range p.Sample {
		if len(s.Value) != 2 {
			panic(fmt.Sprintf("%s: a sample with %d values", file, len(s.Value)))
		}
		smp := Sample{Stack: []Frame{}, Count: exact("count", s.Value[0]), DelayNs: exact("delay", s.Value[1])}
		for _, loc := range s.Location {
			if len(loc.Line) != 1 {
				panic(fmt.Sprintf("%s: a location with %d lines", file, len(loc.Line)))
			}
			ln := loc.Line[0]
			smp.Stack = append(smp.Stack, Frame{
				Func: str("func", ln.Function.Name),
				File: str("file", ln.Function.Filename),
				Line: exact("line", ln.Line),
				PC:   exactU("pc", loc.Address),
			})
		}
		out.Samples = append(out.Samples, smp)
	}
	slices.SortFunc(out.Samples, compareSamples)
	return out
}

// compareSamples orders samples by their stacks frame by frame (PC, then
// function, file, line), a shorter stack before a longer one with the same
// prefix, then by values.
func compareSamples(a, b Sample) int {
	for i := 0; i < len(a.Stack) && i < len(b.Stack); i++ {
		x, y := a.Stack[i], b.Stack[i]
		if c := cmpInt(x.PC, y.PC); c != 0 {
			return c
		}
		if c := strings.Compare(x.Func, y.Func); c != 0 {
			return c
		}
		if c := strings.Compare(x.File, y.File); c != 0 {
			return c
		}
		if c := cmpInt(x.Line, y.Line); c != 0 {
			return c
		}
	}
	if c := cmpInt(int64(len(a.Stack)), int64(len(b.Stack))); c != 0 {
		return c
	}
	if c := cmpInt(a.Count, b.Count); c != 0 {
		return c
	}
	return cmpInt(a.DelayNs, b.DelayNs)
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "gotrace-oracle:", err)
		os.Exit(1)
	}
}
