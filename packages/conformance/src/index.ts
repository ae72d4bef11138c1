// @gotrace/conformance: test data and loaders (node only, no runtime dependencies).
//  - fixtures(): traces written by real Go programs (tools/fixtures) with Go's own outputs;
//  - goTests(), goGoldens(), textFailCases(), v1Traces(): Go's own trace test data,
//    read in place from ../shared/go-testdata.
export { goTestdataDir, repoRoot } from "./shared.js";
export { type Expectation, parseExpectation, unquoteGo } from "./expect.js";
export {
  type Fixture,
  type Golden,
  fixture,
  fixtures,
  fixturesDir,
  packageDir,
  readBytes,
  readText,
  samplePath,
} from "./fixtures.js";
export {
  type GoGolden,
  type GoGoldenOutput,
  type GoTest,
  type TextFailCase,
  goGoldens,
  goTests,
  textFailCases,
  v1Traces,
} from "./gotestdata.js";
export { type TxtarArchive, type TxtarFile, parseTxtar } from "./txtar.js";
