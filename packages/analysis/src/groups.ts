// Goroutines grouped by start function, as cmd/trace's goroutines page lists
// them, with the groups' totals.
import { addToKey } from "./record.js";
import type { ExecStats, GoroutineSummary } from "./types.js";

/** The goroutines sharing one start function, and their stats added up. */
export interface GoroutineGroup {
  /** The start function ("" for goroutines no stack named). */
  name: string;
  /** How many goroutines. */
  count: number;
  /** Their stats, field by field and key by key, added up; unknownTime is the sum of theirs. */
  stats: ExecStats;
}

/** Groups goroutines by start function; the groups come by total execution time, largest first, then by name. */
export function groupGoroutines(goroutines: readonly GoroutineSummary[]): GoroutineGroup[] {
  const groups = new Map<string, GoroutineGroup>();
  for (const g of goroutines) {
    let group = groups.get(g.name);
    if (group === undefined) {
      group = { name: g.name, count: 0, stats: emptyStats() };
      groups.set(g.name, group);
    }
    group.count++;
    addStats(group.stats, g.stats);
  }
  return [...groups.values()].sort(
    (a, b) => b.stats.execTime - a.stats.execTime || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
}

/** Stats with every total 0 and no keys. */
export function emptyStats(): ExecStats {
  return {
    execTime: 0,
    schedWaitTime: 0,
    blockTimeByReason: {},
    syscallTime: 0,
    syscallBlockTime: 0,
    totalTime: 0,
    rangeTime: {},
    unknownTime: 0,
  };
}

/** The stats of `list` added up field by field and key by key (a group's totals). */
export function sumStats(list: readonly ExecStats[]): ExecStats {
  const out = emptyStats();
  for (const s of list) addStats(out, s);
  return out;
}

function addStats(to: ExecStats, s: ExecStats): void {
  to.execTime += s.execTime;
  to.schedWaitTime += s.schedWaitTime;
  to.syscallTime += s.syscallTime;
  to.syscallBlockTime += s.syscallBlockTime;
  to.totalTime += s.totalTime;
  to.unknownTime += s.unknownTime;
  addRecord(to.blockTimeByReason, s.blockTimeByReason);
  addRecord(to.rangeTime, s.rangeTime);
}

function addRecord(to: Record<string, number>, from: Record<string, number>): void {
  for (const k of Object.keys(from)) addToKey(to, k, from[k] as number);
}
