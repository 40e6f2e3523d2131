/**
 * Routes for servers with many capsules: router memory per route and router
 * CPU per create, for the advertisement updates of docs/routing.md section 4
 * against the full-state advertisements they replaced, measured in the same
 * run. The baseline table is the one this project used before (a Route
 * object with three byte arrays per capsule, keyed by the base64url name);
 * the baseline per create is what full state cost a router: every capsule's
 * AdCert checked again on every create. Also what an AdCert of an owner key
 * the router has not seen costs, with the key checked by libsodium against
 * @noble/curves (what checked it before).
 *
 *   npm run bench:routes                      (GDP_BENCH_QUICK=1: 100,000 routes only)
 */
import { formatName } from '../src/capsule/name.js'
import { capsuleName, newMetadata, signMetadata } from '../src/capsule/metadata.js'
import { Ed25519Signer, generateEd25519KeyPair, isValidEd25519PublicKey } from '../src/crypto/ed25519.js'
import { hasOrderL } from '../src/crypto/ed25519-rule.js'
import { sodium } from '../src/crypto/sodium.js'
import {
  EMPTY_SET_DIGEST, signAdCert, signAdvertisement, toggleSetDigest, verifyAdvertisement,
  type AdvertisedCapsule, type SignedAdvertisement
} from '../src/routing/certificates.js'
import { AdvertisementProcessor, RouteTable, type Route } from '../src/routing/route-table.js'
import { nodeName } from '../src/routing/signing.js'

const QUICK = process.env.GDP_BENCH_QUICK === '1'
const log = (msg: string): void => { process.stderr.write(`[routes] ${msg}\n`) }
const NOW = Date.now() * 1000
const HOUR = 3_600_000_000

const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined) throw new Error('run with node --expose-gc (npm run bench:routes does)')

function heapAfterGc (): number {
  for (let i = 0; i < 3; i++) gc!()
  return process.memoryUsage().heapUsed
}

function randomName (): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(32))
}

/** The route table before advertisement updates: one Route object per capsule, owning copies of its names as decoded. */
function baselineTable (names: Uint8Array[], server: Uint8Array): Map<string, Route[]> {
  const table = new Map<string, Route[]>()
  for (const capsule of names) table.set(formatName(capsule), [{ capsule: new Uint8Array(capsule), server: new Uint8Array(server), nextHop: new Uint8Array(server), cost: 1, expiresAtUs: NOW + HOUR }])
  return table
}

function oursTable (names: Uint8Array[], server: Uint8Array): RouteTable {
  const table = new RouteTable()
  const set = table.serverSet(server, server, 1, NOW + HOUR, 'attached')
  for (const capsule of names) table.addMember(set, capsule, NOW + HOUR)
  return table
}

/** Heap the table holds per route: the names themselves (which arrive in the advertisements) stay alive throughout and are not counted. */
function bytesPerRoute (names: Uint8Array[], build: (names: Uint8Array[]) => unknown): number {
  const before = heapAfterGc()
  let table: unknown = build(names)
  const after = heapAfterGc()
  if (table === undefined) throw new Error('unreachable')
  table = undefined
  return (after - before) / names.length
}

interface Owned { entry: AdvertisedCapsule }

function delegated (count: number, server: Uint8Array, owner: Ed25519Signer): Owned[] {
  const out: Owned[] = []
  for (let i = 0; i < count; i++) {
    const metadata = newMetadata({ owner: owner.publicKey, writer: owner.publicKey, createdAtUs: NOW, nonce: randomName().subarray(0, 16) })
    const name = capsuleName(metadata)
    out.push({ entry: { metadata: signMetadata(metadata, owner), adCert: signAdCert({ capsule: name, server, notBeforeUs: NOW - HOUR, notAfterUs: NOW + HOUR }, owner) } })
  }
  return out
}

function update (serverKey: Ed25519Signer, router: Uint8Array, sequence: number, added: AdvertisedCapsule[], setNames: Uint8Array[]): SignedAdvertisement {
  const digest = new Uint8Array(EMPTY_SET_DIGEST)
  for (const n of setNames) toggleSetDigest(digest, n)
  return signAdvertisement({ serverKey: serverKey.publicKey, router, sequence, issuedAtUs: NOW, expiresAtUs: NOW + HOUR, cost: 0, added, withdrawn: [], set: { count: setNames.length, digest } }, serverKey)
}

function ms (fn: () => void, repeat = 1): number {
  const t = performance.now()
  for (let i = 0; i < repeat; i++) fn()
  return (performance.now() - t) / repeat
}

const rows: string[][] = []

for (const n of QUICK ? [100_000] : [100_000, 1_000_000]) {
  const server = randomName()
  log(`memory of ${n} routes`)
  const names = Array.from({ length: n }, randomName)
  const baseline = bytesPerRoute(names, (ns) => baselineTable(ns, server))
  const ours = bytesPerRoute(names, (ns) => oursTable(ns, server))
  rows.push([`router heap per route, ${n.toLocaleString('en-US')} routes, B`, ours.toFixed(0), baseline.toFixed(0), '<= 200', ours <= 200 ? 'yes' : '**NO**'])
}

// Router CPU per create. The server holds `held` capsules; one more is created.
const serverKey = new Ed25519Signer(generateEd25519KeyPair().secretKey)
const serverName = nodeName(serverKey.publicKey)
const routerName = randomName()
const owner = new Ed25519Signer(generateEd25519KeyPair().secretKey)
for (const held of QUICK ? [1_024, 10_000] : [1_024, 10_000, 100_000]) {
  log(`a create on a server holding ${held} capsules: signing ${held} AdCerts`)
  const capsules = delegated(held + 1, serverName, owner)
  const names = capsules.map((c) => capsuleName(c.entry.metadata.metadata))
  const table = new RouteTable()
  // Its CPU, not the budget of AdCert checks a neighbour gets (10,000 a second): applied at once, a snapshot of
  // 100,000 ran past that budget and was refused (over-budget), and the run stopped there.
  const processor = new AdvertisementProcessor(routerName, table, { checksPerSecond: 1e9 })
  // The snapshot the router verifies once, in pages of 64, signed by the server beforehand (its cost, not the router's).
  let sequence = 1
  const set = update(serverKey, routerName, 0, [], names.slice(0, held)).advertisement.set
  const pages: SignedAdvertisement[] = []
  for (let i = 0; i < held; i += 64) {
    const added = capsules.slice(i, Math.min(i + 64, held)).map((c) => c.entry)
    pages.push(signAdvertisement({ serverKey: serverKey.publicKey, router: routerName, sequence: sequence++, issuedAtUs: NOW, expiresAtUs: NOW + HOUR, cost: 0, added, withdrawn: [], set, snapshot: { firstSequence: 1, last: i + 64 >= held } }, serverKey))
  }
  const snapshotMs = ms(() => { for (const page of pages) processor.apply(page, { neighbour: serverName, linkCost: 1 }, NOW) })
  // One create: an update adding one capsule (its signing counted: the server's side).
  const createUpdate = update(serverKey, routerName, ++sequence, [capsules[held]!.entry], names)
  const oursCreateMs = ms(() => { processor.apply(createUpdate, { neighbour: serverName, linkCost: 1 }, NOW) })
  if (table.size !== held + 2) throw new Error(`expected ${held + 2} routes, have ${table.size}`)
  // The refresh: an empty update stating the whole set.
  const refresh = update(serverKey, routerName, ++sequence, [], names)
  const refreshMs = ms(() => { processor.apply(refresh, { neighbour: serverName, linkCost: 1 }, NOW) })
  // Baseline: a full-state advertisement of every capsule, verified on each create (before: at most 1,024 per advertisement).
  const full = Math.min(held + 1, 1024)
  const fullState = update(serverKey, routerName, 1, capsules.slice(0, full).map((c) => c.entry), names.slice(0, full))
  const baselineMs = ms(() => { verifyAdvertisement(fullState, routerName, NOW, undefined) })
  const label = held.toLocaleString('en-US')
  rows.push([`router CPU for one create, server holding ${label} capsules, ms`, oursCreateMs.toFixed(2), held < 1024 || held === 1024 ? baselineMs.toFixed(1) : `${baselineMs.toFixed(1)} (and only 1,024 advertised)`, 'constant', oursCreateMs < 5 ? 'yes' : '**NO**'])
  rows.push([`router CPU for the periodic refresh of ${label} capsules, ms`, refreshMs.toFixed(2), held <= 1024 ? baselineMs.toFixed(1) : `${baselineMs.toFixed(1)} (1,024 only)`, '—', '—'])
  rows.push([`router CPU for a full snapshot of ${label} capsules (once per link up or lost update), s`, (snapshotMs / 1000).toFixed(2), '—', '—', '—'])
}

// AdCerts whose owner keys the router has not seen (each capsule its own owner, as a peer flooding genuine
// capsules of its own makes them): a key is checked once (order L) before its first verification. Ours checks it
// with libsodium; before, @noble/curves did, measured here on the same keys.
{
  const count = QUICK ? 512 : 2048
  log(`${count} AdCerts of as many owner keys`)
  const fresh = Array.from({ length: count }, () => delegated(1, serverName, new Ed25519Signer(generateEd25519KeyPair().secretKey))[0]!.entry)
  // Key checks are cached by key: the metadata checks at signing filled the cache, so it is flushed with other keys first.
  for (let i = 0; i < 5000; i++) isValidEd25519PublicKey(generateEd25519KeyPair().publicKey)
  const table = new RouteTable()
  const processor = new AdvertisementProcessor(routerName, table, { checksPerSecond: 1e9 })
  const pages: SignedAdvertisement[] = []
  for (let i = 0; i < count; i += 64) pages.push(update(serverKey, routerName, pages.length + 1, fresh.slice(i, i + 64), []))
  const perAdCertUs = ms(() => { for (const page of pages) processor.apply(page, { neighbour: serverName, linkCost: 1 }, NOW) }) * 1000 / count
  const owners = fresh.map((e) => e.metadata.metadata.owner.key)
  const nobleUs = ms(() => { for (const k of owners) hasOrderL(k) }) * 1000 / count
  const native = sodium
  const sodiumUs = native === undefined ? NaN : ms(() => { for (const k of owners) native.crypto_core_ed25519_is_valid_point(k) }) * 1000 / count
  rows.push([`router CPU per AdCert whose owner key it has not seen, us (baseline: the same with the key checked by @noble/curves, as before: ours - libsodium's check + @noble's)`, perAdCertUs.toFixed(0), (perAdCertUs - sodiumUs + nobleUs).toFixed(0), '—', '—'])
  rows.push([`checking an Ed25519 key (order L) once, us: libsodium (ours) against @noble/curves`, sodiumUs.toFixed(0), nobleUs.toFixed(0), '—', '—'])
}

console.log('| measure | ours (updates) | baseline (full state, as before) | target | met? |')
console.log('|---|---:|---:|---|---|')
for (const row of rows) console.log(`| ${row.join(' | ')} |`)
