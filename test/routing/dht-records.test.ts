// The records a lookup router stores as a DHT node, carried when it moves
// (src/routing/dht-records.ts): exported in key order up to a byte limit
// (tested at and past it, the default's too), imported whole or not at all;
// a replayed older record does not replace the newer one held; a full store's
// room is shared fairly by the senders whose puts fill it.
import { Libp2pRecord } from '@libp2p/record'
import { Key } from 'interface-datastore'
import { describe, expect, it } from 'vitest'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { DhtRecordSupersededError, DhtStoreFullError, IncompatibleDependencyError, MalformedMessageError } from '../../src/errors.js'
import { signAdCert } from '../../src/routing/certificates.js'
import { chargePutsToSenders, DHT_DATASTORE_PREFIX, DhtRecordStore, MAX_CARRIED_DHT_BYTES, MAX_EVICTIONS_PER_PUT } from '../../src/routing/dht-records.js'
import { encodeLookupRecord, keepNewerLookupRecord, lookupKey, lookupRecordValidator } from '../../src/routing/lookup.js'
import { nodeName } from '../../src/routing/signing.js'
import { testCapsule } from '../helpers.js'

const recordKey = (i: number): string => `${DHT_DATASTORE_PREFIX}/record/${i.toString().padStart(6, '0')}`

async function storeWith (sizes: number[]): Promise<DhtRecordStore> {
  const store = new DhtRecordStore({ maxBytes: 256 * 1024 ** 2 })
  for (const [i, size] of sizes.entries()) await store.datastore.put(new Key(recordKey(i)), new Uint8Array(size).fill(i % 251))
  // Not a record of the DHT: never carried.
  await store.datastore.put(new Key('/peers/someone'), new Uint8Array(10))
  return store
}

describe('DhtRecordStore', () => {
  it('carries every stored record to another store, in key order, byte for byte', async () => {
    const from = await storeWith([600, 700, 65_000])
    const { records, bytes, left } = await from.export()
    expect(records.map((r) => r.key)).toEqual([0, 1, 2].map(recordKey))
    expect([bytes, left]).toEqual([66_300, 0])
    const to = new DhtRecordStore({ maxBytes: 256 * 1024 ** 2 })
    expect(await to.import(records)).toBe(3)
    for (const [i, size] of [600, 700, 65_000].entries()) expect(await to.datastore.get(new Key(recordKey(i)))).toEqual(new Uint8Array(size).fill(i))
    expect(await to.datastore.has(new Key('/peers/someone'))).toBe(false)
  })

  it('carries records up to the byte limit and counts those left behind', async () => {
    const store = await storeWith([100, 200, 300])
    expect(await store.export(600)).toMatchObject({ bytes: 600, left: 0 })
    const past = await store.export(599)
    expect(past).toMatchObject({ bytes: 300, left: 1 })
    expect(past.records.map((r) => r.key)).toEqual([recordKey(0), recordKey(1)])
  })

  it('by default carries 32 MiB of records, and leaves the next one behind', async () => {
    const store = await storeWith(Array.from({ length: MAX_CARRIED_DHT_BYTES / 65_536 }, () => 65_536))
    expect(await store.export()).toMatchObject({ bytes: MAX_CARRIED_DHT_BYTES, left: 0 })
    await store.datastore.put(new Key(recordKey(999_999)), new Uint8Array(1))
    const past = await store.export()
    expect([past.bytes, past.left, past.records.length]).toEqual([MAX_CARRIED_DHT_BYTES, 1, 512])
  })

  it('stores at most its limit of bytes under the DHT\'s prefix, keys included; a replacement counts its difference, a delete frees its bytes', async () => {
    const key = (i: number): Key => new Key(recordKey(i))
    const size = recordKey(0).length + 1000
    const store = new DhtRecordStore({ maxBytes: 3 * size })
    for (let i = 0; i < 3; i++) await store.datastore.put(key(i), new Uint8Array(1000))
    expect(store.counters).toEqual({ entries: 3, bytes: 3 * size, refused: 0, evicted: 0, holders: 1, superseded: 0 })
    expect(() => store.datastore.put(key(3), new Uint8Array(1))).toThrow(DhtStoreFullError)
    expect(() => store.datastore.put(key(0), new Uint8Array(1001))).toThrow(/holds 3\d+ of its 3\d+ bytes/)
    expect(store.counters).toMatchObject({ entries: 3, refused: 2 })
    expect(await store.datastore.has(key(3))).toBe(false)
    // Smaller in place of larger, then room for one more of that difference.
    await store.datastore.put(key(0), new Uint8Array(500))
    await store.datastore.put(key(3), new Uint8Array(500 - recordKey(3).length))
    expect(store.counters).toMatchObject({ entries: 4, bytes: 3 * size })
    await store.datastore.delete(key(1))
    expect(store.counters).toMatchObject({ entries: 3, bytes: 2 * size })
    // Other keys of the node (its peer store) are not counted or bounded.
    await store.datastore.put(new Key('/peers/x'), new Uint8Array(10 * size))
    expect(store.counters).toMatchObject({ entries: 3, bytes: 2 * size })
    // Provider entries are under the prefix too.
    await store.datastore.put(new Key(`${DHT_DATASTORE_PREFIX}/provider/x`), new Uint8Array(10))
    expect(store.counters.entries).toBe(4)
  })

  it('imports what fits in its limit and says how many', async () => {
    const from = await storeWith([1000, 1000, 1000])
    const { records } = await from.export()
    const small = new DhtRecordStore({ maxBytes: 2 * (recordKey(0).length + 1000) })
    expect(await small.import(records)).toBe(2)
    expect(small.counters).toMatchObject({ entries: 2, refused: 1 })
  })

  it('refuses a key outside the DHT\'s records, an empty record and one larger than any record, storing none', async () => {
    const good = { key: recordKey(1), value: new Uint8Array(10) }
    const refused = [
      [{ key: '/peers/x', value: new Uint8Array(10) }, /not under \/dht\/record\//],
      [{ key: `${DHT_DATASTORE_PREFIX}/record/`, value: new Uint8Array(10) }, /not under/],
      [{ key: recordKey(2), value: new Uint8Array(0) }, /0 bytes/],
      [{ key: recordKey(2), value: new Uint8Array(65_536 + 1025) }, /66561 bytes \(1 to 66560\)/]
    ] as const
    for (const [bad, reason] of refused) {
      const store = new DhtRecordStore({ maxBytes: 256 * 1024 ** 2 })
      await expect(store.import([good, bad])).rejects.toThrow(MalformedMessageError)
      await expect(store.import([good, bad])).rejects.toThrow(reason)
      expect(await store.datastore.has(new Key(recordKey(1)))).toBe(false)
    }
    expect(await new DhtRecordStore({ maxBytes: 256 * 1024 ** 2 }).import([good, { key: recordKey(2), value: new Uint8Array(65_536 + 1024) }])).toBe(2)
  })
})

describe('a full store shared by the senders that fill it', () => {
  const size = recordKey(0).length + 1000
  /** A store of `entries` records of 1,000 bytes, and a kad-dht whose messages each put one record there, charged to their sender. */
  function dhtOver (entries: number): { store: DhtRecordStore, put: (sender: string, i: number) => Promise<unknown> } {
    const store = new DhtRecordStore({ maxBytes: entries * size })
    const rpc = {
      // As kad-dht's PUT_VALUE handler: it verifies first (an await), then stores.
      handleMessage: async (_peer: unknown, message: { i: number }) => {
        await new Promise((resolve) => setImmediate(resolve))
        await store.datastore.put(new Key(recordKey(message.i)), new Uint8Array(1000))
      }
    }
    chargePutsToSenders({ rpc }, (peer) => String(peer))
    return { store, put: async (sender, i) => await rpc.handleMessage(sender, { i }) }
  }
  const has = async (store: DhtRecordStore, i: number): Promise<boolean> => await store.datastore.has(new Key(recordKey(i)))

  it('a sender that filled it gives way to others, oldest entries first, until each holds as much: then the next put is refused', async () => {
    // Before, the store refused every put once one sender had filled it, until that sender's records ended.
    const { store, put } = dhtOver(4)
    for (let i = 0; i < 4; i++) await put('flooder', i)
    await expect(put('flooder', 4)).rejects.toThrow(DhtStoreFullError)
    await put('honest', 10)
    await put('honest', 11)
    expect([await has(store, 0), await has(store, 1), await has(store, 2), await has(store, 3)]).toEqual([false, false, true, true])
    expect(store.counters).toMatchObject({ entries: 4, evicted: 2, holders: 2, refused: 1 })
    // Two each: neither takes the other's room now.
    await expect(put('honest', 12)).rejects.toThrow(/and the sender's 2\d+ as much as any other holder's/)
    await expect(put('flooder', 5)).rejects.toThrow(DhtStoreFullError)
    // A third sender takes room from whoever holds the most.
    await put('third', 20)
    expect(store.counters).toMatchObject({ entries: 4, evicted: 3, holders: 3 })
    expect(await has(store, 2)).toBe(false)
  })

  it('charges what the router puts itself (its own records, what a move carried) to itself, a holder like any other', async () => {
    const { store, put } = dhtOver(3)
    for (let i = 0; i < 3; i++) await put('flooder', i)
    await store.datastore.put(new Key(recordKey(100)), new Uint8Array(1000))
    expect(store.counters).toMatchObject({ entries: 3, evicted: 1, holders: 2 })
    expect(await has(store, 0)).toBe(false)
  })

  it('drops at most MAX_EVICTIONS_PER_PUT entries for one put: a put that needs that many is taken, one that needs one more is refused and drops none', async () => {
    const small = recordKey(0).length + 1
    const store = new DhtRecordStore({ maxBytes: 2 * MAX_EVICTIONS_PER_PUT * small })
    const rpc = { handleMessage: async (_peer: unknown, m: { i: number, bytes: number }) => { await store.datastore.put(new Key(recordKey(m.i)), new Uint8Array(m.bytes)) } }
    chargePutsToSenders({ rpc }, (peer) => String(peer))
    for (let i = 0; i < 2 * MAX_EVICTIONS_PER_PUT; i++) await rpc.handleMessage('flooder', { i, bytes: 1 })
    // Room for one more small entry's worth takes one eviction each: a put of MAX_EVICTIONS_PER_PUT + 1 of them needs one too many.
    await expect(rpc.handleMessage('honest', { i: 900_000, bytes: (MAX_EVICTIONS_PER_PUT + 1) * small - recordKey(0).length })).rejects.toThrow(DhtStoreFullError)
    // Refused, it dropped nothing.
    expect(store.counters).toMatchObject({ evicted: 0, entries: 2 * MAX_EVICTIONS_PER_PUT })
    await rpc.handleMessage('honest', { i: 900_001, bytes: MAX_EVICTIONS_PER_PUT * small - recordKey(0).length })
    expect(store.counters).toMatchObject({ holders: 2, evicted: MAX_EVICTIONS_PER_PUT, bytes: 2 * MAX_EVICTIONS_PER_PUT * small })
  })

  it('refuses a kad-dht whose RPC it cannot wrap, naming the dependency', () => {
    expect(() => { chargePutsToSenders({}, String) }).toThrow(IncompatibleDependencyError)
  })
})

describe('a record put over one the store holds (a replayed older record)', () => {
  const NOW = 1_800_000_000_000_000
  const server = nodeName(new Ed25519Signer(generateEd25519KeyPair().secretKey).publicKey)
  const t = testCapsule()
  const key = lookupKey(t.name)
  const dhtKey = new Key(`${DHT_DATASTORE_PREFIX}/record/${Buffer.from(key).toString('hex')}`)
  /** The capsule's record under an AdCert from `notBeforeUs`, for `periodUs`, wrapped as kad-dht stores it. */
  const stored = (notBeforeUs: number, periodUs = 2e9): Uint8Array => new Libp2pRecord(key, encodeLookupRecord({ capsule: { metadata: t.signed, adCert: signAdCert({ capsule: t.name, server, notBeforeUs, notAfterUs: notBeforeUs + periodUs }, t.owner) } }), new Date()).serialize()
  const held = async (store: DhtRecordStore): Promise<Uint8Array> => Libp2pRecord.deserialize(await store.datastore.get(dhtKey)).value

  it('keeps the newer delegation it holds: the older one is refused, counted, and the newer stays', async () => {
    let clockUs = NOW
    const store = new DhtRecordStore({ maxBytes: 1024 ** 2, keepHeld: keepNewerLookupRecord(lookupRecordValidator(() => clockUs, () => undefined)) })
    const older = stored(NOW - 2e9, 3e9)
    const newer = stored(NOW - 1e9)
    await store.datastore.put(dhtKey, older)
    await store.datastore.put(dhtKey, newer) // a renewal replaces it
    await expect(store.datastore.put(dhtKey, older)).rejects.toBeInstanceOf(DhtRecordSupersededError)
    expect(await held(store)).toEqual(Libp2pRecord.deserialize(newer).value)
    expect(store.counters).toMatchObject({ entries: 1, superseded: 1 })
    // The same record again is taken (kad-dht puts the best one it found back where it was missing).
    await store.datastore.put(dhtKey, newer)
    // Once the newer one has ended it is no longer kept: a record still valid replaces it.
    clockUs = NOW + 1.5e9
    const later = stored(NOW - 3e9, 5e9)
    await store.datastore.put(dhtKey, later)
    expect(await held(store)).toEqual(Libp2pRecord.deserialize(later).value)
  })

  it('without a selector, a store replaces what it holds (as kad-dht alone does)', async () => {
    const store = new DhtRecordStore({ maxBytes: 1024 ** 2 })
    await store.datastore.put(dhtKey, stored(NOW - 1e9))
    await store.datastore.put(dhtKey, stored(NOW - 2e9))
    expect(store.counters.superseded).toBe(0)
  })
})
