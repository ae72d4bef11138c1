// Vitest's worker hears its main process's answers only when the event loop turns, and
// gives up on an answer after 60 s ("Timeout calling onTaskUpdate"), which fails the whole
// run. A file of synchronous cases (reading traces) can keep the loop from turning for
// longer than that on a busy machine, though no single case comes near its own limit:
// turning the loop before each case keeps the conversation going.
import { beforeEach } from "vitest";

beforeEach(() => new Promise<void>((resolve) => setImmediate(resolve)));
