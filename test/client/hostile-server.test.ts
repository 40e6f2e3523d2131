// The client against a server (or a router on the way) that lies: what it
// sends in place of the real answers must end in a typed error, never reach
// the caller as if verified, and never hold the client for good.
import { afterEach, describe, expect, it } from 'vitest'
import { rangeProofToPb, signedHeartbeatToPb, signedMetadataToPb } from '../../src/capsule/codec.js'
import { signDeletion } from '../../src/capsule/deletion.js'
import { CapsuleWriter, emptyWriterState } from '../../src/capsule/writer.js'
import { verifyForkProof } from '../../src/capsule/fork.js'
import type { ForkProof } from '../../src/capsule/types.js'
import { capsulesOn } from '../../src/client/placement.js'
import { ForkDetectedError, InvalidArgumentError, InvalidProofError, InvalidSignatureError, MalformedMessageError, RequestRefusedError, UnexpectedResponseError } from '../../src/errors.js'
import { capsuleName, newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import { compareBytes } from '../../src/crypto/bytes.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import type { Link } from '../../src/routing/forwarder.js'
import { pb } from '../../src/wire/index.js'
import { payload, testCapsule } from '../helpers.js'
import { clock, type MemoryNode } from '../routing/memory-links.js'
import { servedCapsule, type ServedCapsule } from './served-capsule.js'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c() })

/** Client -> router -> server, with a capsule holding `texts` as records. */
async function overlayHolding (...texts: string[]): Promise<ServedCapsule> {
  const o = await servedCapsule((undo) => cleanups.push(undo), { timeoutMs: 1000 })
  const writer = await o.client.writer(o.capsule.name, o.capsule.writer)
  await o.client.append(writer, texts.map(payload), clock())
  return o
}

/** Lets a test change what `from` sends to `to`: return undefined to lose the PDU. Returns the link's own send, to add PDUs. */
function tamper (from: MemoryNode, to: MemoryNode, change: (pdu: pb.IPdu) => pb.IPdu | undefined): Link['send'] {
  const link = from.f.link(to.f.self) as Link & { send: Link['send'] }
  const send = link.send.bind(link)
  link.send = (pdu) => { const out = change(pdu); if (out !== undefined) send(out) }
  return send
}

/** What `promise` settles to (its error, or undefined), or 'pending' after `ms`. */
async function settled (promise: Promise<unknown>, ms: number): Promise<Error | undefined | 'pending'> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<'pending'>((resolve) => { timer = setTimeout(() => { resolve('pending') }, ms) })
  try {
    return await Promise.race([promise.then(() => undefined, (err: Error) => err), late])
  } finally {
    clearTimeout(timer)
  }
}

describe('a hostile server', () => {
  // Found by this survey: info() checked the metadata against the capsule's name only when it first met the capsule,
  // so a later info could bring another capsule's metadata, with a writer key of the server's own and a head it
  // signed with it, and the client took both as the capsule's (and a RemoteKv opened then checked its proofs by them).
  it('sending another capsule\'s metadata, and a head signed by its writer, in a later info is refused', async () => {
    const o = await overlayHolding('real')
    expect((await o.client.info(o.capsule.name)).size).toBe(1)
    const other = testCapsule()
    const forger = new CapsuleWriter(o.capsule.name, other.signed.metadata, other.writer, emptyWriterState(o.capsule.name))
    const forged = forger.append([payload('forged'), payload('forged')], clock())
    tamper(o.s, o.r, (pdu) => pdu.response?.info == null
      ? pdu
      : { ...pdu, response: { ...pdu.response, info: { ...pdu.response.info, metadata: signedMetadataToPb(other.signed), head: signedHeartbeatToPb(forged.heartbeat), size: 2, frontier: forged.state.frontier.nodes } } })
    const failed = await o.client.info(o.capsule.name).then(() => undefined, (err: Error) => err)
    expect(failed).toBeInstanceOf(InvalidSignatureError)
    expect(failed!.message).toMatch(/metadata of/)
  })

  // Found by attacking the client as a server: an answer of no records was held to the writer's heartbeat the client
  // had verified before (it showed records there), but one of some records was not: a server that answered a read
  // with the first records and an older heartbeat of the writer, ending at them, left the rest out unseen (a
  // `capsule read --node` printed them and exited 0).
  it('answering a read with the records up to an older heartbeat, when the client verified a later one, is refused', async () => {
    const o = await servedCapsule((undo) => cleanups.push(undo), { timeoutMs: 1000 })
    const writer = await o.client.writer(o.capsule.name, o.capsule.writer)
    await o.client.append(writer, [payload('a'), payload('b')], clock())
    await o.client.append(writer, [payload('c'), payload('d')], clock())
    const older = (await (await o.store.capsule(o.capsule.name)).heartbeatAt(2))!
    o.client.forget(o.capsule.name)
    expect((await o.client.info(o.capsule.name)).size).toBe(4)
    tamper(o.s, o.r, (pdu) => {
      const read = pdu.response?.read
      if (read == null) return pdu
      return { ...pdu, response: { ...pdu.response, read: { records: read.records!.slice(0, 2), rangeProof: rangeProofToPb({ from: 0, to: 2, treeSize: 2, path: [] }), heartbeat: signedHeartbeatToPb(older) } } }
    })
    for (const selector of [{ range: { from: 0, to: 4 } }, { range: { from: 0, to: 3 } }, { last: 4 }]) {
      const failed = await o.client.read(o.capsule.name, selector).then(() => undefined, (err: Error) => err)
      expect(failed).toBeInstanceOf(InvalidProofError)
      expect(failed!.message).toMatch(/a heartbeat of the writer showed 4 records/)
    }
    // Within what that heartbeat holds, its answer is the one asked for.
    expect((await o.client.read(o.capsule.name, { range: { from: 0, to: 2 } })).map((r) => r.header.seqno)).toEqual([0, 1])
  })

  // Found by an audit of lying servers: info() kept only the first head it met, so a later info bringing another
  // head of the writer's was not checked against it: one of the same size stating another tree (the writer signed
  // two histories) went by unseen, and so did a record read later that contradicts a head of fewer records.
  it('a later info whose head contradicts a heartbeat of the writer the client verified reports the fork', async () => {
    const o = await servedCapsule((undo) => cleanups.push(undo), { timeoutMs: 1000 })
    const writer = await o.client.writer(o.capsule.name, o.capsule.writer)
    await o.client.append(writer, [payload('a'), payload('b')], clock())
    const atTwo = (await o.client.info(o.capsule.name)).writerState
    await o.client.append(writer, [payload('c'), payload('d')], clock())
    // The writer's key signing another record 2 over the same first two: a second history.
    const other = new CapsuleWriter(o.capsule.name, o.capsule.signed.metadata, o.capsule.writer, atTwo).append([payload('x')], clock())
    const otherHead = signedHeartbeatToPb(other.heartbeat)
    let lying = false
    tamper(o.s, o.r, (pdu) => !lying || pdu.response?.info == null
      ? pdu
      : { ...pdu, response: { ...pdu.response, info: { ...pdu.response.info, head: otherHead, frontier: other.state.frontier.nodes } } })
    // The client verified the head of 4; a head of 3 cannot be told from a lagging replica's, but is kept.
    o.client.forget(o.capsule.name)
    expect((await o.client.info(o.capsule.name)).size).toBe(4)
    lying = true
    const lagging = await o.client.info(o.capsule.name)
    expect([lagging.size, lagging.fork]).toEqual([3, undefined])
    lying = false
    // Record 2 read honestly contradicts the head of 3 the lying info sent.
    const read = await o.client.read(o.capsule.name, { seqno: 2 }).then(() => undefined, (err: Error) => err)
    expect(read).toBeInstanceOf(ForkDetectedError)
    expect(verifyForkProof((read as ForkDetectedError).proof as ForkProof)).toMatchObject({ kind: 'diverged', position: 2 })
    // A head of the same size as one verified, stating another tree, is a fork the info reports.
    await o.client.append(writer, [payload('e')], clock())
    const twin = new CapsuleWriter(o.capsule.name, o.capsule.signed.metadata, o.capsule.writer, other.state).append([payload('y'), payload('z')], clock())
    o.client.forget(o.capsule.name)
    expect((await o.client.info(o.capsule.name)).fork).toBeUndefined()
    tamper(o.s, o.r, (pdu) => pdu.response?.info == null
      ? pdu
      : { ...pdu, response: { ...pdu.response, info: { ...pdu.response.info, head: signedHeartbeatToPb(twin.heartbeat), frontier: twin.state.frontier.nodes } } })
    const forked = await o.client.info(o.capsule.name)
    expect(forked.fork).toBeDefined()
    expect(verifyForkProof(forked.fork!)).toMatchObject({ kind: 'same-size', position: 4 })
  })

  // Found by the same audit: info() reported the head the replica sent, older than one the client verified, and
  // callers counting from it (the gateway's last n, a key-value watch's end) worked from fewer records.
  it('an info answered with an older head of the writer leaves size() at the records of the newest one verified', async () => {
    const o = await servedCapsule((undo) => cleanups.push(undo), { timeoutMs: 1000 })
    const writer = await o.client.writer(o.capsule.name, o.capsule.writer)
    await o.client.append(writer, [payload('a'), payload('b')], clock())
    const atTwo = await o.client.info(o.capsule.name)
    await o.client.append(writer, [payload('c'), payload('d')], clock())
    o.client.forget(o.capsule.name)
    expect(await o.client.size(o.capsule.name)).toBe(4)
    tamper(o.s, o.r, (pdu) => pdu.response?.info == null
      ? pdu
      : { ...pdu, response: { ...pdu.response, info: { ...pdu.response.info, head: signedHeartbeatToPb(atTwo.head!), frontier: atTwo.writerState.frontier.nodes } } })
    expect((await o.client.info(o.capsule.name)).size).toBe(2)
    expect(await o.client.size(o.capsule.name)).toBe(4)
  })

  // Found by an audit of lying servers: a server whose info showed a record, refusing a read of it as not found, had
  // `gdp capsule read --seq n --node` say no more than "not found", as if the record were missing. A record past
  // what the client verified may be: that refusal is passed on as it came.
  it('refusing as not found a record a heartbeat of the writer the client verified shows says so', async () => {
    const o = await overlayHolding('a', 'b')
    expect((await o.client.info(o.capsule.name)).size).toBe(2)
    tamper(o.s, o.r, (pdu) => pdu.response?.read == null ? pdu : { ...pdu, response: null, nack: { reason: pb.NackReason.NOT_FOUND, detail: 'no such record' } })
    const denied = await o.client.read(o.capsule.name, { seqno: 1 }).then(() => undefined, (err: Error) => err)
    expect(denied).toBeInstanceOf(RequestRefusedError)
    expect((denied as RequestRefusedError).reason).toBe('NOT_FOUND')
    expect(denied!.message).toMatch(/no such record, but a heartbeat of the writer this client verified shows 2 records: the server lags behind, lost its copy, or lies/)
    const past = await o.client.read(o.capsule.name, { seqno: 2 }).then(() => undefined, (err: Error) => err)
    expect(past!.message).not.toMatch(/verified/)
  })

  // Found by reviewing the change above: a read by hash of a record the capsule does not hold, refused as not found by
  // an honest server, was taken for a denial of records the client knows of: the replica avoided, and the refusal
  // said the server lies. No heartbeat shows which hashes a log holds.
  it('a read by hash of a record the capsule does not hold is refused as not found, as it came', async () => {
    const o = await overlayHolding('a', 'b')
    expect((await o.client.info(o.capsule.name)).size).toBe(2)
    const missing = await o.client.read(o.capsule.name, { hash: new Uint8Array(32).fill(7) }).then(() => undefined, (err: Error) => err)
    expect(missing).toBeInstanceOf(RequestRefusedError)
    expect((missing as RequestRefusedError).reason).toBe('NOT_FOUND')
    expect(missing!.message).not.toMatch(/verified/)
    expect(o.client.counters.replicaErrors).toBe(0)
  })

  // Checked by an audit (no bug): a subscription that leaves a record out, sending the rest with their own range proof
  // (each proven in the log), ends in a typed error, not the records after the gap given out as the next ones.
  it('a subscription leaving a record out, the rest proven, fails with a typed error', async () => {
    const o = await overlayHolding('a', 'b', 'c')
    const proof = rangeProofToPb(await (await o.store.capsule(o.capsule.name)).rangeProof(1, 3))
    tamper(o.s, o.r, (pdu) => {
      const read = pdu.response?.read
      if (read?.records == null || read.records.length < 3) return pdu
      return { ...pdu, response: { ...pdu.response, read: { ...read, records: read.records.slice(1), rangeProof: proof } } }
    })
    const records = o.client.subscribe(o.capsule.name, 0)
    const skipped = await settled(records.next(), 3000)
    expect(skipped).toBeInstanceOf(UnexpectedResponseError)
    expect((skipped as Error).message).toMatch(/skipped from record 0 to 1/)
  }, 10_000)

  // Found by this survey: proveRecord kept every response to its read of one record until a final one came, and each
  // pushed the timeout back, so a server repeating the record in responses that are not final held it for good,
  // its memory growing with each.
  it('answering a read of one record with responses that are not final, again and again, fails at once', async () => {
    const o = await overlayHolding('real')
    const timers: NodeJS.Timeout[] = []
    cleanups.push(() => { for (const t of timers) clearInterval(t) })
    const send = tamper(o.s, o.r, (pdu) => {
      if (pdu.response?.read == null) return pdu
      const again = { ...pdu, response: { ...pdu.response, final: false } }
      timers.push(setInterval(() => { send(again) }, 100))
      return again
    })
    const failed = await settled(o.client.proveRecord(o.capsule.name, 0, o.capsule.signed), 4000)
    expect(failed).toBeInstanceOf(UnexpectedResponseError)
    expect((failed as Error).message).toMatch(/not final/)
  }, 10_000)

  // Found by this survey: an info whose tree edge had another number of hashes than its head's size calls for failed
  // with a RangeError from deep in the Merkle code, not an error saying the server's answer was wrong.
  it('sending a tree edge of the wrong length in an info is refused with InvalidProofError', async () => {
    const o = await overlayHolding('a', 'b', 'c')
    tamper(o.s, o.r, (pdu) => pdu.response?.info == null ? pdu : { ...pdu, response: { ...pdu.response, info: { ...pdu.response.info, frontier: [] } } })
    const failed = await o.client.info(o.capsule.name).then(() => undefined, (err: Error) => err)
    expect(failed).toBeInstanceOf(InvalidProofError)
    expect(failed!.message).toMatch(/tree edge/)
  })

  // Found by this survey: a subscription ended by a final response it had not asked for (no honest server sends one
  // but to an unsubscribe) waited for records for ever: the routers had forgotten it, and nothing came or failed.
  it('ending a subscription with a final response it did not ask for fails it, rather than leaving it waiting for good', async () => {
    const o = await overlayHolding('a')
    let last: pb.IPdu | undefined
    const send = tamper(o.s, o.r, (pdu) => { if (pdu.response?.read != null) last = pdu; return pdu })
    const records = o.client.subscribe(o.capsule.name, 0)
    expect((await records.next()).value?.header.seqno).toBe(0)
    send({ ...last!, response: { final: true, read: { records: [] } } })
    const failed = await settled(records.next(), 3000)
    expect(failed).toBeInstanceOf(UnexpectedResponseError)
    expect((failed as Error).message).toMatch(/ended the subscription/)
  }, 10_000)

  // Found by attacking the client: a subscription queued every response that came for its consumer, and one of no
  // records counted for nothing against subscriptionBufferBytes, so a server sending them while the consumer did not
  // read held the client's memory without bound (and the consumer, reading on, waited for records that never came).
  it('sending a subscription responses of no records that are not the last fails it, rather than queueing them without bound', async () => {
    const o = await overlayHolding('a')
    const send = tamper(o.s, o.r, (pdu) => {
      if (pdu.response?.read == null || pdu.response.final === true) return pdu
      queueMicrotask(() => { for (let i = 0; i < 1000; i++) send({ ...pdu, response: { final: false, read: { records: [], heartbeat: pdu.response!.read!.heartbeat } } }) })
      return pdu
    })
    const records = o.client.subscribe(o.capsule.name, 0)
    expect((await records.next()).value?.header.seqno).toBe(0)
    const failed = await settled(records.next(), 3000)
    expect(failed).toBeInstanceOf(UnexpectedResponseError)
    expect((failed as Error).message).toMatch(/response of no records that is not the last/)
  }, 10_000)

  // Found by this survey: the records a hand-off's target holds were taken as sent, a count past 2^53 (or any
  // uint64) reaching the move as an imprecise number.
  it('answering a hand-off with a count of records past 2^53 is refused as malformed', async () => {
    const o = await overlayHolding('a')
    tamper(o.s, o.r, (pdu) => pdu.nack == null ? pdu : { ...pdu, nack: null, response: { final: true, handOff: { size: 2 ** 60 } } })
    const removal = signDeletion(o.capsule.name, clock(), o.capsule.owner, o.s.f.self)
    const failed = await o.client.handOff(o.capsule.name, o.s.f.self, new Uint8Array(32).fill(9), removal).then(() => undefined, (err: Error) => err)
    expect(failed).toBeInstanceOf(MalformedMessageError)
    expect(failed!.message).toMatch(/hand-off size/)
  })

  // Found by a review: capsulesOn (a drain, `--all-from`) took every name listed before asking the first one's info,
  // so a server listing made-up names for ever (in name order, as the client checks) grew its memory for good and
  // the command never ended.
  it('listing made-up names for ever to a command over all its capsules: each is asked as it is listed, and the first made-up one ends it', async () => {
    const o = await overlayHolding('real')
    let invented = 0n
    tamper(o.s, o.r, (pdu) => {
      if (pdu.response?.list == null) return pdu
      // After the real capsule (a name starting with 0xff x 24 is as good as never real), names no server holds.
      const names = Array.from({ length: 100 }, () => { const name = Buffer.alloc(32, 0xff); name.writeBigUInt64BE(invented++, 24); return name })
      const capsules = [...pdu.response.list.capsules ?? [], ...names.map((name) => ({ name, size: 0 }))]
      return { ...pdu, response: { ...pdu.response, list: { ...pdu.response.list, capsules, more: true } } }
    })
    const asked: Uint8Array[] = []
    const listed = capsulesOn(o.client, o.s.f.self, (info) => { asked.push(info.metadata.metadata.owner.key); return true })
    const failed = await settled(listed, 3000)
    expect(failed).toBeInstanceOf(RequestRefusedError)
    expect((failed as RequestRefusedError).reason).toBe('NOT_FOUND')
    expect(asked).toEqual([o.capsule.owner.publicKey])
  }, 10_000)

  // Found by an audit: the listing had no bound but the server's, so a server that creates capsules as it lists them,
  // one after each it lists (its own, or for an owner who keeps creating), kept `--all-from` listing for ever.
  it('creating a capsule after each it lists: a command over all its capsules stops at maxListed and says after which; exactly maxListed is not cut', async () => {
    // One a page, so that each page is asked after the capsules before it were looked at.
    const o = await servedCapsule((undo) => cleanups.push(undo), { service: { maxCapsulesPerList: 1 } })
    const owner = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    let createdAtUs = 1_700_000_000_000_000
    /** A capsule the server holds from now on whose name comes after `name` (bounded: past 64 listed, one in 2^64 would). */
    const createAfter = async (name: Uint8Array): Promise<void> => {
      for (let tries = 0; tries < 100_000; tries++) {
        const metadata = newMetadata({ owner: owner.publicKey, writer: owner.publicKey, createdAtUs: createdAtUs++, nonce: new Uint8Array(16) })
        if (compareBytes(capsuleName(metadata), name) <= 0) continue
        await o.client.create(signMetadata(metadata, owner), o.s.f.self)
        return
      }
      throw new Error('no name found after the one listed (the test went on too long)')
    }
    // Two after each, so that each page says another follows (it says so for what the server holds as it answers).
    const twoAfter = async (name: Uint8Array): Promise<void> => { for (let i = 0; i < 2; i++) await createAfter(name) }
    await twoAfter(o.capsule.name)
    const info = o.client.info.bind(o.client)
    let adding = true
    o.client.info = async (name, options) => {
      if (adding) await twoAfter(name)
      return await info(name, options)
    }
    const all = (): boolean => true
    let listed: Awaited<ReturnType<typeof capsulesOn>> | undefined
    const cut = await settled(capsulesOn(o.client, o.s.f.self, all, { maxListed: 4 }).then((r) => { listed = r }), 10_000)
    expect(cut).toBeUndefined()
    expect(listed!.selected).toHaveLength(4)
    expect(Buffer.from(listed!.cutAfter!)).toEqual(Buffer.from(listed!.selected[3]!))
    // The server stops adding: it holds 11 capsules then (the first, two after it before the listing, two after each of the 4 looked at).
    adding = false
    expect(o.service.hostedCount).toBe(11)
    const at = await capsulesOn(o.client, o.s.f.self, all, { maxListed: 11 })
    expect([at.selected.length, at.cutAfter]).toEqual([11, undefined])
    const past = await capsulesOn(o.client, o.s.f.self, all, { maxListed: 10 })
    expect([past.selected.length, Buffer.from(past.cutAfter!)]).toEqual([10, Buffer.from(at.selected[9]!)])
    await expect(capsulesOn(o.client, o.s.f.self, all, { maxListed: 0 })).rejects.toThrow(InvalidArgumentError)
  }, 20_000)

  it('a command over all a server\'s capsules names the first `named` of those it does not select, and counts them all', async () => {
    const o = await servedCapsule((undo) => cleanups.push(undo))
    const mine = testCapsule()
    const other = testCapsule()
    for (const t of [mine, other]) await o.client.create(t.signed, o.s.f.self)
    const select = (info: { metadata: { metadata: { owner: { key: Uint8Array } } } }): boolean => Buffer.from(info.metadata.metadata.owner.key).equals(mine.owner.publicKey)
    const inOrder = (names: Uint8Array[]): Buffer[] => names.map((n) => Buffer.from(n)).sort(Buffer.compare)
    // At the limit: every other one named.
    const at = await capsulesOn(o.client, o.s.f.self, select, { named: 2 })
    expect(at.selected.map((n) => Buffer.from(n))).toEqual([Buffer.from(mine.name)])
    expect(at.others).toEqual({ named: inOrder([o.capsule.name, other.name]), count: 2 })
    // Past it: the first two, in name order, and the count of all three.
    const third = testCapsule()
    await o.client.create(third.signed, o.s.f.self)
    const past = await capsulesOn(o.client, o.s.f.self, select, { named: 2 })
    expect(past.others.count).toBe(3)
    expect(past.others.named.map((n) => Buffer.from(n))).toEqual(inOrder([o.capsule.name, other.name, third.name]).slice(0, 2))
  })
})
