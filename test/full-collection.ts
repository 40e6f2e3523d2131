// Full garbage collections for tests that check what is still held (with
// WeakRefs, or process.memoryUsage()) once nothing should hold it.
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

setFlagsFromString('--expose-gc')
/** One full collection, now. */
export const collectGarbage = runInNewContext('gc') as () => void

/** A few full collections, each after a turn of the event loop (what was let go in callbacks goes too). */
export async function fullCollection (): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setImmediate(resolve))
    collectGarbage()
  }
}
