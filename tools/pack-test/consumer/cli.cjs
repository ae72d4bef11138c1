// The gotrace command run through require("@gotrace/cli") instead of its ESM
// bin, so `gotrace heap` starts its worker from the CommonJS build.
"use strict";
const { main } = require("@gotrace/cli");

main(process.argv.slice(2)).then((status) => {
  process.exitCode = status;
});
