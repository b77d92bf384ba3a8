// Maps items through an async function with at most `limit` calls in flight: a tiny worker pool
// (p-limit is not a dependency), results and onResult callbacks in input order.

/**
 * Runs `fn` over `items`, at most `limit` at a time. `onResult` sees each result in input order
 * (a result waits for those before it), so callers print and log as a sequential loop would.
 * The first error thrown stops new calls from starting; the calls in flight are awaited, then
 * that error is thrown.
 */
export async function mapBounded<T, R> (
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  onResult?: (result: R, index: number) => void
): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`)
  const results = new Array<R>(items.length)
  const settled = new Array<boolean>(items.length).fill(false)
  let next = 0
  let reported = 0
  let failure: { error: unknown } | undefined

  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const i = next++
      try {
        results[i] = await fn(items[i] as T, i)
        settled[i] = true
        for (; reported < items.length && settled[reported]; reported++) onResult?.(results[reported] as R, reported)
      } catch (error) {
        failure ??= { error }
      }
    }
  }

  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  if (failure !== undefined) throw failure.error
  return results
}
