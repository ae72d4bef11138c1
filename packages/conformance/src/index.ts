// @gotrace/conformance: test data and loaders (node only, no runtime dependencies).
//  - fixtures(): traces written by real Go programs (tools/fixtures) with Go's own outputs;
//  - craftedTraces(), traceCuts(): test data made from those (tools/fixtures/crafted.mjs);
//  - analysisGolden(): Go's goroutine/task summaries, MMU and trace profiles of each
//    fixture (tools/go-oracle);
//  - goTests(), goGoldens(), textFailCases(), v1Traces(): Go's own trace test data,
//    read in place from ../shared/go-testdata.
export { goTestdataDir, repoRoot } from "./shared.js";
export {
  ANALYSIS_PPROF_TYPES,
  type AnalysisEventRef,
  type AnalysisExecStats,
  type AnalysisFrame,
  type AnalysisGolden,
  type AnalysisGoroutine,
  type AnalysisLog,
  type AnalysisMMU,
  type AnalysisMMUCombination,
  type AnalysisMMUPoint,
  type AnalysisPprofType,
  type AnalysisProfile,
  type AnalysisRegion,
  type AnalysisRegionProfile,
  type AnalysisRegionProfiles,
  type AnalysisSample,
  type AnalysisTask,
  type AnalysisUtilWindow,
  analysisDir,
  analysisGolden,
  analysisGoldenPath,
  analysisGoVersion,
  analysisRegionProfiles,
  analysisRegionProfileTraces,
} from "./analysis.js";
export {
  type CraftedTrace,
  type TraceCut,
  type TraceCuts,
  craftedDir,
  craftedTraces,
  traceCuts,
} from "./crafted.js";
export { type Expectation, parseExpectation } from "./expect.js";
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
export {
  type StoredTableCut,
  type TableCut,
  type TableCuts,
  cutTableBatch,
  storedTableCuts,
  tableCuts,
} from "./table-cuts.js";
export { type HeapCount, type HeapKnownExpectations, type HeapKnownType, heapKnown } from "./heapknown.js";
export { type TxtarArchive, type TxtarFile, parseTxtar } from "./txtar.js";
export { encodeUvarint, uvarintEdgeCases } from "./varints.js";
