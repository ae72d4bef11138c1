// A task has one parent, set once, so the tasks below it form a tree and the summarizer walks
// them without keeping a set of those met. A trace can still name parents in a cycle (task 1
// under task 2, task 2 under task 1): then each task's descendents are it and the tasks the
// cycle reaches, each once, as Go's walk with a set gives them.
import { expect, it } from "vitest";
import { textTrace } from "./testing/text-trace.js";
import { analyzeTrace } from "./analyze.js";

/** G1 running on P0 begins tasks 1 (under 2), 2 (under 1), 3 (under 1) and 4 (under 3). */
const cycle = textTrace([
  {
    header: "EventBatch gen=1 m=0 time=0",
    events: [
      "ProcStatus dt=10 p=0 pstatus=1",
      "GoStatus dt=0 g=1 m=0 gstatus=2",
      "UserTaskBegin dt=10 task=1 parent_task=2 name_string=1 stack=0",
      "UserTaskBegin dt=10 task=2 parent_task=1 name_string=1 stack=0",
      "UserTaskBegin dt=10 task=3 parent_task=1 name_string=1 stack=0",
      "UserTaskBegin dt=10 task=4 parent_task=3 name_string=1 stack=0",
    ],
  },
  { header: "EventBatch gen=1 m=18446744073709551615 time=0", events: ["Frequency freq=1000000000"] },
  { header: "EventBatch gen=1 m=18446744073709551615 time=0", events: ["Stacks"] },
  {
    header: "EventBatch gen=1 m=18446744073709551615 time=0",
    events: ["Strings", 'String id=1\n\tdata="job"'],
  },
]);

it("walks a cycle of parents once around, each task once", async () => {
  const { summary } = await analyzeTrace(cycle);
  const byId = new Map(summary.tasks.map((t) => [t.id, t]));
  // Task 1's parent is 2, whose child list holds 1; task 2's parent is 1 (its first parent seen).
  expect(byId.get(1)?.parent).toBe(2);
  expect(byId.get(2)?.parent).toBe(1);
  expect(byId.get(1)?.children).toEqual([2, 3]);
  expect(byId.get(2)?.children).toEqual([1]);
  // Depth first, children in order, a task met again left out.
  expect(byId.get(1)?.descendents).toEqual([1, 2, 3, 4]);
  expect(byId.get(2)?.descendents).toEqual([2, 1, 3, 4]);
  expect(byId.get(3)?.descendents).toEqual([3, 4]);
  expect(byId.get(4)?.descendents).toEqual([4]);
});
