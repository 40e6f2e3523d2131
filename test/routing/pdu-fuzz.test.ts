// Whatever bytes a neighbour sends: the forwarder and the capsule service
// answer with a NACK or nothing, never throw, and never corrupt the store.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Forwarder, type Link } from '../../src/routing/forwarder.js'
import { RouteTable } from '../../src/routing/route-table.js'
import { CapsuleService } from '../../src/server/capsule-service.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { CapsuleWriter } from '../../src/capsule/writer.js'
import { Ed25519Signer } from '../../src/crypto/ed25519.js'
import { pb } from '../../src/wire/index.js'
import { payload, tempDir, testCapsule } from '../helpers.js'

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

describe('PDU handling under arbitrary input', () => {
  it('the forwarder never throws and answers only with NACKs or replies from the service', async () => {
    const f = new Forwarder({ self: new Uint8Array(32).fill(6) }, { table: new RouteTable(), clock: () => Date.now() * 1000, local: service })
    f.addLink(neighbour)
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.boolean(), async (bytes, aimAtCapsule) => {
      let pdu: pb.Pdu
      try { pdu = pb.Pdu.decode(bytes) } catch { return } // the transport counts these and drops them
      if (aimAtCapsule) { pdu.destination = t.name; pdu.version = 1; pdu.source = new Uint8Array(32); pdu.nonce = new Uint8Array(16).map(() => Math.random() * 256) }
      expect(() => { f.receive(pdu, neighbour) }).not.toThrow()
    }), { numRuns: 400 })
    await new Promise((resolve) => setTimeout(resolve, 50))
    for (const p of sent) expect(p.nack != null || p.response != null).toBe(true)
  })

  it('the service answers arbitrary requests with a response or a NACK, and the store stays valid', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
      let request: pb.Request
      try { request = pb.Request.decode(bytes) } catch { return }
      const reply = await new Promise<unknown>((resolve) => {
        service.handle({ version: 1, destination: t.name, source: new Uint8Array(32), ttl: 3, nonce: new Uint8Array(16), request }, resolve)
        setTimeout(() => { resolve('no reply') }, 200) // subscriptions answer only when there is something to send
      })
      expect(reply === 'no reply' || typeof reply === 'object').toBe(true)
    }), { numRuns: 300 })
    const capsule = await store.capsule(t.name)
    expect((await capsule.verifyAll()).records).toBe(capsule.size)
  })
})
