/**
 * Maps a stream through an async function with up to `depth` calls under
 * way ahead of the consumer, yielding results in the source's order: the
 * next chunks are fetched (or looked up) while the current one is used,
 * and no more than `depth` results are ever held.
 *
 * @example
 * for await (const blobs of readAhead(runs, 4, async (run) => await kv.blobs(run.from, run.to))) use(blobs)
 */
export async function * readAhead<T, R> (source: AsyncIterable<T> | Iterable<T>, depth: number, fetch: (item: T) => Promise<R>): AsyncGenerator<R> {
  const underWay: Array<Promise<R>> = []
  const start = (item: T): void => {
    const result = fetch(item)
    // Its failure is seen when it is awaited in turn; a consumer that stops first never sees it.
    result.catch(() => {})
    underWay.push(result)
  }
  for await (const item of source) {
    start(item)
    if (underWay.length >= depth) yield await underWay.shift()!
  }
  while (underWay.length > 0) yield await underWay.shift()!
}
