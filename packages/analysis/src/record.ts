// Records keyed by strings from the trace (block reasons, range names): a
// trace may name one "__proto__", and a plain assignment of that key would
// set the object's prototype instead (and a number there is dropped).

/** Sets `record[key] = value` as an own data property, whatever the key. */
export function setKey(record: Record<string, number>, key: string, value: number): void {
  if (key === "__proto__") {
    Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    record[key] = value;
  }
}

/** Adds `value` to `record[key]` (0 when absent), as an own data property. */
export function addToKey(record: Record<string, number>, key: string, value: number): void {
  setKey(record, key, (Object.hasOwn(record, key) ? (record[key] as number) : 0) + value);
}
