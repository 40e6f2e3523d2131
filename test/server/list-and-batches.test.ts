// A server's listing of its capsules, and reads that carry the writer's
// batch heartbeats: on in-memory links, with a real LevelDB store.
import { afterEach, describe, expect, it } from 'vitest'
import { GdpClient } from '../../src/client/client.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { nodeName } from '../../src/routing/signing.js'
import { CapsuleService } from '../../src/server/capsule-service.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { payload, rejection, tempDir, testCapsule } from '../helpers.js'
import { clock, connect, memoryNode } from '../routing/memory-links.js'
import { InvalidArgumentError, InvalidProofError, RequestRefusedError } from '../../src/errors.js'
import { serverReceiptToPb, signServerReceipt } from '../../src/routing/receipt.js'
import { encodeSignedDeletion, signDeletion } from '../../src/capsule/deletion.js'
import { formatName } from '../../src/capsule/name.js'
import { sha256 } from '../../src/crypto/hash.js'
import { pb } from '../../src/wire/index.js'
import type { Forwarder, LocalService } from '../../src/routing/forwarder.js'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => { for (const c of cleanups.splice(0)) await c() })

/** A client linked straight to a server whose responses are small, so lists and reads take several; `wrap` stands between them. */
async function linked (wrap: (service: CapsuleService) => LocalService = (service) => service): Promise<{ client: GdpClient, serverName: Uint8Array, serverKey: Ed25519Signer, forwarder: Forwarder }> {
  const dir = tempDir()
  const store = await CapsuleStore.open({ path: dir.path })
  cleanups.push(async () => { await store.close(); dir.cleanup() })
  const serverKey = new Ed25519Signer(generateEd25519KeyPair().secretKey)
  const serverName = nodeName(serverKey.publicKey)
  const service = new CapsuleService({ maxRecordsPerResponse: 4, maxCapsulesPerList: 3 }, { store, signer: serverKey, clock })
  await service.start()
  const s = memoryNode(serverName, wrap(service))
  const c = memoryNode(new Uint8Array(32).fill(3))
  connect(c, s)
  c.f.setDefaultRoute(serverName)
  for (const n of [s, c]) cleanups.push(() => { n.f.stop() })
  return { client: new GdpClient({ timeoutMs: 3000 }, { forwarder: c.f }), serverName, serverKey, forwarder: c.f }
}

describe('listing a server', () => {
  it('pages through every capsule in name order, and refuses a list sent to a capsule', async () => {
    const { client, serverName } = await linked()
    const created: Array<ReturnType<typeof testCapsule>> = []
    for (let i = 0; i < 7; i++) {
      const t = testCapsule(1_700_000_000_000_000 + i)
      await client.create(t.signed, serverName)
      created.push(t)
    }
    const writer = await client.writer(created[0]!.name, created[0]!.writer)
    await client.append(writer, [payload('x'), payload('y')], 1)
    const listed = []
    for await (const c of client.list(serverName)) listed.push(c)
    expect(listed.map((c) => Buffer.from(c.name).toString('hex'))).toEqual(created.map((t) => Buffer.from(t.name).toString('hex')).sort())
    expect(listed.find((c) => Buffer.from(c.name).equals(created[0]!.name))!.size).toBe(2)
    const err = await rejection((async () => { for await (const c of client.list(created[1]!.name)) void c })())
    expect(err).toBeInstanceOf(RequestRefusedError)
    expect((err as RequestRefusedError).reason).toBe('MALFORMED')
    expect(err.message).toMatch(/send create and list requests to a server's node name/)
  })

  it('a list request\'s limit shortens a page, and never lengthens it past maxCapsulesPerList', async () => {
    const { client, serverName, forwarder } = await linked()
    for (let i = 0; i < 5; i++) await client.create(testCapsule(1_700_000_000_000_000 + i).signed, serverName)
    const page = async (limit: number): Promise<{ count: number, more: boolean }> => await new Promise((resolve) => {
      forwarder.request(serverName, { list: { limit } }, (pdu) => { resolve({ count: pdu.response?.list?.capsules?.length ?? -1, more: pdu.response?.list?.more === true }) })
    })
    expect(await page(2)).toEqual({ count: 2, more: true })
    expect(await page(3)).toEqual({ count: 3, more: true })
    expect(await page(4)).toEqual({ count: 3, more: true })
    expect(await page(0)).toEqual({ count: 3, more: true })
  })
})

describe('listing what changed', () => {
  const hex = (names: Uint8Array[]): string[] => names.map((n) => Buffer.from(n).toString('hex'))
  const all = async (capsules: AsyncIterable<{ name: Uint8Array, size: number }>): Promise<Array<{ name: Uint8Array, size: number }>> => {
    const out = []
    for await (const c of capsules) out.push(c)
    return out
  }

  it('answers a point of its change log with the capsules changed since: grown, created, and deleted ones as unlisted', async () => {
    const { client, serverName } = await linked()
    const created: Array<ReturnType<typeof testCapsule>> = []
    for (let i = 0; i < 5; i++) {
      created.push(testCapsule(1_700_000_000_000_000 + i))
      await client.create(created[i]!.signed, serverName)
    }
    const full = await client.listing(serverName)
    expect(full.changesOnly).toBe(false)
    expect(full.point).toBeDefined()
    expect(await all(full.capsules)).toHaveLength(5)

    const idle = await client.listing(serverName, full.point)
    expect({ changesOnly: idle.changesOnly, capsules: await all(idle.capsules), unlisted: idle.unlisted }).toEqual({ changesOnly: true, capsules: [], unlisted: [] })

    const writer = await client.writer(created[3]!.name, created[3]!.writer)
    await client.append(writer, [payload('x'), payload('y')], 1)
    const added = testCapsule(1_700_000_000_000_100)
    await client.create(added.signed, serverName)
    await client.delete(created[1]!.name, signDeletion(created[1]!.name, clock(), created[1]!.owner), { replica: serverName })
    const changes = await client.listing(serverName, full.point)
    expect(changes.changesOnly).toBe(true)
    const listed = await all(changes.capsules)
    expect(hex(listed.map((c) => c.name))).toEqual(hex([created[3]!.name, added.name]).sort())
    expect(listed.find((c) => Buffer.from(c.name).equals(created[3]!.name))!.size).toBe(2)
    expect(hex(changes.unlisted)).toEqual(hex([created[1]!.name]))
    // From the point that answer began at, nothing changed.
    expect((await client.listing(serverName, changes.point)).changesOnly).toBe(true)
    expect(await all((await client.listing(serverName, changes.point)).capsules)).toEqual([])
  })

  it('lists everything for a point it cannot answer: another log, one ahead of its own, more changes than a page', async () => {
    const { client, serverName } = await linked()
    for (let i = 0; i < 2; i++) await client.create(testCapsule(1_700_000_000_000_000 + i).signed, serverName)
    const { point } = await client.listing(serverName)
    for (const other of [{ log: new Uint8Array(16).fill(9), seq: point!.seq }, { log: point!.log, seq: point!.seq + 1 }]) {
      const listing = await client.listing(serverName, other)
      expect(listing.changesOnly).toBe(false)
      expect(await all(listing.capsules)).toHaveLength(2)
    }
    // maxCapsulesPerList is 3: three changes fit on a page, four do not.
    for (let i = 2; i < 5; i++) await client.create(testCapsule(1_700_000_000_000_000 + i).signed, serverName)
    expect((await client.listing(serverName, point)).changesOnly).toBe(true)
    await client.create(testCapsule(1_700_000_000_000_005).signed, serverName)
    const tooMany = await client.listing(serverName, point)
    expect(tooMany.changesOnly).toBe(false)
    expect(await all(tooMany.capsules)).toHaveLength(6)
  })

  /** A server whose list requests get `lie.answer` while it is set. */
  const listsAnswered = (): { lying: (service: CapsuleService) => LocalService, lie: { answer?: pb.IListResponse } } => {
    const lie: { answer?: pb.IListResponse } = {}
    const lying = (service: CapsuleService): LocalService => ({
      serves: (name) => service.serves(name),
      handle: (pdu, reply, flow) => {
        if (pdu.request?.list != null && lie.answer !== undefined) { reply({ response: { final: true, list: lie.answer } }); return }
        service.handle(pdu, reply, flow)
      },
      cancel: (nonce) => { service.cancel(nonce) }
    })
    return { lying, lie }
  }

  it('a client refuses a listing of changes that is not one: unlisted names out of order or of the wrong length, a second page, a point of the wrong length', async () => {
    const { lying, lie } = listsAnswered()
    const { client, serverName } = await linked(lying)
    const point = { log: new Uint8Array(16), seq: 1 }
    const cases: Array<[pb.IListResponse, RegExp]> = [
      [{ changesOnly: true, point, unlisted: [new Uint8Array(32).fill(2), new Uint8Array(32).fill(1)] }, /listed unlisted out of name order/],
      [{ changesOnly: true, point, unlisted: [new Uint8Array(31)] }, /unlisted\[0\]/],
      [{ changesOnly: true, point, more: true, capsules: [{ name: new Uint8Array(32).fill(1), size: 1 }] }, /a listing of changes with more than one page/],
      [{ changesOnly: true, point: { log: new Uint8Array(17), seq: 1 } }, /point\.log/]
    ]
    for (const [answer, message] of cases) {
      lie.answer = answer
      await expect(client.listing(serverName, point)).rejects.toThrow(message)
    }
    // Changes the client did not ask for are a whole list: nothing unlisted is taken from it.
    lie.answer = { changesOnly: true, point, unlisted: [new Uint8Array(32).fill(1)] }
    expect(await client.listing(serverName)).toMatchObject({ changesOnly: false, unlisted: [] })
  })

  it('a client refuses a listed replica set digest of the wrong length, naming it; none is a server that keeps no set (or of an earlier version)', async () => {
    const { lying, lie } = listsAnswered()
    const { client, serverName } = await linked(lying)
    const name = new Uint8Array(32).fill(1)
    for (const bytes of [7, 9, 32]) {
      lie.answer = { capsules: [{ name, size: 1, setDigest: new Uint8Array(bytes) }] }
      await expect(all((await client.listing(serverName)).capsules)).rejects.toThrow(`capsules[0].set_digest must be 8 bytes, got ${bytes}`)
    }
    lie.answer = { capsules: [{ name, size: 1, setDigest: new Uint8Array(8).fill(5) }, { name: new Uint8Array(32).fill(2), size: 2 }] }
    expect((await all((await client.listing(serverName)).capsules)).map((c) => ({ ...c, name: c.name[0] }))).toEqual([{ name: 1, size: 1, setDigest: new Uint8Array(8).fill(5) }, { name: 2, size: 2, setDigest: new Uint8Array(0) }])
  })

  it('refuses changed_since on a page after the first', async () => {
    const { serverName, forwarder } = await linked()
    const answer = await new Promise<pb.IPdu>((resolve) => {
      forwarder.request(serverName, { list: { after: new Uint8Array(32).fill(1), changedSince: { log: new Uint8Array(16), seq: 0 } } }, resolve)
    })
    expect(answer.nack?.reason).toBe(pb.NackReason.MALFORMED)
    expect(answer.nack?.detail).toMatch(/changed_since starts at the first page/)
  })
})

describe('reads with batch heartbeats', () => {
  it('bring the heartbeat that ended each batch among the records, across responses', async () => {
    const { client, serverName } = await linked()
    const t = testCapsule()
    await client.create(t.signed, serverName)
    const writer = await client.writer(t.name, t.writer)
    // Batches ending at 3, 4, 10 and 11: responses of 4 records cut across them.
    for (const [n, at] of [[3, 1], [1, 2], [6, 3], [1, 4]] as const) await client.append(writer, Array.from({ length: n }, (_, i) => payload(`${at}.${i}`)), at)
    const all = await client.readBatches(t.name, { from: 0, to: 11 })
    expect(all.records.map((r) => r.header.seqno)).toEqual(Array.from({ length: 11 }, (_, i) => i))
    expect(all.heartbeats.map((h) => h.heartbeat.size)).toEqual([3, 4, 10, 11])
    // A range starting inside a batch gets only the heartbeats that end inside it.
    const middle = await client.readBatches(t.name, { from: 3, to: 9 })
    expect(middle.heartbeats.map((h) => h.heartbeat.size)).toEqual([4])
    // A plain read carries none.
    expect((await client.read(t.name, { range: { from: 0, to: 11 } })).length).toBe(11)
  })

  it('with maxBytes end with the record that reaches that many payload bytes, at and just past a record\'s end, across responses', async () => {
    const { client, serverName } = await linked()
    const t = testCapsule()
    await client.create(t.signed, serverName)
    const writer = await client.writer(t.name, t.writer)
    // 11 records of 100 bytes in batches ending at 3, 4, 10 and 11; responses of 4 records.
    for (const [n, at] of [[3, 1], [1, 2], [6, 3], [1, 4]] as const) await client.append(writer, Array.from({ length: n }, () => new Uint8Array(100).fill(at)), at)
    const window = async (from: number, maxBytes: number): Promise<{ seqnos: number[], ends: number[] }> => {
      const got = await client.readBatches(t.name, { from, to: 11, maxBytes })
      return { seqnos: got.records.map((r) => r.header.seqno), ends: got.heartbeats.map((h) => h.heartbeat.size) }
    }
    expect(await window(0, 300)).toEqual({ seqnos: [0, 1, 2], ends: [3] })
    expect(await window(0, 301)).toEqual({ seqnos: [0, 1, 2, 3], ends: [3, 4] })
    expect(await window(0, 1)).toEqual({ seqnos: [0], ends: [] })
    expect(await window(2, 550)).toEqual({ seqnos: [2, 3, 4, 5, 6, 7], ends: [3, 4] })
    expect(await window(0, 1_000_000)).toEqual({ seqnos: Array.from({ length: 11 }, (_, i) => i), ends: [3, 4, 10, 11] })
    for (const bad of [0, -1, 1.5, 2 ** 32]) expect(await rejection(client.readBatches(t.name, { from: 0, to: 11, maxBytes: bad }))).toBeInstanceOf(InvalidArgumentError)
  })

  it('with maxBytes: a server that sends records past the one that reached it, or stops short of it, is refused', async () => {
    // One that ignores the field, and one that stops a record early (a maxBytes 100 bytes lower).
    const asking = (change: (maxBytes: number) => number) => (service: CapsuleService): LocalService => ({
      serves: (name) => service.serves(name),
      handle: (pdu, reply, flow) => {
        // (In place: the decoded request's oneof selector is a getter a copy would not carry.)
        const read = pdu.request?.read
        if (read?.maxBytes != null && read.maxBytes > 0) read.maxBytes = change(read.maxBytes)
        service.handle(pdu, reply, flow)
      }
    })
    for (const [change, refusal] of [[() => 0, /with more records after them/], [(m: number) => m - 100, /answered a read of records 0\.\.10 with records 0\.\.1/]] as const) {
      const { client, serverName } = await linked(asking(change))
      const t = testCapsule()
      await client.create(t.signed, serverName)
      const writer = await client.writer(t.name, t.writer)
      await client.append(writer, Array.from({ length: 11 }, () => new Uint8Array(100)), 1)
      const err = await rejection(client.readBatches(t.name, { from: 0, to: 11, maxBytes: 300 }))
      expect(err.message).toMatch(refusal)
      expect(err).toBeInstanceOf(InvalidProofError)
    }
  })
})

describe('reads ended early', () => {
  it('a read stopped by an unsubscribe of its nonce ends with STOPPED, not with an empty final answer (readers merged into it took that for an empty capsule)', async () => {
    const { client, serverName, forwarder } = await linked()
    const t = testCapsule()
    await client.create(t.signed, serverName)
    const writer = await client.writer(t.name, t.writer)
    await client.append(writer, Array.from({ length: 4000 }, (_, i) => payload(`r${i}`)), 1)
    const replies: pb.IPdu[] = []
    const ended = new Promise<void>((resolve) => {
      // Unsubscribed once its first response came: the read is under way at the server.
      const nonce: Uint8Array = forwarder.request(t.name, { read: { range: { from: 0, to: 4000 } } }, (pdu) => {
        replies.push(pdu)
        if (replies.length === 1) forwarder.request(t.name, { unsubscribe: { nonce } }, () => {})
        if (pdu.nack != null || pdu.response?.final === true) resolve()
      })
    })
    await ended
    const records = replies.reduce((n, pdu) => n + (pdu.response?.read?.records?.length ?? 0), 0)
    expect(records).toBeLessThan(4000)
    expect(replies.at(-1)!.nack?.reason).toBe(pb.NackReason.STOPPED)
  })

  it('a client reads on after STOPPED, and refuses an answer that the capsule is empty when a heartbeat showed records', async () => {
    let mode: 'stop' | 'empty' | undefined
    const lying = (service: CapsuleService): LocalService => ({
      serves: (name) => service.serves(name),
      handle: (pdu, reply, flow) => {
        if (pdu.request?.read != null && mode === 'stop') { mode = undefined; reply({ nack: { reason: pb.NackReason.STOPPED, detail: 'stopped' } }); return }
        if (pdu.request?.read != null && mode === 'empty') { reply({ response: { final: true, read: { records: [] } } }); return }
        service.handle(pdu, reply, flow)
      }
    })
    const { client, serverName } = await linked(lying)
    const t = testCapsule()
    await client.create(t.signed, serverName)
    const writer = await client.writer(t.name, t.writer)
    await client.append(writer, [payload('a'), payload('b'), payload('c')], 1)
    mode = 'stop'
    expect((await client.read(t.name, { range: { from: 0, to: 3 } })).map((r) => Buffer.from(r.payload).toString())).toEqual(['a', 'b', 'c'])
    mode = 'empty'
    await client.info(t.name)
    const err = await rejection(client.read(t.name, { range: { from: 1, to: 3 } }))
    expect(err).toBeInstanceOf(InvalidProofError)
    expect(err.message).toMatch(/records 1\.\.2 as if the capsule were empty, but a heartbeat of the writer showed 3 records/)
    // A range from the end is empty indeed.
    expect(await client.read(t.name, { range: { from: 3, to: 5 } })).toEqual([])
  })
})

describe('create and delete answers carry the server\'s signed receipt', () => {
  it('an answer with none, one signed by another key, or one for another order is refused, and the capsule is as it was', async () => {
    let forge: (() => pb.IResponse) | undefined
    const forger = (service: CapsuleService): LocalService => ({
      serves: (name) => service.serves(name),
      handle: (pdu, reply, flow) => {
        if (forge !== undefined && (pdu.request?.create != null || pdu.request?.delete != null)) { reply({ response: forge() }); return }
        service.handle(pdu, reply, flow)
      }
    })
    const { client, serverName, serverKey } = await linked(forger)
    const stranger = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    const t = testCapsule()
    // Created: no receipt, then one signed by a key that is not the server's.
    forge = () => ({ final: true, create: { capsule: t.name } })
    // A server from before receipts answers so too (and did create the capsule): the error names it and the way to see.
    expect((await rejection(client.create(t.signed, serverName))).message).toBe(`the answer to creating capsule ${formatName(t.name)} carries no receipt signed by the server: a router on the way may have answered for it, ` +
      'or the server runs a version from before receipts and did carry it out (clients, and servers moving a capsule, take these answers from upgraded servers only); `gdp capsule info` shows whether it did')
    forge = () => ({ final: true, create: { capsule: t.name, receipt: serverReceiptToPb(signServerReceipt({ kind: 'created', capsule: t.name, orderHash: new Uint8Array(0), atUs: 1 }, stranger)) } })
    expect((await rejection(client.create(t.signed, serverName))).message).toMatch(/is signed by \S+, not by the server asked/)
    forge = undefined
    await client.create(t.signed, serverName)
    const writer = await client.writer(t.name, t.writer)
    await client.append(writer, [payload('kept')], 1)
    // Deleted: no receipt, then the server's own receipt for another deletion of the capsule.
    const deletion = signDeletion(t.name, 5, t.owner)
    const other = signDeletion(t.name, 6, t.owner)
    forge = () => ({ final: true, delete: {} })
    expect(await rejection(client.delete(t.name, deletion, { replica: serverName }))).toEqual(expect.objectContaining({ name: 'InvalidSignatureError', message: expect.stringMatching(new RegExp(`^the answer to deleting capsule ${formatName(t.name)} carries no receipt`)) }))
    const forOther = serverReceiptToPb(signServerReceipt({ kind: 'deleted', capsule: t.name, orderHash: sha256(encodeSignedDeletion(other)), atUs: 1 }, serverKey))
    forge = () => ({ final: true, delete: { receipt: forOther } })
    expect((await rejection(client.delete(t.name, deletion, { replica: serverName }))).message).toMatch(/is for another order/)
    forge = undefined
    expect((await client.read(t.name, { seqno: 0 }))[0]!.payload).toEqual(payload('kept'))
    // The real one goes through, its receipt checked.
    await client.delete(t.name, deletion, { replica: serverName })
    expect(await rejection(client.info(t.name))).toBeInstanceOf(RequestRefusedError)
  })
})
