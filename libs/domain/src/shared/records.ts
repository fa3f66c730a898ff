/** Reads an own property only, so that an id such as `constructor` never finds something inherited. */
export function lookup<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Drops keys whose value is undefined, so an event's data holds only what was said. */
export function defined<T extends object>(data: T): T {
  return Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined)) as T;
}
