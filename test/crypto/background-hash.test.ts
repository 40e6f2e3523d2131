// SHA-256 on libuv's thread pool (src/crypto/background-hash.ts, the addon's
// sha256Async and sha256UpdateAsync): node:crypto's digests at every length
// around the threshold and the addon's block shapes, for views at any
// offset, streams cut anywhere, many hashes under way at once, and the same
// digests where the addon is not there.
import { createHash, randomBytes } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BackgroundSha256, sha256InBackground } from '../../src/crypto/background-hash.js'
import { sha256Addon } from '../../src/crypto/native-sha256.js'

const nodeSha256 = (input: Uint8Array): Buffer => createHash('sha256').update(input).digest()

describe('sha256InBackground', () => {
  it('gives node:crypto\'s digest below, at and past the length it sends to the thread pool, and for views at any offset', async () => {
    const bytes = randomBytes(20_000)
    for (const length of [0, 1, 55, 56, 64, 8191, 8192, 8193, 16_384, 19_999]) {
      for (const offset of [0, 1, 7]) {
        const view = bytes.subarray(offset, offset + Math.min(length, bytes.length - offset))
        expect(Buffer.from(await sha256InBackground(view))).toEqual(nodeSha256(view))
      }
    }
  })

  it('gives each of 1,000 hashes under way at once its own digest', async () => {
    const inputs = Array.from({ length: 1000 }, (_, i) => randomBytes(8192 + i * 61))
    const digests = await Promise.all(inputs.map(async (input) => await sha256InBackground(input)))
    digests.forEach((digest, i) => { expect(Buffer.from(digest)).toEqual(nodeSha256(inputs[i]!)) })
  })
})

describe('BackgroundSha256', () => {
  for (const [where, addon] of [['with the addon', sha256Addon], ['without it', undefined]] as const) {
    it(`${where}: the digest of a stream is node:crypto's of its bytes, however they are cut`, async () => {
      await fc.assert(fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 20_000 }), { maxLength: 12 }), async (pieces) => {
        const hash = new BackgroundSha256(addon)
        for (const piece of pieces) await hash.update(piece)
        expect(Buffer.from(await hash.digest())).toEqual(nodeSha256(Buffer.concat(pieces)))
      }), { numRuns: 60 })
    })
  }

  it('hashes 80 MiB given faster than the thread pool hashes it (a backlog over 16 MiB is waited for)', async () => {
    const piece = randomBytes(1 << 20)
    const hash = new BackgroundSha256()
    const whole = createHash('sha256')
    for (let i = 0; i < 80; i++) {
      // Each piece a view of its own bytes: the caller keeps them unchanged until the digest.
      const copy = Uint8Array.from(piece.subarray(i, piece.length))
      await hash.update(copy)
      whole.update(copy)
    }
    expect(Buffer.from(await hash.digest())).toEqual(whole.digest())
  })
})

describe('the addon\'s thread-pool functions', () => {
  const addon = sha256Addon!

  it('throw a TypeError naming their arguments for wrong ones', () => {
    const asyncCall = addon.sha256Async as (...args: unknown[]) => unknown
    const update = addon.sha256UpdateAsync as (...args: unknown[]) => unknown
    const init = addon.sha256Init as (...args: unknown[]) => unknown
    const final = addon.sha256Final as (...args: unknown[]) => unknown
    expect(() => asyncCall(new Uint8Array(31), new Uint8Array(1))).toThrow(expect.objectContaining({ name: 'TypeError', message: 'sha256Async(out, input) takes a Uint8Array of 32 bytes and a Uint8Array' }))
    expect(() => asyncCall(new Uint8Array(32), 'text')).toThrow(TypeError)
    expect(() => init(new Uint8Array(addon.contextLength - 1))).toThrow(expect.objectContaining({ name: 'TypeError', message: 'sha256Init(context) takes a Uint8Array of contextLength bytes' }))
    expect(() => update(new Uint8Array(addon.contextLength + 1), new Uint8Array(1))).toThrow(TypeError)
    expect(() => update(new Uint8Array(addon.contextLength), [1, 2])).toThrow(TypeError)
    expect(() => final(new Uint8Array(32), new Uint8Array(8))).toThrow(TypeError)
    expect(() => final(new Uint8Array(16), new Uint8Array(addon.contextLength))).toThrow(TypeError)
  })
})
