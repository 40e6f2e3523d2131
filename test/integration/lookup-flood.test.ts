// Peers that speak the lookup DHT's protocol, against a lookup router.
//
// One floods it with valid records (capsules of its own, 60 KB each: anyone
// can make them). The router stores at most `lookup_store_bytes` of them and
// refuses the rest; before the bound it stored every one (1.9 MB of 1.9 MB
// here, and without end for a flood that goes on). The flood is charged to
// the attacker's address: a put of another holder (the router's own) takes
// its room.
//
// Another puts a server record it read back with addresses of its own that
// end in the router's peer id: the router signs its addresses, so the record
// is refused and the router keeps its own. Before, the router took it (an
// equal rank replaces) and every lookup of that server dialled nowhere.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { kadDHT, passthroughMapper, type KadDHT } from '@libp2p/kad-dht'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p, type Libp2p } from 'libp2p'
import { afterAll, describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { capsuleName, newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { ADMIN_TOKEN_FILE, DEFAULT_CONFIG } from '../../src/node/config.js'
import { GdpNode, routerKeyOfAddress } from '../../src/node/node.js'
import { adminServer } from '../../src/admin/server.js'
import { signAdCert } from '../../src/routing/certificates.js'
import type { DhtStoreCounters } from '../../src/routing/dht-records.js'
import { encodeLookupRecord, LOOKUP_NAMESPACE, lookupKey, lookupRecordSelector, lookupRecordValidator } from '../../src/routing/lookup.js'
import { pb } from '../../src/wire/index.js'
import { tempDir, waitFor } from '../helpers.js'

const dir = tempDir('gdp-lookup-flood-')
const stops: Array<() => Promise<void>> = []
afterAll(async () => {
  for (const stop of stops.reverse()) await stop().catch(() => {})
  dir.cleanup()
})

const clock = (): number => Date.now() * 1000
const STORE_BYTES = 1024 * 1024

/** A libp2p peer on the lookup DHT of routers without a membership, judging records with `validate`; a DHT server unless `clientMode`. */
async function dhtPeer (validate: (key: Uint8Array, value: Uint8Array) => Promise<void>, clientMode: boolean): Promise<Libp2p<{ dht: KadDHT }>> {
  const peer: Libp2p<{ dht: KadDHT }> = await createLibp2p({
    addresses: { listen: clientMode ? [] : ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: {
      identify: identify(),
      ping: ping(),
      dht: kadDHT({ protocol: '/gdp/kad/1.0.0', clientMode, peerInfoMapper: passthroughMapper, validators: { [LOOKUP_NAMESPACE]: validate }, selectors: { [LOOKUP_NAMESPACE]: lookupRecordSelector } })
    }
  })
  stops.push(async () => { await peer.stop() })
  return peer
}

/** A valid capsule record of about `bytes` bytes, for a capsule of a fresh owner of the attacker's. */
function floodRecord (bytes: number, server: Uint8Array): { key: Uint8Array, value: Uint8Array } {
  const owner = new Ed25519Signer(generateEd25519KeyPair().secretKey)
  const metadata = newMetadata({ owner: owner.publicKey, writer: owner.publicKey, createdAtUs: clock(), nonce: crypto.getRandomValues(new Uint8Array(16)), appFields: [{ key: 'pad', value: crypto.getRandomValues(new Uint8Array(bytes)) }] })
  const name = capsuleName(metadata)
  const adCert = signAdCert({ capsule: name, server, notBeforeUs: clock() - 1e6, notAfterUs: clock() + 3600e6 }, owner)
  return { key: lookupKey(name), value: encodeLookupRecord({ capsule: { metadata: signMetadata(metadata, owner), adCert } }) }
}

describe('the lookup DHT under a flood of valid records', () => {
  it('stores at most lookup_store_bytes of them and refuses the rest', async () => {
    const router = await GdpNode.create({ ...DEFAULT_CONFIG, role: 'router', data: join(dir.path, 'router'), listen: ['/ip4/127.0.0.1/tcp/0'], lookup: true, lookupPrivateAddresses: true, lookupStoreBytes: STORE_BYTES, admin: { ...DEFAULT_CONFIG.admin, enabled: true, port: 0 } }, { admin: adminServer })
    await router.start()
    stops.push(async () => { await router.stop() })
    const attacker = await dhtPeer(lookupRecordValidator(clock, () => undefined), true)
    await attacker.dial(multiaddr(router.multiaddrs()[0]!))
    // Two records to begin with, then the flood: 30 of about 60 KB, 1.8 MB in all against the router's 1 MiB.
    let sent = 0
    for (let i = 0; i < 32; i++) {
      const { key, value } = floodRecord(60_000, router.name)
      try {
        for await (const event of attacker.services.dht.put(key, value, { signal: AbortSignal.timeout(5000) })) void event
      } catch {}
      sent += value.length
    }
    const stored = (): DhtStoreCounters => (router.stats().lookup as { stored: DhtStoreCounters }).stored
    expect(sent).toBeGreaterThan(1.8 * STORE_BYTES)
    expect(stored().bytes).toBeLessThanOrEqual(STORE_BYTES)
    expect(stored().bytes).toBeGreaterThan(STORE_BYTES - 70_000)
    expect(stored().entries).toBeGreaterThanOrEqual(15)
    expect(stored().refused).toBeGreaterThanOrEqual(14)
    // What an operator's monitoring sees.
    const token = readFileSync(join(router.config.data, ADMIN_TOKEN_FILE), 'utf8').trim()
    const metrics = await (await fetch(`${router.admin!.url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text()
    const value = (name: string): number => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+)$`, 'm').exec(metrics)?.[1] ?? NaN)
    expect(value('gdp_lookup_store_bytes')).toBe(stored().bytes)
    expect(value('gdp_lookup_store_entries')).toBe(stored().entries)
    expect(value('gdp_lookup_store_refused_total')).toBe(stored().refused)
    // The router's own record takes room from the attacker's (it was refused while the attacker's filled the store).
    const own = floodRecord(60_000, router.name)
    try {
      // Stored here first; then kad-dht looks for other DHT servers to put it at, and finds none (the attacker is a client).
      for await (const event of router.libp2p.services.dht!.put(own.key, own.value, { signal: AbortSignal.timeout(2000) })) void event
    } catch {}
    expect(stored()).toMatchObject({ evicted: 1, holders: 2 })
    expect(stored().bytes).toBeLessThanOrEqual(STORE_BYTES)
  }, 60_000)
})

describe('a server record put back by a peer with addresses of its own', () => {
  it('is refused: the router signs the addresses in its records, and keeps its own', async () => {
    const router = await GdpNode.create({ ...DEFAULT_CONFIG, role: 'router', data: join(dir.path, 'swap-router'), listen: ['/ip4/127.0.0.1/tcp/0'], lookup: true, lookupPrivateAddresses: true })
    await router.start()
    stops.push(async () => { await router.stop() })
    // A DHT server that takes anything, so that the router publishes (with no DHT peer it puts nothing).
    const attacker = await dhtPeer(async () => {}, false)
    await attacker.dial(multiaddr(router.multiaddrs()[0]!))
    const server = await GdpNode.create({ ...DEFAULT_CONFIG, role: 'server', data: join(dir.path, 'swap-server'), listen: [], upstream: router.multiaddrs()[0]! })
    await server.start()
    stops.push(async () => { await server.stop() })
    const key = lookupKey(server.name)
    // What a peer that checks records, as every router does, gets from the router for the server.
    const reader = await dhtPeer(lookupRecordValidator(clock, routerKeyOfAddress), true)
    await reader.dial(multiaddr(router.multiaddrs()[0]!))
    const routersRecord = async (): Promise<Uint8Array | undefined> => {
      try {
        for await (const event of reader.services.dht.get(key, { signal: AbortSignal.timeout(3000) })) if (event.name === 'VALUE') return event.value
      } catch {}
      return undefined
    }
    const published = await waitFor(routersRecord, { timeoutMs: 20_000, intervalMs: 200, what: 'the router to publish its server record' })
    const record = pb.LookupRecord.decode(published)
    expect(record.routerAddresses.every((a) => a.endsWith(`/p2p/${router.libp2p.peerId.toString()}`))).toBe(true)
    // The attacker puts it back with an address of its own, ending in the router's peer id: a dial there fails Noise.
    const swapped = pb.LookupRecord.encode({ ...record, routerAddresses: [`/ip4/127.0.0.1/tcp/9/p2p/${router.libp2p.peerId.toString()}`] }).finish()
    try {
      for await (const event of attacker.services.dht.put(key, swapped, { signal: AbortSignal.timeout(5000) })) void event
    } catch {}
    expect(pb.LookupRecord.decode((await routersRecord())!).routerAddresses).toEqual(record.routerAddresses)
  }, 60_000)
})
