// The Go trace → Perfetto mapping, fed one event at a time (a refilled
// nextShared() event is fine: nothing here keeps the event object). It keeps
// what is open (running goroutines, states, syscalls, ranges, regions, tasks)
// and the counters' values, never the events, so its memory follows the
// number of goroutines, Ps, threads and open ranges, not the trace's length.
import type { HeapReport } from "@gotrace/heap";
import { type Event, EventKind, GoState, ResourceKind } from "@gotrace/reader";
import { type TransitionParts, readTransition } from "@gotrace/reader/internal";
import { CounterDescriptor_Unit, TrackEvent_Type } from "./gen/perfetto/trace_pb.js";
import { HEAP_SEQUENCE_ID, PacketWriter, type StackFrame } from "./packet-writer.js";

const NO_EXTRAS: { tracks: number[]; values: number[] } = { tracks: [], values: [] };

/**
 * Track keys: the kind times 2^40 plus the Go id taken modulo 2^40 (ids stay far under it; -1, no P
 * or no M, is 2^40 - 1). Below 2^44, so a plain number, exact.
 */
const SPACE = {
  group: 1,
  proc: 2,
  goroutine: 3,
  goroutineUser: 4,
  thread: 5,
  task: 6,
  range: 7,
  counter: 8,
  regionBefore: 9,
} as const;
const ID_SPAN = 2 ** 40;
const uuidOf = (space: number, id: number): number => space * ID_SPAN + (((id % ID_SPAN) + ID_SPAN) % ID_SPAN);

/** The top-level groups, in the order they are shown. */
const GROUPS = ["GC", "Procs", "Goroutines", "Threads", "Tasks", "Counters"] as const;
type Group = (typeof GROUPS)[number];
const groupUuid = (g: Group): number => uuidOf(SPACE.group, GROUPS.indexOf(g) + 1);

/** The counters, with their track ids and units. */
const COUNTERS = {
  heapAlloc: { id: 1, name: "HeapAlloc", unit: CounterDescriptor_Unit.SIZE_BYTES },
  heapGoal: { id: 2, name: "HeapGoal", unit: CounterDescriptor_Unit.SIZE_BYTES },
  gomaxprocs: { id: 3, name: "GOMAXPROCS", unit: CounterDescriptor_Unit.COUNT },
  running: { id: 4, name: "Goroutines running", unit: CounterDescriptor_Unit.COUNT },
  runnable: { id: 5, name: "Goroutines runnable", unit: CounterDescriptor_Unit.COUNT },
  waiting: { id: 6, name: "Goroutines waiting", unit: CounterDescriptor_Unit.COUNT },
  syscall: { id: 7, name: "Threads in syscall", unit: CounterDescriptor_Unit.COUNT },
} as const;
type CounterName = keyof typeof COUNTERS;
/**
 * Interned entries kept at most before the sequence's state is cleared and they are forgotten:
 * enough that names repeated within a generation are written once, few enough (a few MiB) that a
 * generation of one-off names (an annotated trace's 400,000 distinct log messages) does not hold
 * them all. A module's object, not exported by the package: its tests lower it.
 */
export const interningLimit = { entries: 1 << 16 };
/** Track ids of the heap model's counters start here (after COUNTERS'). */
const HEAP_COUNTER_BASE = 100;
const METRIC_COUNTERS: Record<string, CounterName> = {
  "/memory/classes/heap/objects:bytes": "heapAlloc",
  "/gc/heap/goal:bytes": "heapGoal",
  "/sched/gomaxprocs:threads": "gomaxprocs",
};
/** Goroutine state → the counter it is counted in. */
const STATE_COUNTER: Partial<Record<number, CounterName>> = {
  [GoState.Running]: "running",
  [GoState.Runnable]: "runnable",
  [GoState.Waiting]: "waiting",
  [GoState.Syscall]: "syscall",
};

/** What the exporter knows of one goroutine. */
interface GoroutineState {
  id: number;
  /** "G12 main.worker" once a stack named its start function, else "G12". */
  label: string;
  named: boolean;
  state: number;
  /** The P whose track shows it running, while it runs. */
  runningOn: number | null;
  /** The thread whose track shows its system call, while it is in one. */
  syscallOn: number | null;
  /** Region slices open on its user track (begun in the trace), innermost last. */
  regions: number;
  /** Regions that began before the trace and are still open, on their own track. */
  regionsBefore: number;
  /** Flow from the goroutine that made it runnable, ended on its next slice. */
  flowIn: number | null;
  userTrack: boolean;
  /** The interned iid of `label`, and the interning generation it holds in (-1: none yet). */
  labelIid: number;
  labelGeneration: number;
  /** The same for the name of the "unblock G…" instants that point at it. */
  unblockIid: number;
  unblockGeneration: number;
  /** The uuid written for its state track once declared, else 0. */
  trackId: number;
}

/** Names of the Go states on the goroutine tracks. */
const STATE_NAMES: Partial<Record<number, string>> = {
  [GoState.Running]: "running",
  [GoState.Runnable]: "runnable",
  [GoState.Waiting]: "waiting",
  [GoState.Syscall]: "syscall",
};

/** Perfetto trace output of a Go trace, built event by event. */
export class PerfettoExporter {
  private readonly out = new PacketWriter();
  private readonly declared = new Set<number>();
  private readonly goroutines = new Map<number, GoroutineState>();
  /** Open runtime ranges by track uuid: how deep (ranges of one name on one resource do not overlap, but RangeActive repeats them). */
  private readonly ranges = new Map<string, number>();
  private readonly rangeTracks = new Map<string, number>();
  /** The range tracks of each goroutine, forgotten with it. */
  private readonly goroutineRangeKeys = new Map<number, string[]>();
  /** Tasks begun (or, for those begun before the trace, ended) and not yet closed. */
  private readonly openTasks = new Map<number, string>();
  /** Each counter's last value by its id (NaN: none yet), and the uuid written for its track (0: not yet). */
  private readonly counterValues = new Float64Array(16).fill(Number.NaN);
  private readonly counterTrackIds = new Float64Array(16);
  /** The uuids written for the P tracks, by P (0: not declared yet); "no P" (-1) is not cached. */
  private readonly procTrackIds: number[] = [];
  private nextRangeTrack = 1;
  private nextFlow = 1;
  private started = false;
  private startTime = 0;
  /** The last Sync's time: a goroutine first seen at a generation's start has been in its state since. */
  private syncTime = 0;
  private lastTime = 0;
  private finished = false;
  private allocFree = false;

  /** Whether the trace has the AllocFree experiment's events (GODEBUG=traceallocfree=1): heap counters can follow. */
  get hasAllocFree(): boolean {
    return this.allocFree;
  }

  /** Track keys (the uuid spaces above) to the uuids written: small numbers, so a few bytes per event. */
  private readonly compact = new Map<number, number>();
  private nextUuid = 1;
  /** Filled by each state transition: no object per event. */
  private readonly scratch: TransitionParts = { kind: ResourceKind.None, id: 0, from: 0, to: 0 };
  /** "waiting: REASON" by reason: the reason strings are the trace's, so the names are made once. */
  private readonly waitingNames = new Map<string, string>();

  /** The uuid written for a track key, given on first use. */
  private id(key: number): number {
    let u = this.compact.get(key);
    if (u === undefined) {
      u = this.nextUuid++;
      this.compact.set(key, u);
    }
    return u;
  }

  /** Bytes of output ready to take. */
  get bufferedBytes(): number {
    return this.out.bufferedBytes;
  }

  /** The output so far, as `Trace.packet` records; later output continues it. */
  take(): Uint8Array {
    return this.out.take();
  }

  /** Adds one event of the ordered stream. */
  event(ev: Event): void {
    if (this.finished) throw new Error("PerfettoExporter.event after finish");
    // Between events nothing interned is pending, so the tables may be emptied here.
    this.out.boundInterning(interningLimit.entries);
    const t = ev.time;
    if (!this.started) {
      this.started = true;
      this.startTime = t;
      this.declareGroups();
    }
    this.lastTime = t;
    switch (ev.kind) {
      case EventKind.Sync:
        this.syncTime = t;
        this.sync(ev);
        break;
      case EventKind.Metric: {
        const m = ev.metric();
        const c = METRIC_COUNTERS[m.name];
        if (c !== undefined) this.counter(c, m.value, t);
        break;
      }
      case EventKind.StateTransition:
        this.transition(ev, t);
        break;
      case EventKind.RangeBegin:
      case EventKind.RangeActive:
      case EventKind.RangeEnd:
        this.range(ev, t);
        break;
      case EventKind.TaskBegin:
      case EventKind.TaskEnd:
        this.task(ev, t);
        break;
      case EventKind.RegionBegin:
      case EventKind.RegionEnd:
        this.region(ev, t);
        break;
      case EventKind.Log:
        this.log(ev, t);
        break;
      case EventKind.StackSample:
        this.sample(ev, t);
        break;
      case EventKind.Experimental:
        if (!this.allocFree && ev.experimental().experiment === "AllocFree") this.allocFree = true;
        break;
    }
    // Output is taken between events: nothing stays pending past one.
    this.flushCounters();
  }

  /** Closes everything still open at the last event's time; the output is then complete. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    const t = this.lastTime;
    for (const g of this.goroutines.values()) this.leaveState(g, t);
    for (const [, track] of this.ranges) this.end(track, t);
    this.ranges.clear();
    for (const [id] of this.openTasks) this.end(uuidOf(SPACE.task, id), t);
    this.openTasks.clear();
    this.flushCounters();
  }

  /**
   * Counters from @gotrace/heap's model of an alloc/free trace, at its timeline's points: live heap
   * bytes, goroutine stack bytes and the live bytes of its top types. Call after `finish()`; the
   * packets come after the others, and Perfetto orders packets by time.
   */
  heapCounters(report: HeapReport): void {
    const counters: { name: string; value: (p: HeapReport["timeline"][number]) => number }[] = [
      { name: "Live heap bytes", value: (p) => p.liveBytes },
      { name: "Goroutine stack bytes", value: (p) => p.stackBytes },
      ...report.topTypes.map((type) => ({
        name: `Live heap: ${type}`,
        value: (p: HeapReport["timeline"][number]) => p.byType[type] ?? 0,
      })),
    ];
    // A sequence of their own, whose incremental clock starts again at the timeline's first point.
    this.out.useSequence(HEAP_SEQUENCE_ID);
    const first = report.timeline[0]?.timeNs ?? this.lastTime;
    const tracks = counters.map((c, i) => {
      const uuid = this.id(uuidOf(SPACE.counter, HEAP_COUNTER_BASE + i));
      this.out.packet(first, {
        data: {
          case: "trackDescriptor",
          value: {
            uuid: BigInt(uuid),
            parentUuid: BigInt(this.id(groupUuid("Counters"))),
            staticOrDynamicName: { case: "name", value: c.name },
            counter: { unit: CounterDescriptor_Unit.SIZE_BYTES },
          },
        },
      });
      return uuid;
    });
    // One packet per point: the first counter that changed there, the others that did as its extra values.
    const last: (number | null)[] = counters.map(() => null);
    for (const p of report.timeline) {
      const changed: number[] = [];
      const values: number[] = [];
      counters.forEach((c, i) => {
        const v = c.value(p);
        if (v === last[i]) return;
        last[i] = v;
        changed.push(tracks[i]!);
        values.push(v);
      });
      this.counterPacket(p.timeNs, changed, values);
    }
  }

  // ---- tracks

  private declareGroups(): void {
    GROUPS.forEach((g, i) => {
      this.track(groupUuid(g), g, null, i);
    });
    for (const c of Object.values(COUNTERS)) {
      const uuid = uuidOf(SPACE.counter, c.id);
      this.declared.add(uuid);
      this.out.packet(this.startTime, {
        data: {
          case: "trackDescriptor",
          value: {
            uuid: BigInt(this.id(uuid)),
            parentUuid: BigInt(this.id(groupUuid("Counters"))),
            staticOrDynamicName: { case: "name", value: c.name },
            counter: { unit: c.unit },
          },
        },
      });
    }
  }

  /** Declares a track once (again with a new name when `rename`). */
  private track(uuid: number, name: string, parent: number | null, rank: number | null, rename = false): void {
    if (this.declared.has(uuid) && !rename) return;
    this.declared.add(uuid);
    const id = this.id(uuid);
    const parentId = parent === null ? null : this.id(parent);
    if (this.out.trackDescriptor(this.lastTime, id, name, parentId, rank)) return;
    this.out.packet(this.lastTime, {
      data: {
        case: "trackDescriptor",
        value: {
          uuid: BigInt(id),
          staticOrDynamicName: { case: "name", value: name },
          ...(parentId !== null ? { parentUuid: BigInt(parentId) } : {}),
          ...(rank !== null ? { siblingOrderRank: rank } : {}),
        },
      },
    });
  }

  private procTrack(p: number): number {
    const uuid = uuidOf(SPACE.proc, p);
    this.track(uuid, p < 0 ? "no P" : `P${p}`, groupUuid("Procs"), p);
    return uuid;
  }

  /** The uuid written for P `p`'s track, declared on first use. */
  private procTrackId(p: number): number {
    const cached = p >= 0 ? this.procTrackIds[p] : undefined;
    if (cached !== undefined && cached !== 0) return cached;
    const id = this.id(this.procTrack(p));
    if (p >= 0) this.procTrackIds[p] = id;
    return id;
  }

  private goroutineTrack(g: GoroutineState): number {
    const uuid = uuidOf(SPACE.goroutine, g.id);
    this.track(uuid, g.label, groupUuid("Goroutines"), g.id);
    return uuid;
  }

  /** The uuid written for the goroutine's state track, declared on first use. */
  private goroutineTrackId(g: GoroutineState): number {
    if (g.trackId === 0) g.trackId = this.id(this.goroutineTrack(g));
    return g.trackId;
  }

  /** Regions, logs and CPU samples of a goroutine: a child of its state track, so slices there nest apart from states. */
  private userTrack(g: GoroutineState): number {
    const uuid = uuidOf(SPACE.goroutineUser, g.id);
    if (!g.userTrack) {
      this.goroutineTrack(g);
      g.userTrack = true;
      this.track(uuid, `${g.label} user`, uuidOf(SPACE.goroutine, g.id), 1);
    }
    return uuid;
  }

  private threadTrack(m: number): number {
    const uuid = uuidOf(SPACE.thread, m);
    this.track(uuid, m < 0 ? "no M" : `M${m}`, groupUuid("Threads"), m);
    return uuid;
  }

  // ---- events on tracks

  /**
   * Counter values set by the event being exported, all at `pendingTime`: they ride as extra
   * counter values on a slice's begin or end at that time (a few bytes each instead of a packet),
   * or else on one counter packet after the event.
   */
  private pendingTracks: number[] = [];
  private pendingValues: number[] = [];
  private pendingTime = 0;

  /** The pending counter values to attach to a track event at `t`: none unless they are at `t`. */
  private extrasAt(t: number): { tracks: number[]; values: number[] } {
    if (this.pendingTracks.length === 0 || t !== this.pendingTime) return NO_EXTRAS;
    const extras = { tracks: this.pendingTracks, values: this.pendingValues };
    this.pendingTracks = [];
    this.pendingValues = [];
    return extras;
  }

  /** Extra counter values as the generated schema's fields, for a packet built as a message. */
  private static extraFields(x: { tracks: number[]; values: number[] }) {
    return x.tracks.length === 0
      ? {}
      : { extraCounterTrackUuids: x.tracks.map(BigInt), extraCounterValues: x.values.map(BigInt) };
  }

  private begin(track: number, name: string, t: number, flow: number | null = null): void {
    this.beginOn(this.id(track), this.out.name(name), t, flow);
  }

  /** A slice's begin on the track written as `uuid`, its name already interned. */
  private beginOn(uuid: number, iid: number, t: number, flow: number | null = null): void {
    const x = this.extrasAt(t);
    if (this.out.trackEvent(t, TrackEvent_Type.SLICE_BEGIN, uuid, iid, null, flow, x.tracks, x.values)) return;
    this.out.packet(t, {
      data: {
        case: "trackEvent",
        value: {
          type: TrackEvent_Type.SLICE_BEGIN,
          trackUuid: BigInt(uuid),
          nameField: { case: "nameIid", value: BigInt(iid) },
          ...(flow !== null ? { terminatingFlowIds: [BigInt(flow)] } : {}),
          ...PerfettoExporter.extraFields(x),
        },
      },
    });
  }

  private end(track: number, t: number): void {
    this.endOn(this.id(track), t);
  }

  /** A slice's end on the track written as `uuid`. */
  private endOn(uuid: number, t: number): void {
    const x = this.extrasAt(t);
    if (this.out.trackEvent(t, TrackEvent_Type.SLICE_END, uuid, 0, null, null, x.tracks, x.values)) return;
    this.out.packet(t, {
      data: {
        case: "trackEvent",
        value: { type: TrackEvent_Type.SLICE_END, trackUuid: BigInt(uuid), ...PerfettoExporter.extraFields(x) },
      },
    });
  }

  private nameOf(name: string) {
    return { case: "nameIid" as const, value: BigInt(this.out.name(name)) };
  }

  /** Sets a counter's value at `t` (written only when it changed), pending until a track event at `t` takes it. */
  private counter(c: CounterName, value: number, t: number): void {
    const index = COUNTERS[c].id;
    if (this.counterValues[index] === value) return;
    this.counterValues[index] = value;
    if (this.pendingTracks.length > 0 && t !== this.pendingTime) this.flushCounters();
    let track = this.counterTrackIds[index] as number;
    if (track === 0) {
      track = this.id(uuidOf(SPACE.counter, index));
      this.counterTrackIds[index] = track;
    }
    this.pendingTime = t;
    const at = this.pendingTracks.indexOf(track);
    // Set twice at one time: only the last value is seen.
    if (at >= 0) this.pendingValues[at] = value;
    else {
      this.pendingTracks.push(track);
      this.pendingValues.push(value);
    }
  }

  /** Writes the pending counter values no track event took. */
  private flushCounters(): void {
    if (this.pendingTracks.length === 0) return;
    const { tracks, values } = this.extrasAt(this.pendingTime);
    this.counterPacket(this.pendingTime, tracks, values);
  }

  /** One COUNTER event: the first track's value, the others' as its extra counter values. */
  private counterPacket(t: number, tracks: number[], values: number[]): void {
    const track = tracks[0];
    const value = values[0];
    if (track === undefined || value === undefined) return;
    const rest = { tracks: tracks.slice(1), values: values.slice(1) };
    if (this.out.trackEvent(t, TrackEvent_Type.COUNTER, track, 0, value, null, rest.tracks, rest.values)) return;
    this.out.packet(t, {
      data: {
        case: "trackEvent",
        value: {
          type: TrackEvent_Type.COUNTER,
          trackUuid: BigInt(track),
          counterValueField: { case: "counterValue", value: BigInt(value) },
          ...PerfettoExporter.extraFields(rest),
        },
      },
    });
  }

  private bump(c: CounterName | undefined, by: number, t: number): void {
    if (c === undefined) return;
    const last = this.counterValues[COUNTERS[c].id] as number;
    this.counter(c, (Number.isNaN(last) ? 0 : last) + by, t);
  }

  // ---- Go events

  private sync(ev: Event): void {
    // Go's stack and string ids are per generation; so are the interned tables.
    this.out.resetInterning();
    const clock = ev.sync().clockSnapshot;
    if (clock === null) return;
    // The packets' timestamps are the trace clock, as the default (BOOTTIME) domain; the snapshot
    // ties it to the wall clock and the monotonic clock Go read at the same moment.
    const wall = clock.wall.sec * 1_000_000_000n + clock.wall.nsec;
    this.out.packet(Number(clock.trace), {
      data: {
        case: "clockSnapshot",
        value: {
          clocks: [
            { clockId: 6, timestamp: clock.trace },
            { clockId: 1, timestamp: wall },
            { clockId: 3, timestamp: clock.mono },
          ],
        },
      },
    });
  }

  private goroutine(id: number): GoroutineState {
    let g = this.goroutines.get(id);
    if (g === undefined) {
      g = {
        id,
        label: `G${id}`,
        named: false,
        state: GoState.Undetermined,
        runningOn: null,
        syscallOn: null,
        regions: 0,
        regionsBefore: 0,
        flowIn: null,
        userTrack: false,
        labelIid: 0,
        labelGeneration: -1,
        unblockIid: 0,
        unblockGeneration: -1,
        trackId: 0,
      };
      this.goroutines.set(id, g);
    }
    return g;
  }

  private transition(ev: Event, t: number): void {
    const st = readTransition(ev, this.scratch);
    if (st.kind !== ResourceKind.Goroutine) return;
    const g = this.goroutine(typeof st.id === "number" ? st.id : Number(st.id));
    if (!g.named && ev.transitionStackID() !== null) {
      // The start function: the outermost frame of the first stack seen, as Go's summarizer names it.
      const stack = ev.stateTransition().stack;
      if (stack !== null && stack.length > 0) {
        g.named = true;
        g.label = `G${g.id} ${stack[stack.length - 1]!.func}`;
        g.labelGeneration = -1;
        if (this.declared.has(uuidOf(SPACE.goroutine, g.id)))
          this.track(uuidOf(SPACE.goroutine, g.id), g.label, groupUuid("Goroutines"), g.id, true);
      }
    }
    if (st.to === g.state && st.to !== GoState.NotExist) return;
    // An unblock by another goroutine: an arrow from where it ran to the unblocked goroutine's next slice.
    if (st.to === GoState.Runnable && st.from === GoState.Waiting && ev.goroutine >= 0 && ev.goroutine !== g.id) {
      const from = this.goroutines.get(ev.goroutine);
      if (from !== undefined && from.state === GoState.Running) {
        const flow = this.nextFlow++;
        g.flowIn = flow;
        const track = this.goroutineTrackId(from);
        if (g.unblockGeneration !== this.out.generation) {
          g.unblockIid = this.out.name(`unblock G${g.id}`);
          g.unblockGeneration = this.out.generation;
        }
        if (!this.out.trackEvent(t, TrackEvent_Type.INSTANT, track, g.unblockIid, null, null, [], [], flow))
          this.out.packet(t, {
            data: {
              case: "trackEvent",
              value: {
                type: TrackEvent_Type.INSTANT,
                trackUuid: BigInt(track),
                nameField: { case: "nameIid", value: BigInt(g.unblockIid) },
                flowIds: [BigInt(flow)],
              },
            },
          });
      }
    }
    this.leaveState(g, t);
    // First seen at a generation's start: in this state since the generation's sync, as Go's summarizer counts it.
    const since = st.from === GoState.Undetermined ? this.syncTime : t;
    g.state = st.to;
    this.bump(STATE_COUNTER[st.to], 1, t);
    const name = STATE_NAMES[st.to];
    if (name === undefined) {
      if (st.to === GoState.NotExist) this.forget(g.id);
      return;
    }
    const track = this.goroutineTrackId(g);
    const flow = g.flowIn;
    g.flowIn = null;
    const stateName = st.to === GoState.Waiting ? this.waitingName(ev.transitionReason()) : name;
    this.beginOn(track, this.out.name(stateName), since, flow);
    if (st.to === GoState.Running) {
      const p = ev.proc;
      g.runningOn = p;
      if (g.labelGeneration !== this.out.generation) {
        g.labelIid = this.out.name(g.label);
        g.labelGeneration = this.out.generation;
      }
      this.beginOn(this.procTrackId(p), g.labelIid, since);
    } else if (st.to === GoState.Syscall) {
      const m = ev.thread;
      g.syscallOn = m;
      this.begin(this.threadTrack(m), `syscall ${g.label}`, since);
    }
  }

  /** The waiting state's slice name for a reason ("waiting" when it has none). */
  private waitingName(reason: string): string {
    if (reason === "") return "waiting";
    let name = this.waitingNames.get(reason);
    if (name === undefined) {
      name = `waiting: ${reason}`;
      this.waitingNames.set(reason, name);
    }
    return name;
  }

  /** Ends the goroutine's current state slice and what goes with it (P slice, thread slice, counter). */
  private leaveState(g: GoroutineState, t: number): void {
    if (STATE_NAMES[g.state] === undefined) return;
    this.endOn(g.trackId !== 0 ? g.trackId : this.id(uuidOf(SPACE.goroutine, g.id)), t);
    this.bump(STATE_COUNTER[g.state], -1, t);
    if (g.runningOn !== null) {
      this.endOn(this.procTrackId(g.runningOn), t);
      g.runningOn = null;
    }
    if (g.syscallOn !== null) {
      this.end(uuidOf(SPACE.thread, g.syscallOn), t);
      g.syscallOn = null;
    }
    g.state = GoState.Undetermined;
  }

  private range(ev: Event, t: number): void {
    const r = ev.range();
    // Stops of the world are the runtime's, one at a time, whichever goroutine asked: one track for them all.
    const stw = r.name.startsWith("stop-the-world");
    const kind = stw ? ResourceKind.None : r.scope.kind;
    const id = stw ? 0 : r.scope.id;
    const key = stw ? "stw" : `${kind}:${id}:${r.name}`;
    const open = this.ranges.get(key);
    if (ev.kind === EventKind.RangeEnd) {
      if (open !== undefined) {
        this.end(open, t);
        this.ranges.delete(key);
      }
      // A range begun before the trace shows from the trace's start.
      else this.rangeSlice(key, r.name, kind, id, this.startTime, t);
      return;
    }
    if (open !== undefined) return; // RangeActive repeats an open range at each generation.
    const track = this.rangeTrack(key, r.name, kind, id);
    this.begin(track, r.name, ev.kind === EventKind.RangeActive ? this.startTime : t);
    this.ranges.set(key, track);
  }

  private rangeSlice(key: string, name: string, kind: number, id: number, from: number, to: number): void {
    const track = this.rangeTrack(key, name, kind, id);
    this.begin(track, name, from);
    this.end(track, to);
  }

  /** One track per range name and resource: a range never overlaps itself there, so its slices nest. */
  private rangeTrack(key: string, name: string, kind: number, id: number): number {
    let uuid = this.rangeTracks.get(key);
    if (uuid === undefined) {
      uuid = uuidOf(SPACE.range, this.nextRangeTrack++);
      this.rangeTracks.set(key, uuid);
      const short = key === "stw" ? "STW" : name;
      if (kind === ResourceKind.Goroutine) {
        const keys = this.goroutineRangeKeys.get(id);
        if (keys === undefined) this.goroutineRangeKeys.set(id, [key]);
        else keys.push(key);
        const g = this.goroutine(id);
        this.goroutineTrack(g);
        this.track(uuid, `${g.label} ${short}`, uuidOf(SPACE.goroutine, id), 2);
      } else if (kind === ResourceKind.Proc) {
        this.procTrack(id);
        this.track(uuid, `P${id} ${short}`, uuidOf(SPACE.proc, id), 1);
      } else if (kind === ResourceKind.Thread) {
        this.threadTrack(id);
        this.track(uuid, `M${id} ${short}`, uuidOf(SPACE.thread, id), 1);
      } else this.track(uuid, short, groupUuid("GC"), this.rangeTracks.size);
      if (kind === ResourceKind.Goroutine && this.goroutines.get(id)?.state === GoState.Undetermined)
        this.goroutines.delete(id);
    }
    return uuid;
  }

  /**
   * Drops what the exporter kept for a goroutine that ended: Go never reuses a goroutine id, so its
   * tracks are done, and memory then follows the live goroutines, not all there were.
   */
  private forget(id: number): void {
    this.goroutines.delete(id);
    const done = (uuid: number) => {
      this.declared.delete(uuid);
      this.compact.delete(uuid);
    };
    done(uuidOf(SPACE.goroutine, id));
    done(uuidOf(SPACE.goroutineUser, id));
    done(uuidOf(SPACE.regionBefore, id));
    for (const key of this.goroutineRangeKeys.get(id) ?? []) {
      if (this.ranges.has(key)) continue;
      const uuid = this.rangeTracks.get(key);
      if (uuid !== undefined) done(uuid);
      this.rangeTracks.delete(key);
    }
    this.goroutineRangeKeys.delete(id);
  }

  private task(ev: Event, t: number): void {
    const task = ev.task();
    const uuid = uuidOf(SPACE.task, task.id);
    const name = `${task.type} (task ${task.id})`;
    if (ev.kind === EventKind.TaskBegin) {
      this.track(uuid, name, groupUuid("Tasks"), null);
      this.begin(uuid, task.type, t);
      this.openTasks.set(task.id, task.type);
      return;
    }
    if (this.openTasks.delete(task.id)) {
      this.end(uuid, t);
    } else {
      // Begun before the trace: shown from the trace's start.
      this.track(uuid, name, groupUuid("Tasks"), null);
      this.begin(uuid, task.type, this.startTime);
      this.end(uuid, t);
    }
    // Task ids are not reused: the track is done.
    this.declared.delete(uuid);
    this.compact.delete(uuid);
  }

  private region(ev: Event, t: number): void {
    const r = ev.region();
    const g = this.goroutine(ev.goroutine);
    const track = this.userTrack(g);
    if (ev.kind === EventKind.RegionBegin) {
      this.begin(track, r.type, t);
      g.regions++;
    } else if (g.regions > 0) {
      this.end(track, t);
      g.regions--;
    } else {
      // Begun before the trace, on a track of their own so they nest: they started before all else there.
      const before = uuidOf(SPACE.regionBefore, g.id);
      this.track(before, `${g.label} regions begun before the trace`, uuidOf(SPACE.goroutine, g.id), 0);
      this.begin(before, r.type, this.startTime);
      this.end(before, t);
    }
  }

  private log(ev: Event, t: number): void {
    const l = ev.log();
    const g = ev.goroutine;
    const track = this.id(g >= 0 ? this.userTrack(this.goroutine(g)) : groupUuid("Tasks"));
    const name = this.out.name(l.category === "" ? l.message : `${l.category}: ${l.message}`);
    const category = this.out.category("log");
    const categoryName = this.out.annotationName("category");
    const messageName = this.out.annotationName("message");
    const taskName = this.out.annotationName("task");
    const annotations = [
      { nameIid: Number(categoryName), value: l.category },
      { nameIid: Number(messageName), value: l.message },
      { nameIid: Number(taskName), value: l.task },
    ];
    if (this.out.annotatedInstant(t, track, name, Number(category), annotations)) return;
    this.out.packet(t, {
      data: {
        case: "trackEvent",
        value: {
          type: TrackEvent_Type.INSTANT,
          trackUuid: BigInt(track),
          nameField: { case: "nameIid", value: BigInt(name) },
          categoryIids: [category],
          debugAnnotations: [
            { nameField: { case: "nameIid", value: categoryName }, value: { case: "stringValue", value: l.category } },
            { nameField: { case: "nameIid", value: messageName }, value: { case: "stringValue", value: l.message } },
            { nameField: { case: "nameIid", value: taskName }, value: { case: "intValue", value: BigInt(l.task) } },
          ],
        },
      },
    });
  }

  private sample(ev: Event, t: number): void {
    const id = ev.stackID();
    const frames: StackFrame[] | null = ev.stack();
    const g = ev.goroutine;
    const track = g >= 0 ? this.userTrack(this.goroutine(g)) : this.threadTrack(ev.thread);
    const callstack =
      frames !== null && frames.length > 0
        ? { callstackField: { case: "callstackIid" as const, value: this.out.callstack(String(id), frames) } }
        : {};
    this.out.packet(t, {
      data: {
        case: "trackEvent",
        value: {
          type: TrackEvent_Type.INSTANT,
          trackUuid: BigInt(this.id(track)),
          nameField: this.nameOf("CPU sample"),
          ...callstack,
        },
      },
    });
  }
}
