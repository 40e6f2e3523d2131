import net from 'node:net'
import { createCipheriv } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Ed25519Signer, generateEd25519KeyPair } from '../src/crypto/ed25519.js'
import { Level } from 'level'
import { encodeSignedMetadata } from '../src/capsule/codec.js'
import { capsuleName, newMetadata, signMetadata } from '../src/capsule/metadata.js'
import type { CapsuleRecord, SignedMetadata } from '../src/capsule/types.js'
import { CapsuleWriter } from '../src/capsule/writer.js'
import { encodeSignedAdCert, signAdCert } from '../src/routing/certificates.js'
import { CapsuleStore } from '../src/store/capsule-store.js'
import { delegationKey, metadataKey, OWNER_COUNTS_WHOLE_KEY } from '../src/store/layout.js'
import { MalformedMessageError } from '../src/errors.js'

/** Pseudo-random bytes, the same for a seed (a byte): contents that chunk alike run after run, made fast. */
export function seededBytes (length: number, seed: number): Buffer {
  return createCipheriv('aes-128-ctr', Buffer.alloc(16, seed), Buffer.alloc(16)).update(Buffer.alloc(length))
}

/** A fresh folder under the OS temp dir, removed by `cleanup`. */
export function tempDir (prefix = 'gdp-test-'): { path: string, cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix))
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) }
}

export interface TestCapsule {
  signed: SignedMetadata
  name: Uint8Array
  owner: Ed25519Signer
  writer: Ed25519Signer
}

/** Owner-signed metadata with fresh owner and writer keys. */
export function testCapsule (createdAtUs = 1_700_000_000_000_000): TestCapsule {
  const owner = new Ed25519Signer(generateEd25519KeyPair().secretKey)
  const writer = new Ed25519Signer(generateEd25519KeyPair().secretKey)
  const metadata = newMetadata({ owner: owner.publicKey, writer: writer.publicKey, createdAtUs, nonce: new Uint8Array(16).fill(7) })
  const signed = signMetadata(metadata, owner)
  return { signed, name: capsuleName(metadata), owner, writer }
}

export const payload = (text: string): Uint8Array => Buffer.from(text)

/**
 * Writes a new capsule of `count` records into the store at `path` (opened
 * and closed again), `batch` records an append, record i holding
 * `payloadOf(i)` and each batch stamped with the number of its first record
 * plus `stampOffset`. Returns the capsule and the records written.
 */
export async function fillCapsule (path: string, count: number, payloadOf: (i: number) => Uint8Array, options: { batch?: number, stampOffset?: number } = {}): Promise<{ t: TestCapsule, written: CapsuleRecord[] }> {
  const { batch = 10, stampOffset = 0 } = options
  const t = testCapsule()
  const store = await CapsuleStore.open({ path })
  try {
    const capsule = await store.create(t.signed)
    const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, capsule.writerState)
    const written: CapsuleRecord[] = []
    for (let i = 0; i < count; i += batch) {
      const appended = writer.append(Array.from({ length: Math.min(batch, count - i) }, (_, j) => payloadOf(i + j)), i + stampOffset)
      written.push(...appended.records)
      await capsule.append(appended)
    }
    return { t, written }
  } finally {
    await store.close()
  }
}

/**
 * Fills the store at `path` with `count` empty capsules delegated to
 * `server` for an hour: the rows a create with an AdCert writes (metadata
 * and delegation), in large batches, since many thousands of creates one by
 * one would dominate a test. Returns their names.
 */
export async function fillDelegatedStore (path: string, server: Uint8Array, count: number): Promise<Uint8Array[]> {
  await (await CapsuleStore.open({ path })).close() // a store of the current format
  const db = new Level<Uint8Array, Uint8Array>(path, { keyEncoding: 'view', valueEncoding: 'view' })
  const owner = new Ed25519Signer(generateEd25519KeyPair().secretKey)
  const now = Date.now() * 1000
  const names: Uint8Array[] = []
  for (let i = 0; i < count; i += 5000) {
    const ops: Array<{ type: 'put', key: Uint8Array, value: Uint8Array }> = []
    for (let j = i; j < Math.min(i + 5000, count); j++) {
      const metadata = newMetadata({ owner: owner.publicKey, writer: owner.publicKey, createdAtUs: now, nonce: crypto.getRandomValues(new Uint8Array(16)) })
      const name = capsuleName(metadata)
      names.push(name)
      ops.push({ type: 'put', key: metadataKey(name), value: encodeSignedMetadata(signMetadata(metadata, owner)) })
      ops.push({ type: 'put', key: delegationKey(name), value: encodeSignedAdCert(signAdCert({ capsule: name, server, notBeforeUs: now - 1e6, notAfterUs: now + 3600e6 }, owner)) })
    }
    await db.batch(ops)
  }
  // As a server that stopped leaves it: its owners' byte counts (none, the capsules are empty) count every record
  // held, so a start does not count them again.
  await db.put(OWNER_COUNTS_WHOLE_KEY, new Uint8Array(0))
  await db.close()
  return names
}

/** The error `promise` rejects with; fails the test if it resolves. */
export async function rejection (promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (err) {
    return err as Error
  }
  throw new Error('expected a rejection')
}

export interface WaitForOptions {
  /** How long to wait at most; then the wait fails. */
  timeoutMs: number
  /** What is waited for, as the failure names it: "timed out after 5000 ms waiting for <what>". */
  what: string
  /** Between two checks of a condition (not used for a promise). @default 10 */
  intervalMs?: number
  /**
   * For a condition that throws: whether the error means "not yet" (checked
   * again) rather than a failure (rethrown at once). @default every error is "not yet"
   */
  retryOn?: (err: Error) => boolean
}

/**
 * Waits for something to happen, within a bound: the one way tests wait.
 * `until` is the event itself (a promise the code returns or signals
 * through, whose value comes back) or a condition, checked now and then
 * every `intervalMs` until it returns a truthy value (which comes back) or
 * stops throwing. After `timeoutMs` it fails naming `what` (and the last
 * error the condition threw, if any). Never use a bare sleep to wait: a
 * sleep is too short on a loaded machine and too long everywhere else.
 */
export async function waitFor<T> (until: Promise<T>, options: WaitForOptions): Promise<T>
export async function waitFor<T> (until: () => T | Promise<T>, options: WaitForOptions): Promise<NonNullable<T>>
export async function waitFor<T> (until: Promise<T> | (() => T | Promise<T>), options: WaitForOptions): Promise<T> {
  const { timeoutMs, what, intervalMs = 10, retryOn } = options
  let last: Error | undefined
  const timedOut = (): Error => new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last === undefined ? '' : ` (last: ${last.message})`}`, last === undefined ? {} : { cause: last })
  if (typeof until !== 'function') {
    let timer: NodeJS.Timeout | undefined
    const bound = new Promise<never>((_resolve, reject) => { timer = setTimeout(() => { reject(timedOut()) }, timeoutMs) })
    try {
      return await Promise.race([until, bound])
    } finally {
      clearTimeout(timer)
    }
  }
  const deadline = performance.now() + timeoutMs
  for (;;) {
    try {
      const value = await until()
      if (value) return value // any truthy value ends the wait
    } catch (err) {
      if (retryOn?.(err as Error) === false) throw err
      last = err as Error
    }
    const left = deadline - performance.now()
    if (left <= 0) throw timedOut()
    // The polling interval of a bounded wait, not a wait of its own.
    await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, left)))
  }
}

/** Runs a decoder on bytes from anywhere: it may refuse them, with MalformedMessageError and nothing else. */
export function onlyMalformed (fn: () => unknown): void {
  try { fn() } catch (err) {
    if (!(err instanceof MalformedMessageError)) throw err
  }
}

/** A TCP port free on loopback now: for a process that must listen on the same port again after a restart. */
export async function freePort (): Promise<number> {
  return await new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo
      probe.close(() => { resolve(port) })
    })
  })
}
