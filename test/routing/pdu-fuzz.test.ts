// Whatever bytes a neighbour sends: the forwarder and the capsule service
// answer with a NACK or nothing, never throw, and never corrupt the store.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Forwarder, type Link, type LocalService } from '../../src/routing/forwarder.js'
import { RouteTable } from '../../src/routing/route-table.js'
import { CapsuleService } from '../../src/server/capsule-service.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { CapsuleWriter } from '../../src/capsule/writer.js'
import { Ed25519Signer } from '../../src/crypto/ed25519.js'
import { pb } from '../../src/wire/index.js'
import { payload, tempDir, testCapsule, waitFor } from '../helpers.js'

const dir = tempDir()
let store: CapsuleStore
let service: CapsuleService
const t = testCapsule()

beforeAll(async () => {
  store = await CapsuleStore.open({ path: dir.path })
  const capsule = await store.create(t.signed)
  const w = new CapsuleWriter(t.name, t.signed.metadata, t.writer, capsule.writerState)
  await capsule.append(w.append([payload('a'), payload('b')], 1))
  service = new CapsuleService({}, { store, signer: new Ed25519Signer(new Uint8Array(32).fill(8)), clock: () => Date.now() * 1000 })
  await service.start()
})
afterAll(async () => { await store.close(); dir.cleanup() })

const sent: pb.IPdu[] = []
const neighbour: Link = { peer: new Uint8Array(32).fill(5), cost: 1, send: (pdu) => { sent.push(pdu) } }

type Answer = Parameters<LocalService['handle']>[1] extends (body: infer B) => void ? B : never

/** Whether `request` is one the service answers only once there is something to send: a subscription from past the end. */
const waitsForRecords = (request: pb.IRequest, size: number): boolean => request.subscribe != null && Number(request.subscribe.fromSeqno ?? 0) >= size

/**
 * The service as the forwarder's local service, counting the requests it
 * was handed that have had no final answer yet (a subscription's answers
 * are never final: not counted).
 */
function counted (): { local: LocalService, unanswered: () => number } {
  let unanswered = 0
  const local: LocalService = {
    serves: (name) => service.serves(name),
    handle: (pdu, reply, flow) => {
      if (pdu.request?.subscribe != null) { service.handle(pdu, reply, flow); return }
      unanswered++
      let answered = false
      service.handle(pdu, (body) => {
        if (!answered && ('nack' in body || body.response.final === true)) { answered = true; unanswered-- }
        reply(body)
      }, flow)
    },
    cancel: (nonce) => { service.cancel(nonce) }
  }
  return { local, unanswered: () => unanswered }
}

describe('PDU handling under arbitrary input', () => {
  it('the forwarder never throws and answers only with NACKs or replies from the service', async () => {
    const { local, unanswered } = counted()
    const f = new Forwarder({ self: new Uint8Array(32).fill(6) }, { table: new RouteTable(), clock: () => Date.now() * 1000, local })
    f.addLink(neighbour)
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.boolean(), async (bytes, aimAtCapsule) => {
      let pdu: pb.Pdu
      try { pdu = pb.Pdu.decode(bytes) } catch { return } // the transport counts these and drops them
      if (aimAtCapsule) { pdu.destination = t.name; pdu.version = 1; pdu.source = new Uint8Array(32); pdu.nonce = new Uint8Array(16).map(() => Math.random() * 256) }
      expect(() => { f.receive(pdu, neighbour) }).not.toThrow()
    }), { numRuns: 400 })
    await waitFor(() => unanswered() === 0, { timeoutMs: 5000, what: 'the service to answer every request the forwarder handed it' })
    for (const p of sent) expect(p.nack != null || p.response != null).toBe(true)
  })

  it('the service answers arbitrary requests with a response or a NACK, and the store stays valid', async () => {
    const size = (await store.capsule(t.name)).size
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
      let request: pb.Request
      try { request = pb.Request.decode(bytes) } catch { return }
      const reply = new Promise<Answer>((resolve) => {
        service.handle({ version: 1, destination: t.name, source: new Uint8Array(32), ttl: 3, nonce: new Uint8Array(16), request }, resolve)
      })
      if (waitsForRecords(request, size)) {
        // Right: no answer, since nothing is appended. A negative check, so this sleep is the check's window, not a wait.
        const nothing = new Promise<'nothing'>((resolve) => { setTimeout(() => { resolve('nothing') }, 200) })
        expect(await Promise.race([reply, nothing])).toBe('nothing')
      } else {
        // Right: an answer (a response or a NACK), whatever the request.
        expect(typeof await waitFor(reply, { timeoutMs: 5000, what: `the service's answer to the request decoded from ${Buffer.from(bytes).toString('hex')}` })).toBe('object')
      }
    }), { numRuns: 300 })
    const capsule = await store.capsule(t.name)
    expect((await capsule.verifyAll()).records).toBe(capsule.size)
  })
})
