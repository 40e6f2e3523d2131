// Lands a write at one point of another, through the store's write queue (a
// row written between a deletion's listing and its batch, say).
import { vi } from 'vitest'
import { equalBytes } from '../../src/crypto/hash.js'
import type { WriteOp } from '../../src/store/level-db.js'
import { tombstoneKey } from '../../src/store/layout.js'
import { WriteQueue } from '../../src/store/write-queue.js'

/** Whether `ops` put row `key`. */
export function putsRow (ops: WriteOp[], key: Uint8Array): boolean {
  return ops.some((op) => op.type === 'put' && equalBytes(op.key, key))
}

/** The deletion batch of capsule `name` (it puts the tombstone): queued once the deletion has listed the capsule's rows. */
export function deletionBatchOf (name: Uint8Array): (ops: WriteOp[]) => boolean {
  return (ops) => putsRow(ops, tombstoneKey(name))
}

/**
 * Runs each injection's `run` to its end just before the store's write
 * queue takes the first write its `when` matches. `outcome(i)`: what
 * injection i's run threw (undefined if nothing), once it ran. `restore`
 * gives the write queue back.
 */
export function beforeWrites (...injections: Array<{ when: (ops: WriteOp[]) => boolean, run: () => Promise<unknown> }>): { outcome: (i: number) => Promise<unknown>, restore: () => void } {
  const write = WriteQueue.prototype.write
  const ran: Array<Promise<unknown> | undefined> = injections.map(() => undefined)
  const spy = vi.spyOn(WriteQueue.prototype, 'write').mockImplementation(async function (this: WriteQueue, ops, options) {
    for (const [i, { when, run }] of injections.entries()) {
      if (ran[i] !== undefined || !when(ops)) continue
      ran[i] = run().then(() => undefined, (e: unknown) => e)
      await ran[i]
    }
    await write.call(this, ops, options)
  })
  return {
    outcome: async (i) => {
      if (ran[i] === undefined) throw new Error(`injection ${i} never ran: no write matched it`)
      return await ran[i]
    },
    restore: () => { spy.mockRestore() }
  }
}
