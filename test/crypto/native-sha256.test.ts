// The SHA-256 addon (src/crypto/native/sha256.c, scripts/build-native.mjs, which builds the chunker's too):
// built by `npm run build` here and in CI, the same digests as node:crypto at
// every length and offset, clear errors for wrong arguments, and not used
// when it disagrees or cannot be built.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { sha256Backend } from '../../src/crypto/hash.js'
import { checkedAddon, sha256Addon, type Sha256Addon } from '../../src/crypto/native-sha256.js'

const root = join(import.meta.dirname, '../..')
const nodeSha256 = (input: Uint8Array): Buffer => createHash('sha256').update(input).digest()

it('is built and used here, as in CI', () => {
  expect(sha256Addon).toBeDefined()
  expect(sha256Backend).toBe('addon')
})

describe('the addon', () => {
  const addon = sha256Addon!
  const digestOf = (input: Uint8Array): Buffer => {
    const out = new Uint8Array(32)
    addon.sha256(out, input)
    return Buffer.from(out)
  }

  it('gives node:crypto\'s digest at every length from 0 to 1,100 bytes (every padding shape over several blocks)', () => {
    const bytes = new Uint8Array(1100).map((_, i) => (i * 7 + 3) & 0xff)
    for (let length = 0; length <= bytes.length; length++) expect(digestOf(bytes.subarray(0, length))).toEqual(nodeSha256(bytes.subarray(0, length)))
  })

  it('hashes what a view shows, not the buffer under it: Buffers, subarrays at any offset', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), fc.nat(), fc.nat(), (bytes, a, b) => {
      const start = bytes.length === 0 ? 0 : a % bytes.length
      const end = start + (bytes.length - start === 0 ? 0 : b % (bytes.length - start + 1))
      const view = bytes.subarray(start, end)
      expect(digestOf(view)).toEqual(nodeSha256(view))
      expect(digestOf(Buffer.from(view))).toEqual(nodeSha256(view))
    }), { numRuns: 500 })
  })

  it('hashes 64 MiB alike', () => {
    const big = new Uint8Array(64 << 20).map((_, i) => i & 0xff)
    expect(digestOf(big)).toEqual(nodeSha256(big))
  })

  it('throws a TypeError naming its arguments for anything but a 32-byte Uint8Array and a Uint8Array', () => {
    const message = 'sha256(out, input) takes a Uint8Array of 32 bytes and a Uint8Array'
    const call = addon.sha256 as (...args: unknown[]) => void
    for (const args of [
      [new Uint8Array(31), new Uint8Array(1)],
      [new Uint8Array(33), new Uint8Array(1)],
      [new Uint8Array(32), 'text'],
      [new Uint8Array(32), new Uint16Array(4)],
      [new Uint8Array(32), new DataView(new ArrayBuffer(4))],
      [new Uint8Array(32)],
      [new Uint8Array(32), new Uint8Array(1), new Uint8Array(1)],
      [undefined, new Uint8Array(1)]
    ]) {
      expect(() => call(...args)).toThrow(TypeError)
      expect(() => call(...args)).toThrow(expect.objectContaining({ message, code: 'ERR_INVALID_ARG_TYPE' }))
    }
  })
})

it('an addon whose digests differ from node:crypto\'s is not used', () => {
  const wrong: Sha256Addon = { sha256: (out) => { out.fill(0) } }
  const lastByteWrong: Sha256Addon = { sha256: (out, input) => { out.set(nodeSha256(input)); if (input.length === 1000) out[31]! ^= 1 } }
  expect(checkedAddon(wrong)).toBeUndefined()
  expect(checkedAddon(lastByteWrong)).toBeUndefined()
  expect(checkedAddon(sha256Addon!)).toBe(sha256Addon)
})

describe('scripts/build-native.mjs', () => {
  const work = mkdtempSync(join(tmpdir(), 'gdp-native-'))
  for (const source of ['src/crypto/native/sha256.c', 'src/files/native/gear.c', 'src/store/native/lock.c']) {
    mkdirSync(dirname(join(work, source)), { recursive: true })
    copyFileSync(join(root, source), join(work, source))
  }
  const built = join(work, 'dist/native/gdp-sha256.node')
  const gear = join(work, 'dist/native/gdp-gear.node')
  const lock = join(work, 'dist/native/gdp-lock.node')
  const build = (env: Record<string, string>): ReturnType<typeof spawnSync> =>
    spawnSync(process.execPath, [join(root, 'scripts/build-native.mjs')], { cwd: work, env: { ...process.env, ...env }, encoding: 'utf8' })
  afterAll(() => { rmSync(work, { recursive: true, force: true }) })

  it('builds an addon that loads and hashes', () => {
    const result = build({})
    expect(result.status).toBe(0)
    expect(result.stderr).toBe('')
    const module = { exports: {} as Sha256Addon }
    process.dlopen(module, built)
    const out = new Uint8Array(32)
    module.exports.sha256(out, new TextEncoder().encode('abc'))
    expect(Buffer.from(out).toString('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    // And the chunker's, which test/files/chunker.test.ts checks against the reference.
    const chunker = { exports: {} as { cutPoint: unknown } }
    process.dlopen(chunker, gear)
    expect(typeof chunker.exports.cutPoint).toBe('function')
    // And the store's lock, which test/store/unlisted-tables.test.ts uses.
    const locker = { exports: {} as { tryLock: unknown } }
    process.dlopen(locker, lock)
    expect(typeof locker.exports.tryLock).toBe('function')
  })

  it('without a working compiler says why, exits 0 and leaves no addon behind', () => {
    for (const compiler of ['false', join(work, 'no-such-compiler')]) {
      const result = build({ CC: compiler })
      expect(result.status).toBe(0)
      expect(result.stderr).toMatch(/^native SHA-256 addon not built \(.+\): libsodium or node:crypto hashes instead\nnative chunker addon not built \(.+\): the chunker runs in JavaScript\nnative store lock addon not built \(.+\): a store on a full disk is not opened by deleting the tables LevelDB no longer uses first \(free the room its refusal names instead\)\n$/)
      expect(existsSync(built)).toBe(false)
      expect(existsSync(gear)).toBe(false)
      expect(existsSync(lock)).toBe(false)
      expect(existsSync(join(work, 'dist/native'))).toBe(true)
    }
  })
})
