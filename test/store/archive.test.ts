import { afterEach, describe, expect, it } from 'vitest'
import { CapsuleWriter } from '../../src/capsule/writer.js'
import { verifyForkProof } from '../../src/capsule/fork.js'
import type { ForkProof } from '../../src/capsule/types.js'
import { EXPORT_MAGIC, exportCapsule, importCapsule, MAX_UNSIGNED_RECORDS, readExport, verifyExport } from '../../src/store/archive.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { ForkDetectedError, InvalidSignatureError, MalformedMessageError } from '../../src/errors.js'
import { protoWriter, readLengthPrefix } from '../../src/wire/index.js'
import { payload, tempDir, testCapsule, type TestCapsule } from '../helpers.js'

const cleanups: Array<() => void> = []
afterEach(() => { for (const c of cleanups.splice(0)) c() })

async function store (): Promise<CapsuleStore> {
  const dir = tempDir()
  const s = await CapsuleStore.open({ path: dir.path })
  cleanups.push(dir.cleanup)
  return s
}

async function exported (s: CapsuleStore, t: TestCapsule, batches: string[][]): Promise<Buffer> {
  const capsule = await s.create(t.signed)
  const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, capsule.writerState)
  for (const b of batches) await capsule.append(writer.append(b.map(payload), 1))
  const chunks: Uint8Array[] = []
  for await (const c of exportCapsule(capsule)) chunks.push(c)
  return Buffer.concat(chunks)
}

const source = (bytes: Uint8Array) => () => (async function * () { yield bytes })()

describe('export and import', () => {
  it('round-trips a capsule into another store, byte for byte', async () => {
    const a = await store()
    const t = testCapsule()
    const file = await exported(a, t, [['a', 'b'], ['c'], Array.from({ length: 100 }, (_, i) => `x${i}`)])
    const b = await store()
    const summary = await importCapsule(b, source(file))
    expect(summary).toMatchObject({ records: 103, heartbeats: 3, added: 103 })
    const copy = await b.capsule(t.name)
    expect((await copy.verifyAll()).heartbeats).toBe(3)
    expect(Buffer.from(copy.head!.heartbeat.root)).toEqual(Buffer.from((await a.capsule(t.name)).head!.heartbeat.root))
    const again: Uint8Array[] = []
    for await (const c of exportCapsule(copy)) again.push(c)
    expect(Buffer.concat(again)).toEqual(file)
    expect((await importCapsule(b, source(file))).added).toBe(0)
    await a.close(); await b.close()
  })

  it('extends a stored capsule from a longer export', async () => {
    const a = await store()
    const t = testCapsule()
    const short = await exported(a, t, [['a', 'b']])
    const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, (await a.capsule(t.name)).writerState)
    await (await a.capsule(t.name)).append(writer.append([payload('c'), payload('d')], 2))
    const chunks: Uint8Array[] = []
    for await (const c of exportCapsule(await a.capsule(t.name))) chunks.push(c)
    const b = await store()
    await importCapsule(b, source(short))
    expect((await importCapsule(b, source(Buffer.concat(chunks)))).added).toBe(2)
    expect((await b.capsule(t.name)).size).toBe(4)
    await a.close(); await b.close()
  })

  it('refuses truncated, padded, tampered or unsigned files and writes nothing', async () => {
    const a = await store()
    const t = testCapsule()
    const file = await exported(a, t, [['alpha', 'beta'], ['gamma']])
    const b = await store()
    await expect(importCapsule(b, source(file.subarray(0, file.length - 3)))).rejects.toThrow(/truncated|ends in the middle/)
    await expect(importCapsule(b, source(Buffer.concat([file, Buffer.from([1, 0])])))).rejects.toThrow(MalformedMessageError)
    const tampered = Buffer.from(file)
    tampered[tampered.indexOf(Buffer.from('gamma'))] = 0x47
    await expect(importCapsule(b, source(tampered))).rejects.toThrow(/payload does not match/)
    const badSig = Buffer.from(file)
    badSig[badSig.length - 12]! ^= 1 // inside the last heartbeat's signature, before the trailer frame
    await expect(importCapsule(b, source(badSig))).rejects.toThrow(InvalidSignatureError)
    await expect(importCapsule(b, source(Buffer.from('hello world')))).rejects.toThrow(/bad magic/)
    expect(await b.has(t.name)).toBe(false)
    await a.close(); await b.close()
  })

  it('refuses a file that contradicts the stored history, with a fork proof', async () => {
    const t = testCapsule()
    const a = await store()
    const honest = await exported(a, t, [['a', 'b']])
    const b = await store()
    const forked = await exported(b, t, [['a', 'EVIL']])
    const c = await store()
    await importCapsule(c, source(honest))
    const err = await importCapsule(c, source(forked)).catch((e: Error) => e)
    expect(err).toBeInstanceOf(ForkDetectedError)
    expect(verifyForkProof((err as ForkDetectedError).proof as ForkProof).kind).toBe('same-size')
    const d = await store()
    const longer = await exported(d, t, [['a', 'EVIL', 'more']])
    // A longer file that diverges is a fork too: the proof ties the store's head to the file's record at that position.
    const diverged = await importCapsule(c, source(longer)).catch((e: Error) => e)
    expect(diverged).toBeInstanceOf(ForkDetectedError)
    expect(verifyForkProof((diverged as ForkDetectedError).proof as ForkProof).kind).toBe('diverged')
    expect((await c.capsule(t.name)).size).toBe(2)
    for (const s of [a, b, c, d]) await s.close()
  })

  it('verifyExport checks a file without a store', async () => {
    const a = await store()
    const t = testCapsule()
    const file = await exported(a, t, [['a']])
    expect((await verifyExport(source(file)())).records).toBe(1)
    await a.close()
  })

  it('reads frame length prefixes split across chunks, and non-minimal ones, as protobuf readers do', async () => {
    const a = await store()
    const file = await exported(a, testCapsule(), [['a', 'b'], ['c']])
    await a.close()
    const frames = async (chunks: Uint8Array[]): Promise<string[]> => {
      const kinds: string[] = []
      for await (const f of readExport((async function * () { yield * chunks })())) kinds.push(f.kind)
      return kinds
    }
    const whole = await frames([file])
    expect(whole).toEqual(['header', 'record', 'record', 'heartbeat', 'record', 'heartbeat', 'trailer'])
    expect(await frames([...file].map((byte) => Uint8Array.of(byte)))).toEqual(whole)
    // The header frame's prefix, rewritten with a redundant last byte: its final byte gets the continuation bit, then 0x00.
    const body = file.subarray(EXPORT_MAGIC.length)
    const { length, prefixBytes } = readLengthPrefix(body)!
    const minimal = protoWriter().uint32(length).finish()
    const nonMinimal = Uint8Array.of(...minimal.subarray(0, -1), minimal.at(-1)! | 0x80, 0x00)
    const padded = Buffer.concat([EXPORT_MAGIC, nonMinimal, body.subarray(prefixBytes)])
    expect(await frames([padded])).toEqual(whole)
  })

  it('refuses an overlong frame length prefix and a frame over the limit', async () => {
    const file = (...parts: Uint8Array[]): AsyncIterable<Uint8Array> => (async function * () { yield Buffer.concat([EXPORT_MAGIC, ...parts]) })()
    const drain = async (input: AsyncIterable<Uint8Array>): Promise<void> => { for await (const _ of readExport(input)) { /* drain */ } }
    await expect(drain(file(new Uint8Array(8).fill(0xff)))).rejects.toThrow(new MalformedMessageError('frame length prefix is not a valid varint'))
    await expect(drain(file(protoWriter().uint64(2 ** 40).finish()))).rejects.toThrow(/^frame 0 claims 1099511627776 bytes, more than the \d+-byte limit$/)
    // Seven continuation bytes may still be the start of a valid prefix: the file just ends there.
    await expect(drain(file(new Uint8Array(7).fill(0xff)))).rejects.toThrow('export file ends in the middle of frame 0')
  })
  it(`a batch of MAX_UNSIGNED_RECORDS (${MAX_UNSIGNED_RECORDS}) records imports; one record more before a heartbeat is refused, naming the limit, and nothing is written`, async () => {
    const t = testCapsule()
    const batchOf = (n: number): string[] => Array.from({ length: n }, (_, i) => String(i % 10))
    const atLimit = await exported(await store(), t, [batchOf(MAX_UNSIGNED_RECORDS)])
    const b = await store()
    expect((await importCapsule(b, source(atLimit))).added).toBe(MAX_UNSIGNED_RECORDS)
    const past = await exported(await store(), t, [batchOf(MAX_UNSIGNED_RECORDS + 1)])
    const c = await store()
    await expect(importCapsule(c, source(past))).rejects.toThrow(`${MAX_UNSIGNED_RECORDS + 1} records from record 0 on without a heartbeat signing them: a batch of more than ${MAX_UNSIGNED_RECORDS} records is refused`)
    expect(await c.has(t.name)).toBe(false)
  })
})
