// The pipeline's stages give the same answers on worker threads (WorkerPool)
// and on the calling thread (InlinePool, a router's state), and a task that
// fails is a WorkerFailedError either way.
import { afterAll, describe, expect, it } from 'vitest'
import { WorkerFailedError } from '../../src/errors.js'
import { BLOCK_SIZE } from '../../src/migration/batch.js'
import { InlinePool, WorkerPool } from '../../src/migration/pool.js'

const workers = new WorkerPool(2)
afterAll(async () => { await workers.close() })

/** Bytes that compress somewhat: a repeating pattern with noise. */
function sample (length: number): Uint8Array {
  const bytes = new Uint8Array(length)
  let x = 0x2545f491
  for (let i = 0; i < length; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5
    bytes[i] = i % 64 < 48 ? i & 0xff : x & 0xff
  }
  return bytes
}

describe('InlinePool', () => {
  it('hashes blocks as the workers do, the last one padded, and gives the buffer back', async () => {
    const inline = new InlinePool()
    for (const length of [1, BLOCK_SIZE, 3 * BLOCK_SIZE + 17]) {
      const bytes = sample(length)
      const a = await inline.hash(bytes.slice().buffer, length)
      const b = await workers.hash(bytes.slice().buffer, length)
      expect(a.hashes).toEqual(b.hashes)
      expect(a.hashes.length).toBe(Math.ceil(length / BLOCK_SIZE) * 32)
      expect(new Uint8Array(a.buffer)).toEqual(bytes)
    }
  })

  it('compresses with each mode asked, keeping the first output only when told', async () => {
    const inline = new InlinePool()
    const bytes = sample(256 * 1024)
    const a = await inline.compress(bytes, ['zstd-1', 'gzip-1'], true)
    const b = await workers.compress(bytes, ['zstd-1', 'gzip-1'], true)
    expect(a.sizes).toEqual(b.sizes)
    expect(a.body).toEqual(b.body)
    expect(a.cpuUs).toHaveLength(2)
    expect((await inline.compress(bytes, ['zstd-1'], false)).body).toBeUndefined()
  })

  it('a task that fails rejects with WorkerFailedError, as a worker\'s does', async () => {
    await expect(new InlinePool().compress(sample(10), ['zstd-99'], true)).rejects.toThrow(WorkerFailedError)
    await expect(workers.compress(sample(10), ['zstd-99'], true)).rejects.toThrow(WorkerFailedError)
  })
})
