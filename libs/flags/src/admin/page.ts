/** One page of a list sorted by a unique string key. */
export interface Page<T> {
  readonly data: readonly T[];
  /** Pass as `cursor` for the next page; `null` on the last page. */
  readonly nextCursor: string | null;
}

/** Pages an already sorted list: items whose key is after `cursor`, at most `limit`. */
export function pageOf<T>(items: readonly T[], keyOf: (item: T) => string, cursor: string | undefined, limit: number): Page<T> {
  const rest = cursor === undefined ? items : items.filter((item) => keyOf(item) > cursor);
  const data = rest.slice(0, limit);
  return { data, nextCursor: rest.length > limit ? keyOf(data[data.length - 1]!) : null };
}
