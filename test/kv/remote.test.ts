// docs/kv.md section 11: a key-value capsule read and written through the
// overlay. Reads come with proofs checked against the writer's heartbeat
// (a server that lies is caught); writes end with checkpoints the writer
// computes from proofs of the paths it changes, and the server's own index
// finds every one of them true.
import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { GdpClient } from '../../src/client/client.js'
import { newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { sha256 } from '../../src/crypto/hash.js'
import { BlobMismatchError, ChainMismatchError, ConditionFailedError, InvalidArgumentError, InvalidProofError, KvProofUnavailableError, MalformedMessageError, PreconditionFailedError, RequestRefusedError, UnexpectedResponseError } from '../../src/errors.js'
import type { KvChange, KvCondition } from '../../src/kv/api.js'
import { blobRecordLength, checkVersion, encodeKvRecord, kvAppField, MAX_KEY_LENGTH } from '../../src/kv/format.js'
import { KvIndex } from '../../src/kv/index.js'
import { encodeKvProof } from '../../src/kv/proof.js'
import { signedHeartbeatToPb } from '../../src/capsule/codec.js'
import { RemoteKv } from '../../src/kv/remote.js'
import { buildKvTree, proveKeys } from '../../src/kv/tree.js'
import { readRun } from '../../src/files/tree.js'
import { CapsuleService } from '../../src/server/capsule-service.js'
import { MAX_GET_KEYS, MAX_PROVE_WRITE_KEYS, type KvServiceInit } from '../../src/server/kv-service.js'
import { StoredCapsule } from '../../src/store/stored-capsule.js'
import { CapsuleRows } from '../../src/store/capsule-rows.js'
import { pb } from '../../src/wire/index.js'
import type { CapsuleRecord } from '../../src/capsule/types.js'
import { rejection, testCapsule } from '../helpers.js'
import { clock } from '../routing/memory-links.js'
import { kvOverlay, type KvOverlay } from './overlay.js'

const b = (text: string): Uint8Array => new Uint8Array(Buffer.from(text))
const text = (bytes: Uint8Array | undefined): string | undefined => bytes === undefined ? undefined : Buffer.from(bytes).toString()

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => { for (const c of cleanups.splice(0)) await c() })

/** A client and a server (small pages, so answers take several) on an in-memory overlay, closed after the test. */
async function overlay (kv: KvServiceInit = {}): Promise<KvOverlay> {
  const made = await kvOverlay(kv)
  cleanups.push(made.close)
  return made
}

async function kvCapsule (client: GdpClient, serverName: Uint8Array): Promise<{ writer: RemoteKv, reader: RemoteKv, signer: Ed25519Signer }> {
  const signer = new Ed25519Signer(generateEd25519KeyPair().secretKey)
  const metadata = newMetadata({ owner: signer.publicKey, writer: signer.publicKey, createdAtUs: clock(), appFields: [kvAppField()], nonce: randomBytes(16) })
  const name = await client.create(signMetadata(metadata, signer), serverName)
  return { writer: await RemoteKv.open(client, name, { signer }), reader: await RemoteKv.open(client, name), signer }
}

/** Makes `service` answer key-value reads as `change` alters its honest answers (each call replaces the last change). */
function liar (service: CapsuleService): (change: (response: pb.IKvReadResponse, request: pb.IKvReadRequest) => void) => void {
  const honest = service.kv.read.bind(service.kv)
  return (change) => {
    service.kv.read = async (capsule, request, requester) => { const r = await honest(capsule, request, requester); change(r, request); return r }
  }
}

const put = (key: string, value: string): { type: 'put', key: Uint8Array, value: Uint8Array, encryptionEpoch: number } => ({ type: 'put', key: b(key), value: b(value), encryptionEpoch: 0 })

describe('RemoteKv', () => {
  it('writes with checkpoints the server finds true, and reads every answer proven, page by page', async () => {
    const { client, store, serverName } = await overlay()
    const { writer, reader } = await kvCapsule(client, serverName)
    await writer.batch(Array.from({ length: 30 }, (_, i) => put(`k${String(i).padStart(2, '0')}`, `value ${i}`)))
    await writer.put(b('k05'), b('changed'))
    await writer.delete(b('k07'))
    await writer.delete(b('absent'))
    const view = await reader.view()
    expect(view.version).toBe(8)
    expect(text((await view.get(b('k05')))?.value)).toBe('changed')
    expect(await view.get(b('k07'))).toBeUndefined()
    // Ranges of more than a page (4 entries, 64 bytes), forward and reversed, limited, by prefix.
    expect((await view.range()).length).toBe(29)
    expect((await view.range({ gte: b('k10'), lt: b('k20'), reverse: true })).map((e) => text(e.key))).toEqual(Array.from({ length: 10 }, (_, i) => `k${19 - i}`))
    expect((await view.range({ gt: b('k03'), limit: 6 })).map((e) => text(e.key))).toEqual(['k04', 'k05', 'k06', 'k08', 'k09', 'k10'])
    expect((await view.prefix(b('k2'))).length).toBe(10)
    expect(await view.count({ gte: b('k1') })).toBe(20)
    // Time travel: the state before the change, by version and by time.
    const before = await reader.view({ version: 2 })
    expect(text((await before.get(b('k05')))?.value)).toBe('value 5')
    expect(text((await before.get(b('k07')))?.value)).toBe('value 7')
    expect((await (await reader.view({ timestampUs: 0 })).range())).toEqual([])
    expect((await view.history(b('k05'))).writes.map((h) => h.seqno)).toEqual([0, 2])
    expect((await reader.diff(2, 8)).entries.map((d) => [text(d.key), d.before?.seqno, d.after?.seqno])).toEqual([['k05', 0, 2], ['k07', 0, undefined]])
    const index = await KvIndex.open(store, writer.name)
    const checkpoints = await index.checkpoints()
    expect(checkpoints.length).toBe(4)
    expect(checkpoints.every((c) => c.holds)).toBe(true)
  })

  it('a server\'s indexes share one cache of tree nodes: with room for 4 nodes, two capsules written in turn still prove every answer', async () => {
    const { client, serverName } = await overlay({ treeCacheNodes: 4 })
    const capsules = [await kvCapsule(client, serverName), await kvCapsule(client, serverName)]
    const expected = capsules.map(() => new Map<string, string>())
    for (let round = 0; round < 4; round++) {
      for (const [c, { writer }] of capsules.entries()) {
        const ops = Array.from({ length: 25 }, (_, i) => put(`k${String((i * 7 + round * 13) % 60).padStart(2, '0')}`, `${c}.${round}.${i}`))
        await writer.batch(ops)
        for (const op of ops) expected[c]!.set(text(op.key)!, text(op.value)!)
      }
    }
    for (const [c, { reader }] of capsules.entries()) {
      const view = await reader.view()
      const entries = await view.range()
      expect(entries.map((e) => [text(e.key), text(e.value)])).toEqual([...expected[c]!].sort(([x], [y]) => x < y ? -1 : 1))
      for (const key of ['k00', 'k31', 'k59']) expect(text((await view.get(b(key)))?.value)).toBe(expected[c]!.get(key))
    }
  })

  it('a state asked for by time is held to the times its proof shows it lasted: a server may not answer with another version', async () => {
    const { client, serverName } = await overlay()
    const { writer, reader } = await kvCapsule(client, serverName)
    await writer.put(b('k'), b('old'))
    await new Promise((resolve) => setTimeout(resolve, 5))
    await writer.put(b('k'), b('new'))
    const records = await client.read(writer.name, { range: { from: 0, to: 100 } })
    const between = records[records.length - 1]!.header.timestampUs - 1
    const now = clock()
    // Honest answers pass the check.
    expect(text((await (await reader.view({ timestampUs: now })).get(b('k')))?.value)).toBe('new')
    expect(text((await (await reader.view({ timestampUs: between })).get(b('k')))?.value)).toBe('old')
    expect(await (await reader.view({ timestampUs: records[0]!.header.timestampUs - 1 })).get(b('k'))).toBeUndefined()
    // A server that turns "now" into the first state, or the empty one.
    const honest = client.kvRead.bind(client)
    for (const [version, message] of [[2, /answered for .* with version 2, whose state lasted from .* until /], [0, /answered for .* with the empty state, but record 0 is stamped /]] as const) {
      client.kvRead = async (name, request, choice) => await honest(name, request.atUs != null ? { ...request, atUs: undefined, version } : request, choice)
      await expect((async () => await (await reader.view({ timestampUs: now })).get(b('k')))()).rejects.toThrow(message)
    }
    client.kvRead = honest
  })

  // Found by attacking the client as a server: a proof whose checkpoint is the last record of its heartbeat shows the
  // state lasting from then on, as far as that heartbeat's history goes; a server answered a time after it from an
  // older heartbeat of the writer than one the client had verified, and the client took the old state as the one then.
  it('a state asked for by time, answered from an older heartbeat than one the client verified, is refused for times that heartbeat does not reach', async () => {
    const { client, store, service, serverName } = await overlay()
    const { writer, reader } = await kvCapsule(client, serverName)
    await writer.put(b('k'), b('old'))
    await new Promise((resolve) => setTimeout(resolve, 5))
    await writer.put(b('k'), b('new'))
    expect((await client.info(writer.name)).size).toBe(4)
    // The writer's proof of the state after its first put (records 0 and 1), from the heartbeat that ended them.
    const capsule = await store.capsule(writer.name)
    const older = (await capsule.heartbeatAt(2))!
    const checkpoint = capsule.read(1)
    const stale = encodeKvProof({ heartbeat: older, checkpoint, checkpointInclusion: await capsule.inclusionProof(1, 2), nodes: proveKeys(buildKvTree([{ key: b('k'), valueHash: sha256(b('old')), encryptionEpoch: 0, seqno: 0 }]), [b('k')]) })
    liar(service)((r, request) => {
      if (request.atUs != null || Number(request.version) === 2) r.version = 2
      if (r.proof != null && r.proof.length > 0) { r.proof = stale; r.entries = [{ key: b('k'), value: b('old'), seqno: 0, timestampUs: checkpoint.header.timestampUs }] }
    })
    const now = clock()
    await expect((async () => await (await reader.view({ timestampUs: now })).get(b('k')))()).rejects.toThrow(InvalidProofError)
    await expect((async () => await (await reader.view({ timestampUs: now })).get(b('k')))()).rejects.toThrow(/from the writer's heartbeat of 2 records, but this client verified one of 4/)
    // By version, the same proof is the state at version 2.
    expect(text((await (await reader.view({ version: 2 })).get(b('k')))?.value)).toBe('old')
  })

  // Found by an audit of lying servers: watch held the version asked against the size of the head an info sent, so
  // a replica behind (or one hiding its latest records) had a watch from a version the client had verified refused
  // as past the head, the caller blamed.
  it('a watch from a version the client verified is not refused as past the head when an info answers with an older head', async () => {
    const { client, store, service, serverName } = await overlay()
    const { writer, reader } = await kvCapsule(client, serverName)
    await writer.put(b('k'), b('1'))
    const capsule = await store.capsule(writer.name)
    const older = signedHeartbeatToPb(capsule.head!)
    const olderFrontier = await capsule.frontierAt(capsule.size)
    await writer.put(b('k'), b('2'))
    const version = (await client.info(writer.name)).size
    const handle = service.handle.bind(service)
    let lied = (): void => {}
    service.handle = (pdu, reply, flow) => {
      handle(pdu, (out) => {
        const info = 'response' in out ? out.response.info : undefined
        if (!('response' in out) || info == null) { reply(out); return }
        reply({ ...out, response: { ...out.response, info: { ...info, head: older, frontier: olderFrontier } } })
        lied()
      }, flow)
    }
    expect((await client.info(writer.name)).size).toBeLessThan(version)
    const answered = new Promise<void>((resolve) => { lied = resolve })
    const watching = reader.watch(version)
    const first = watching.next()
    first.catch(() => undefined)
    await answered
    // Lying no more once the watch's info is answered: the writer's next put goes in on the head it knows.
    service.handle = handle
    await writer.put(b('k'), b('3'))
    expect(((await first).value as KvChange).writes.map((w) => text(w.entry?.value))).toEqual(['3'])
    await watching.return(undefined)
  })

  it('a state asked for by version is that version\'s: a server answering a read of the past from the present, with the present\'s own proof, is refused', async () => {
    const { client, serverName } = await overlay()
    const { writer, reader } = await kvCapsule(client, serverName)
    await writer.put(b('k'), b('old'))
    await writer.put(b('k'), b('new'))
    expect(text((await (await reader.view({ version: 1 })).get(b('k')))?.value)).toBe('old')
    const honest = client.kvRead.bind(client)
    client.kvRead = async (name, request, choice) => await honest(name, { ...request, version: undefined }, choice)
    await expect((async () => await (await reader.view({ version: 1 })).get(b('k')))()).rejects.toThrow(/^asked for version 1, the server answered with version [2-9]$/)
    client.kvRead = honest
  })

  it('a proof of a past state is built from at most maxRebuiltProofKeys keys: at the bound the read is proven, one past it the reader is told why there is none', async () => {
    const { client, serverName } = await overlay({ maxRebuiltProofKeys: 3 })
    const { writer, reader } = await kvCapsule(client, serverName)
    const three = await writer.batch([put('a', '1'), put('b', '2'), put('c', '3')])
    const four = await writer.put(b('d'), b('4'))
    await writer.put(b('a'), b('changed'))
    expect(text((await (await reader.view({ version: three.version })).get(b('a')))?.value)).toBe('1')
    expect(await (await reader.view({ version: three.version })).count()).toBe(3)
    const past = await reader.view({ version: four.version })
    await expect(past.get(b('d'))).rejects.toThrow(KvProofUnavailableError)
    await expect(past.get(b('d'))).rejects.toThrow(`version ${four.version} is not the latest state and holds more than 3 keys: a proof of a past state is built from the whole state, at most 3 keys`)
    // The latest state's tree is the index's own: proven however many keys it holds.
    expect(text((await (await reader.view()).get(b('d')))?.value)).toBe('4')
  })

  it('long histories and diffs come in pages', async () => {
    const { client, serverName } = await overlay()
    const { writer, reader } = await kvCapsule(client, serverName)
    for (let i = 0; i < 9; i++) await writer.put(b('busy'), b(`v${i}`))
    await writer.batch(Array.from({ length: 9 }, (_, i) => put(`d${i}`, 'x')))
    const view = await reader.view()
    const busy = await view.history(b('busy'))
    expect(busy.writes.map((h) => text(h.type === 'put' ? h.value : undefined))).toEqual(Array.from({ length: 9 }, (_, i) => `v${i}`))
    expect(busy.more).toBe(false)
    // A page the caller asks for spans the server's own pages (4 writes here) and stops where asked.
    expect(await view.history(b('busy'), { fromSeqno: busy.writes[2]!.seqno, limit: 5 })).toEqual({ writes: busy.writes.slice(2, 7), more: true })
    expect(await view.history(b('busy'), { fromSeqno: busy.writes[6]!.seqno, limit: 5 })).toEqual({ writes: busy.writes.slice(6), more: false })
    expect(await view.history(b('busy'), { maxBytes: 5 })).toEqual({ writes: busy.writes.slice(0, 2), more: true })
    expect((await rejection(view.history(b('busy'), { limit: 0 }))).name).toBe('InvalidArgumentError')
    const diff = await reader.diff(18, view.version)
    expect(diff.entries.map((d) => text(d.key))).toEqual(Array.from({ length: 9 }, (_, i) => `d${i}`))
    // Over the server's pages of 4, stopped where asked: the next page begins above its last key.
    const firstFive = await reader.diff(18, view.version, {}, { limit: 5 })
    expect([firstFive.entries.map((d) => text(d.key)), firstFive.more]).toEqual([diff.entries.slice(0, 5).map((d) => text(d.key)), true])
  })

  it('a range of large values is read from the index a page at a time: the server holds one page\'s bytes and one entry more, not a page of entries (found by reading values of MiBs)', async () => {
    const { client, serverName } = await overlay({ maxEntriesPerResponse: 1000, maxBytesPerResponse: 64 * 1024 })
    const { writer, reader } = await kvCapsule(client, serverName)
    const value = (i: number): Uint8Array => new Uint8Array(16 * 1024).fill(i)
    await writer.batch(Array.from({ length: 30 }, (_, i) => ({ type: 'put' as const, key: b(`k${String(i).padStart(2, '0')}`), value: value(i), encryptionEpoch: 0 })))
    // The value bytes each scan of the server's index rows reads: before, a request read up to 1,001 entries (4 GiB of
    // values at most) to answer with 64 KiB.
    const scanned: number[] = []
    const iterator = CapsuleRows.prototype.iterator
    vi.spyOn(CapsuleRows.prototype, 'iterator').mockImplementation(function (this: CapsuleRows, ...args) {
      const rows = iterator.apply(this, args)
      const at = scanned.push(0) - 1
      return (async function * () { for await (const row of rows) { scanned[at]! += row[1].length; yield row } })()
    })
    const entries = await (await reader.view()).range()
    vi.restoreAllMocks()
    expect(entries.map((e) => e.value)).toEqual(Array.from({ length: 30 }, (_, i) => value(i)))
    expect(Math.max(...scanned)).toBeLessThanOrEqual(64 * 1024 + 2 * (16 * 1024 + 64))
  })

  it('a range answer says more only when its page ended before the answer did, not when the keys asked for were all sent (kv.proto)', async () => {
    const { client, store, service, serverName } = await overlay({ maxEntriesPerResponse: 4 })
    const { writer } = await kvCapsule(client, serverName)
    await writer.batch(Array.from({ length: 10 }, (_, i) => put(`k${i}`, 'v')))
    const capsule = await store.capsule(writer.name)
    const answer = async (limit: number): Promise<[number, boolean]> => {
      const response = await service.kv.read(capsule, pb.KvReadRequest.create({ range: { limit } }))
      return [response.entries?.length ?? 0, response.more === true]
    }
    expect(await answer(2)).toEqual([2, false])
    expect(await answer(4)).toEqual([4, false])
    expect(await answer(6)).toEqual([4, true])
  })

  it('reads are answered a few at a time: the others wait their turn, and past the waiting bound one is refused as busy, not held', async () => {
    const { client, service, serverName } = await overlay({ maxConcurrentReads: 2, maxWaitingReads: 3 })
    const { writer, reader } = await kvCapsule(client, serverName)
    await writer.batch(Array.from({ length: 9 }, (_, i) => put(`d${i}`, 'x')))
    // Diffs that hold their turn until let go.
    const index = await service.kv.index(reader.name)
    const diff = index.diff.bind(index)
    let running = 0
    let release!: () => void
    const released = new Promise<void>((resolve) => { release = resolve })
    vi.spyOn(index, 'diff').mockImplementation(async (...args) => { running++; await released; return await diff(...args) })
    const reads = Array.from({ length: 5 }, async () => await reader.diff(0, 1))
    await vi.waitFor(() => { expect(running).toBe(2) })
    // 2 answered, 3 waiting: the next is refused at once; the waiting ones are not started.
    const refused = await rejection(reader.diff(0, 1))
    expect(refused).toBeInstanceOf(RequestRefusedError)
    expect(refused.message).toMatch(/CONGESTION: this server has 3 key-value reads waiting already; retry later/)
    expect(running).toBe(2)
    release()
    for (const answer of await Promise.all(reads)) expect(answer.entries.map((d) => text(d.key))).toEqual(['d0', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'd8'])
    expect(running).toBe(15) // each in 3 of the server's pages of 4 keys
  })

  it('compare-and-set through the overlay, checked on proven entries; a writer that lost the race conflicts', async () => {
    const { client, serverName } = await overlay()
    const { writer, signer } = await kvCapsule(client, serverName)
    const first = await writer.put(b('lock'), b('me'), { condition: { key: b('lock'), absent: true } })
    await expect(writer.put(b('lock'), b('you'), { condition: { key: b('lock'), absent: true } })).rejects.toThrow(ConditionFailedError)
    await writer.put(b('lock'), b('me again'), { condition: { key: b('lock'), valueHash: sha256(b('me')) } })
    await expect(writer.delete(b('lock'), { condition: { key: b('lock'), seqno: first.seqno } })).rejects.toThrow(ConditionFailedError)
    // A second session of the same writer, started before the first wrote again: its tip is stale, and a conditional write conflicts.
    const other = await RemoteKv.open(client, writer.name, { signer })
    await other.put(b('x'), b('1'))
    await writer.put(b('y'), b('2'), { condition: { key: b('y'), absent: true } }).then(() => { throw new Error('a stale writer appended') }, (err) => { expect(err).toBeInstanceOf(ChainMismatchError) })
    // It starts again from the tip it fetches.
    await writer.put(b('y'), b('2'), { condition: { key: b('y'), absent: true } })
    expect(text((await (await writer.view()).get(b('y')))?.value)).toBe('2')
  })

  it('a condition no key could meet is refused before anything is read or written: on the empty capsule it held, on any other the server refused it', async () => {
    const { client, serverName } = await overlay()
    const { writer } = await kvCapsule(client, serverName)
    const tooLong = (): KvCondition => ({ key: new Uint8Array(MAX_KEY_LENGTH + 1), absent: true })
    // On the empty state nothing is proven, and a condition of absence on a key of 1,025 bytes held (found by attacking the gateway).
    await expect(writer.put(b('x'), b('1'), { condition: tooLong() })).rejects.toThrow(/conditions\[0\]: key is 1025 bytes, at most 1024 allowed/)
    expect((await writer.view()).version).toBe(0)
    await writer.put(b('x'), b('1'))
    // Past it, the read for the write carried the key to the server, whose refusal came back as its own (a RequestRefusedError).
    const refused = await rejection(writer.put(b('y'), b('2'), { condition: tooLong() }))
    expect(refused).toBeInstanceOf(InvalidArgumentError)
    await expect(writer.put(b('y'), b('2'), { condition: { key: b('x'), valueHash: new Uint8Array(33) } })).rejects.toThrow(/a value hash is a SHA-256 hash of 32 bytes, got 33/)
    expect((await writer.view()).version).toBe(2)
  })

  it('a write without conditions by a writer whose tip another session moved on goes in, on the tip fetched again', async () => {
    const { client, serverName } = await overlay()
    const { writer, signer } = await kvCapsule(client, serverName)
    await writer.put(b('a'), b('1'))
    const other = await RemoteKv.open(client, writer.name, { signer })
    await other.put(b('b'), b('2'))
    // Stale: its next proof is asked at a version that is no longer the latest.
    expect(await writer.put(b('c'), b('3'))).toEqual({ seqno: 4, version: 6, checkpointed: true })
    await other.put(b('d'), b('4'))
    // Stale after its own write: the blob append is refused by the server, and sent again on the new tip.
    expect(await writer.appendBlobs([b('blob')])).toEqual([8])
    await other.put(b('e'), b('5'))
    expect((await writer.delete(b('a'))).seqno).toBe(12)
    const view = await writer.view()
    expect((await view.range()).map((e) => text(e.key))).toEqual(['b', 'c', 'd', 'e'])
    expect(await writer.blobs(8, 9)).toEqual([b('blob')])
  })

  it('writes without conditions by two sessions of the writer at once all go in: each that finds the tip moved tries again on the new one (once was not enough, found by attacking two gateways)', async () => {
    const { client, serverName } = await overlay()
    const { writer, signer } = await kvCapsule(client, serverName)
    const other = await RemoteKv.open(client, writer.name, { signer })
    const sessions = [writer, other]
    await Promise.all(Array.from({ length: 16 }, async (_, i) => await sessions[i % 2]!.put(b(`k${i}`), b(`${i}`))))
    expect((await (await writer.view()).range()).length).toBe(16)
  })

  it('a write whose read lands on a replica behind the writer\'s tip goes in on the tip fetched again; a read past a server\'s latest version is VersionNotHeldError, as from a local store (found by attacking two gateways on a replicated capsule)', async () => {
    const { client, serverName } = await overlay()
    const { writer, reader } = await kvCapsule(client, serverName)
    await writer.put(b('a'), b('1'))
    const refused = await rejection(reader.view({ version: 99 }))
    expect([refused.name, refused.message]).toEqual(['VersionNotHeldError', expect.stringMatching(/^version 99 is not in \[0, 2\]/)])
    // The next read for a write asks for the writer's tip, 2: a replica that has not caught up holds only 0.
    const behind = vi.spyOn(client, 'kvRead').mockImplementationOnce(async () => {
      const notHeld = rejection(Promise.resolve().then(() => { checkVersion(2, 0) }))
      throw new RequestRefusedError('FAILED_PRECONDITION', (await notHeld).message)
    })
    expect(await writer.put(b('b'), b('2'))).toEqual({ seqno: 2, version: 4, checkpointed: true })
    expect(behind).toHaveBeenCalled()
    expect((await (await reader.view()).range()).map((e) => text(e.key))).toEqual(['a', 'b'])
  })

  it('refuses an empty key bound (protobuf would leave it off the wire) with InvalidArgumentError, at any version', async () => {
    const { client, serverName } = await overlay()
    const { writer, reader } = await kvCapsule(client, serverName)
    for (const view of [await reader.view(), await (await writer.put(b('k'), b('v')), reader.view())]) {
      for (const side of ['gt', 'gte', 'lt', 'lte'] as const) {
        await expect(view.count({ [side]: new Uint8Array(0) })).rejects.toThrow(InvalidArgumentError)
        await expect(view.range({ [side]: new Uint8Array(0) })).rejects.toThrow(new RegExp(`key bound ${side} is empty`))
      }
      await expect(view.prefix(new Uint8Array(0))).rejects.toThrow(InvalidArgumentError)
    }
    await expect(reader.diff(0, 2, { lt: new Uint8Array(0) })).rejects.toThrow(InvalidArgumentError)
    expect(await (await reader.view()).count({ gte: b('k') })).toBe(1)
  })

  it('refuses answers a server changed: a value, an entry left out of a range, a count', async () => {
    const { client, service, serverName } = await overlay()
    const { writer, reader } = await kvCapsule(client, serverName)
    await writer.batch(Array.from({ length: 6 }, (_, i) => put(`k${i}`, `v${i}`)))
    const lie = liar(service)
    lie((r) => { if (r.entries?.[0] != null) r.entries[0].value = b('forged') })
    await expect((await reader.view()).get(b('k1'))).rejects.toThrow(InvalidProofError)
    lie((r) => { r.entries?.splice(1, 1) })
    await expect((await reader.view()).range({ limit: 3 })).rejects.toThrow(InvalidProofError)
    lie((r) => { r.count = 5 })
    await expect((await reader.view()).count()).rejects.toThrow(InvalidProofError)
    lie((r) => { r.entries = [] })
    await expect((await reader.view()).get(b('k1'))).rejects.toThrow(InvalidProofError)
    // Without proofs, the reader takes the server's word.
    const trusting = await RemoteKv.open(client, writer.name, { verify: false })
    expect(await (await trusting.view()).get(b('k1'))).toBeUndefined()
  })

  // Found by an audit of lying servers: a key's history, the server's word, was taken whole unchecked, so one that
  // left out the key's last writes, or made up one, was given out as the history. Its last write is now held to the
  // key's proven entry at that version (docs/kv.md section 6.5); the writes before it stay the server's word.
  it('a key\'s history given whole ends with the write the proof shows for the key at that version', async () => {
    const { client, service, serverName } = await overlay()
    const { writer, reader } = await kvCapsule(client, serverName)
    await writer.put(b('k'), b('1'))
    await writer.put(b('k'), b('2'))
    await writer.delete(b('k'))
    await writer.put(b('k'), b('3'))
    const honest = await (await reader.view()).history(b('k'))
    expect(honest.writes.map((w) => w.type === 'put' ? text(w.value) : 'deleted')).toEqual(['1', '2', 'deleted', '3'])
    const lie = liar(service)
    for (const [change, shows] of [
      [(h: pb.IKvWrite[]) => h.slice(0, -1), /ends with the delete of record \d+, but the proof of version \d+ shows the key put by record/],
      [(h: pb.IKvWrite[]) => h.slice(0, -2), /ends with the put of record \d+, but the proof/],
      [(h: pb.IKvWrite[]) => h.map((w, i) => i === h.length - 1 ? { ...w, value: b('forged') } : w), /ends with the put of record/],
      [() => [], /ends with no write/]
    ] as const) {
      lie((r, request) => { if (request.history != null) r.history = change(r.history ?? []) })
      await expect((await reader.view()).history(b('k'))).rejects.toThrow(shows)
    }
    // A page cut short by the caller's limit is not the whole history: nothing to hold its last write to.
    lie((r, request) => { if (request.history != null) r.history = r.history!.slice(0, -1) })
    expect((await (await reader.view()).history(b('k'), { limit: 2 })).writes).toHaveLength(2)
  })

  // Found by attacking the client as a server: a diff's keys were taken unchecked, so an empty one came through (and
  // the next page, asked above it, was refused as the caller's empty bound), and an entry of another key, or none,
  // was given out as the key's.
  it('refuses a diff key that is no key, or that comes with another key\'s entry or none: a diff is the server\'s word, but of the keys it names', async () => {
    const { client, service, serverName } = await overlay()
    const { writer, reader } = await kvCapsule(client, serverName)
    await writer.batch([put('k1', 'v1'), put('k2', 'v2')])
    const lie = liar(service)
    lie((r) => { r.diff![0]!.key = new Uint8Array(0) })
    await expect(reader.diff(0, 2)).rejects.toThrow(new UnexpectedResponseError('diff 0: key-value key: a key has at least one byte'))
    lie((r) => { r.diff![0]!.after!.key = b('k2') })
    await expect(reader.diff(0, 2)).rejects.toThrow(new UnexpectedResponseError('the server sent diff key "k1" with the entry of another key'))
    lie((r) => { r.diff![0]!.after = null })
    await expect(reader.diff(0, 2)).rejects.toThrow(new UnexpectedResponseError('the server sent diff key "k1" with no entry before or after'))
  })

  it('stores blobs, finds them by hash (checked by reading them), and watches changes', async () => {
    const { client, serverName } = await overlay()
    const { writer, reader } = await kvCapsule(client, serverName)
    const seqnos = await writer.appendBlobs([b('chunk a'), b('chunk b')])
    expect((await reader.blobs(seqnos[0]!, seqnos[1]! + 1)).map(text)).toEqual(['chunk a', 'chunk b'])
    const size = (await client.info(writer.name)).size
    await expect(reader.blobs(seqnos[1]!, size + 1)).rejects.toThrow(/brought|no record/)
    await expect(reader.blobs(seqnos[1]!, seqnos[1]! + 2)).rejects.toThrow(/is a checkpoint, not a blob/)
    expect(await reader.findBlob(sha256(b('chunk a')))).toBe(seqnos[0])
    expect(await reader.findBlob(sha256(b('nothing')))).toBeUndefined()
    const abort = new AbortController()
    const seen: KvChange[] = []
    const watching = (async () => {
      for await (const change of reader.watch(0, { range: { gte: b('w') }, signal: abort.signal })) {
        seen.push(change)
        if (seen.length === 2) abort.abort()
      }
    })()
    await writer.put(b('a'), b('not watched'))
    await writer.put(b('w1'), b('1'))
    await writer.delete(b('w1'))
    await watching
    expect(seen.map((c) => c.writes.map((w) => [text(w.key), text(w.entry?.value)]))).toEqual([[['w1', '1']], [['w1', undefined]]])
    // A version past the head is refused, as a local watch refuses it (it waited in silence).
    const head = (await client.info(writer.name)).size
    await expect(reader.watch(head + 480).next()).rejects.toThrow(`version ${head + 480} is not in [0, ${head}]`)
  })

  it('reads blobs unproven (no proof asked for, no record hashed): a server that changes a blob\'s bytes is caught by the hash that refers to it', async () => {
    const { client, serverName } = await overlay()
    const { writer, reader } = await kvCapsule(client, serverName)
    const [seqno] = await writer.appendBlobs([b('chunk a')])
    const { readRange, rangeProof, inclusionProof } = StoredCapsule.prototype
    let proofs = 0
    let change: ((record: CapsuleRecord) => CapsuleRecord) | undefined
    StoredCapsule.prototype.readRange = async function * (this: StoredCapsule, from: number, to?: number) {
      for await (const record of readRange.call(this, from, to)) yield change === undefined ? record : change(record)
    }
    StoredCapsule.prototype.rangeProof = async function (this: StoredCapsule, ...args: Parameters<typeof rangeProof>) { proofs++; return await rangeProof.apply(this, args) }
    StoredCapsule.prototype.inclusionProof = async function (this: StoredCapsule, ...args: Parameters<typeof inclusionProof>) { proofs++; return await inclusionProof.apply(this, args) }
    try {
      expect((await reader.blobs(seqno!, seqno! + 1)).map(text)).toEqual(['chunk a'])
      expect(proofs).toBe(0)
      // The server sends other bytes for the blob (with the record's header unchanged): the reader takes them
      // as they are, and the hash that refers to them refuses them, naming the seqno.
      change = (record) => record.header.seqno === seqno ? { ...record, payload: encodeKvRecord({ type: 'blob', data: b('chunk B') }) } : record
      expect((await reader.blobs(seqno!, seqno! + 1)).map(text)).toEqual(['chunk B'])
      const ref = { seqno: seqno!, length: 7, hash: sha256(b('chunk a')) }
      await expect(readRun(reader, [{ ref, offset: 0 }])).rejects.toThrow(BlobMismatchError)
      await expect(readRun(reader, [{ ref, offset: 0 }])).rejects.toThrow(`the chunk at seqno ${seqno} does not hash to`)
    } finally {
      Object.assign(StoredCapsule.prototype, { readRange, rangeProof, inclusionProof })
    }
  })

  // Found by attacking the client as a server: unchecked records were taken of any size, so a server answering a
  // file's run of 16 chunks of a few KiB with records of 64 MiB had the reader hold 1 GiB until the run was in
  // (four runs under way: 4 GiB), whatever the gateway's download budget counted by the refs.
  it('reads a run of blobs each at most the length the caller knows: a larger one is refused as it comes, not held until the run is in', async () => {
    const { client, serverName } = await overlay()
    const { writer, reader } = await kvCapsule(client, serverName)
    const seqnos = await writer.appendBlobs(['chunk a', 'chunk b', 'chunk c'].map(b))
    const large = encodeKvRecord({ type: 'blob', data: new Uint8Array(4 * 1024 * 1024) })
    const { readRange } = StoredCapsule.prototype
    let release = (): void => {}
    const never = new Promise<void>((resolve) => { release = resolve })
    StoredCapsule.prototype.readRange = async function * (this: StoredCapsule, from: number, to?: number) {
      for await (const record of readRange.call(this, from, to)) {
        // The first comes, 4 MiB of it; the rest of the run never does.
        if (record.header.seqno === seqnos[2]) await never
        yield record.header.seqno === seqnos[0] ? { ...record, header: { ...record.header, payloadLength: large.length }, payload: large } : record
      }
    }
    try {
      const run = seqnos.map((seqno, i) => ({ ref: { seqno, length: 7, hash: sha256(b(`chunk ${'abc'[i]!}`)) }, offset: 7 * i }))
      const failed = await rejection(readRun(reader, run))
      expect(failed).toBeInstanceOf(InvalidProofError)
      expect(failed.message).toBe(`the server answered a read of records of at most ${blobRecordLength(7)} payload bytes with record ${seqnos[0]!} of ${large.length}`)
    } finally {
      release()
      Object.assign(StoredCapsule.prototype, { readRange })
    }
  })

  it('refuses bad input with clear errors: long keys, too many keys, a capsule that is not a key-value capsule', async () => {
    const { client, serverName } = await overlay()
    const { writer, reader } = await kvCapsule(client, serverName)
    await expect(writer.put(new Uint8Array(MAX_KEY_LENGTH + 1), b('x'))).rejects.toThrow(InvalidArgumentError)
    await expect((await reader.view()).get(new Uint8Array(MAX_KEY_LENGTH + 1))).rejects.toThrow(InvalidArgumentError)
    await writer.put(new Uint8Array(MAX_KEY_LENGTH).fill(7), b('at the limit'))
    const keys = (n: number): Uint8Array[] => Array.from({ length: n }, (_, i) => b(`k${i}`))
    await expect(client.kvRead(writer.name, { get: { keys: keys(MAX_GET_KEYS) } })).resolves.toBeDefined()
    await expect(client.kvRead(writer.name, { get: { keys: keys(MAX_GET_KEYS + 1) } })).rejects.toThrow(/1 to 64 keys, got 65/)
    await expect(client.kvRead(writer.name, { proveWrite: { keys: keys(MAX_PROVE_WRITE_KEYS) } })).resolves.toBeDefined()
    await expect(client.kvRead(writer.name, { proveWrite: { keys: keys(MAX_PROVE_WRITE_KEYS + 1) } })).rejects.toThrow(RequestRefusedError)
    await expect(client.kvRead(writer.name, { version: 99, get: { keys: keys(1) } })).rejects.toThrow(/version 99 is not in/)
    // The server's refusal of what was asked is the error a local read gives (gdp kv diff --node said RequestRefusedError: MALFORMED).
    // A version past the server's: it may be behind another replica (a precondition, not a bad argument).
    const refused = await rejection(reader.view({ version: 99 }))
    expect(refused).toBeInstanceOf(PreconditionFailedError)
    expect(refused.message).toMatch(/^version 99 is not in \[0, \d+\]/)
    const plain = testCapsule()
    await client.create(plain.signed, serverName)
    await expect(RemoteKv.open(client, plain.name)).rejects.toThrow(MalformedMessageError)
    await expect(client.kvRead(plain.name, {})).rejects.toThrow(/not a key-value capsule/)
  })
})
