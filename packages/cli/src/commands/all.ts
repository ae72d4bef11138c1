// Every gotrace command, in the order the overview lists them. Kept out of
// the package root: the commands are the binary's, not an API.
import type { Command } from "./command.js";
import { encodeCommand } from "./encode.js";
import { eventsCommand } from "./events.js";
import { footprintCommand } from "./footprint.js";
import { goroutinesCommand } from "./goroutines.js";
import { heapCommand } from "./heap.js";
import { mmuCommand } from "./mmu.js";
import { perfettoCommand } from "./perfetto.js";
import { pprofCommand } from "./pprof.js";
import { regionsCommand } from "./regions.js";
import { reportCommand } from "./report.js";
import { tasksCommand } from "./tasks.js";
import { textCommand } from "./text.js";
import { validateCommand } from "./validate.js";
import { wireCommand } from "./wire.js";

/** Every gotrace command, in the order the overview lists them. */
export const COMMANDS: readonly Command[] = [
  eventsCommand,
  validateCommand,
  wireCommand,
  footprintCommand,
  textCommand,
  encodeCommand,
  heapCommand,
  goroutinesCommand,
  tasksCommand,
  regionsCommand,
  mmuCommand,
  pprofCommand,
  perfettoCommand,
  reportCommand,
];
