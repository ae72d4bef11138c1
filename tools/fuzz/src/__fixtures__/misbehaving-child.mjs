// A stand-in for child.mjs that misbehaves on request, so the pool's
// handling of hangs, crashes and memory growth can be tested: argv[0] says
// what to do.
const hold = [];
process.on("message", (msg) => {
  const what = msg.argv[0];
  if (what === "hang") {
    for (;;);
  }
  if (what === "crash") process.kill(process.pid, "SIGKILL");
  if (what === "exit") process.exit(3);
  if (what === "grow") {
    for (let i = 0; i < 64; i++) hold.push(Buffer.alloc(4 << 20, 1));
  }
  process.send({ id: msg.id, status: 0, stdoutBytes: 0, stdoutHash: "", stderr: "", ms: 1, maxRssKiB: process.resourceUsage().maxRSS });
});
process.send({ ready: true, maxRssKiB: process.resourceUsage().maxRSS });
