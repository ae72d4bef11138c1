/**
 * `@gotrace/codec/internal`: what the other `@gotrace` packages need from the
 * codec but users should not build on. Internal: no semver guarantee, for
 * `@gotrace` packages only; any release may change or remove it.
 *
 * @module
 */
export { goQuote, goSortFunc } from "./gofmt/index.js";
export type { CompareFunc, SortProbe } from "./gofmt/index.js";
