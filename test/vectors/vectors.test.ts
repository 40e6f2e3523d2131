// docs/vectors/capsule-v1.json is what docs/spec.md promises; this test
// regenerates it from the code (UPDATE_VECTORS=1 rewrites it) and checks it
// with independent primitives: raw SHA-256 and @noble/curves Ed25519.
import { decodeLookupRecord, lookupRecordValidator, MAX_LOOKUP_RECORD_BYTES, verifyLookupRecord, type CapsuleLookupRecord } from '../../src/routing/lookup.js'
import { routerKeyOfAddress } from '../../src/node/node.js'
import { decodeSignedAdCert, decodeSignedDomainMembership, verifyAdCert, verifyDomainMembership } from '../../src/routing/certificates.js'
import { createHash, createPublicKey, verify as nodeVerify } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { committedVectors } from './committed.js'
import { join } from 'node:path'
import { ed25519 } from '@noble/curves/ed25519.js'
import { describe, expect, it } from 'vitest'
import { generateVectors } from './generate.js'
import { generateRoutingVectors } from './generate-routing.js'
import { generateMigrationVectors } from './generate-migration.js'
import { decodeBatch } from '../../src/migration/batch.js'
import { chunkBatch, decodeEntry } from '../../src/migration/entries.js'
import { decompress as zstdDecompress } from 'zstd-napi'
import { pb } from '../../src/wire/index.js'
import { decodeForkProof, decodeRangeProof, decodeRecord, decodeSignedHeartbeat, decodeSignedMetadata, encodeRecordHeader } from '../../src/capsule/codec.js'
import { verifyForkProof } from '../../src/capsule/fork.js'
import { verifyInclusion, verifyConsistency, verifyRange } from '../../src/capsule/merkle.js'
import { verifySignedMetadata } from '../../src/capsule/metadata.js'
import { verifyEd25519 } from '../../src/crypto/ed25519.js'
import { readExport, verifyExport } from '../../src/store/archive.js'
import { CertificateError, GdpError, InvalidSignatureError, MalformedMessageError } from '../../src/errors.js'
import { lengthPrefixed } from '../../src/wire/index.js'
import { decodeSignedDeletion, verifyDeletion } from '../../src/capsule/deletion.js'

const file = join(import.meta.dirname, '../../docs/vectors/capsule-v1.json')
const h = (s: string): Buffer => Buffer.from(s, 'hex')
const sha256 = (...parts: Buffer[]): Buffer => createHash('sha256').update(Buffer.concat(parts)).digest()

describe('spec test vectors', () => {
  const v = committedVectors(file, generateVectors())

  it('name, record hashes, tree and signatures follow the spec, checked independently', () => {
    expect(h(v.keys.ownerPublicKey)).toEqual(Buffer.from(ed25519.getPublicKey(h(v.keys.ownerSeed))))
    const name = sha256(Buffer.from('gdp/v1/capsule-name\0'), h(v.metadata.encoding))
    expect(name.toString('hex')).toBe(v.metadata.name)
    expect(name.toString('base64url')).toBe(v.metadata.nameText)
    expect(ed25519.verify(h(v.metadata.ownerSignature), Buffer.concat([Buffer.from('gdp/v1/metadata\0'), name]), h(v.keys.ownerPublicKey))).toBe(true)
    let prev = name
    for (const r of v.records) {
      expect(sha256(h(r.payload)).toString('hex')).toBe(r.payloadHash)
      expect(r.prevHash).toBe(prev.toString('hex'))
      const hash = sha256(Buffer.from([0]), Buffer.from('gdp/v1/record\0'), h(r.headerEncoding))
      expect(hash.toString('hex')).toBe(r.recordHash)
      prev = hash
    }
    const leaves = v.records.map((r: any) => h(r.recordHash))
    const node = (l: Buffer, r: Buffer): Buffer => sha256(Buffer.from([1]), l, r)
    expect(v.roots[4].root).toBe(node(node(node(leaves[0], leaves[1]), node(leaves[2], leaves[3])), leaves[4]).toString('hex'))
    for (const hb of v.heartbeats) {
      expect(h(hb.signingBytes)).toEqual(Buffer.concat([Buffer.from('gdp/v1/heartbeat\0'), h(hb.encoding)]))
      expect(ed25519.verify(h(hb.signature), h(hb.signingBytes), h(v.keys.writerPublicKey))).toBe(true)
      expect(Buffer.from(decodeSignedHeartbeat(h(hb.signedHeartbeat)).heartbeat.root).toString('hex')).toBe(v.roots[hb.size - 1].root)
    }
    expect(decodeSignedMetadata(h(v.metadata.signedMetadata)).metadata.replication).toEqual({ replicas: 3, writeQuorum: 2 })
    const ip = v.inclusionProof
    expect(verifyInclusion(ip.index, ip.treeSize, leaves[ip.index], ip.path.map(h), h(v.roots[4].root))).toBe(true)
    const cp = v.consistencyProof
    expect(verifyConsistency(cp.fromSize, cp.toSize, cp.path.map(h), h(v.roots[2].root), h(v.roots[4].root))).toBe(true)
    // Range proofs (spec 6.1), by the walk written out for a tree of 5: [1, 4) needs leaves 0 and 4, [3, 5) the node of 0..1 and leaf 2, [0, 5) nothing.
    const [inner, edge, whole] = v.rangeProofs
    expect([inner, edge, whole].map((r: any) => [r.from, r.to, r.treeSize])).toEqual([[1, 4, 5], [3, 5, 5], [0, 5, 5]])
    expect(inner.path).toEqual([leaves[0], leaves[4]].map((l: Buffer) => l.toString('hex')))
    expect(node(node(h(inner.path[0]), leaves[1]), node(leaves[2], leaves[3])).toString('hex')).toBe(node(node(leaves[0], leaves[1]), node(leaves[2], leaves[3])).toString('hex'))
    expect(edge.path).toEqual([node(leaves[0], leaves[1]), leaves[2]].map((l: Buffer) => l.toString('hex')))
    expect(whole.path).toEqual([])
    for (const r of v.rangeProofs) {
      expect(verifyRange(r.from, r.to, r.treeSize, leaves.slice(r.from, r.to), r.path.map(h), h(v.roots[4].root))).toBe(true)
      expect(decodeRangeProof(h(r.encoding))).toEqual({ from: r.from, to: r.to, treeSize: r.treeSize, path: r.path.map(h) })
    }
  })

  it('the owner\'s deletion is signed over its tag and encoding, checked with @noble/curves, and decodes to what it says', () => {
    const d = v.deletion
    expect(d.signingBytes).toBe(v.tags.deletion + d.encoding)
    expect(ed25519.verify(h(d.signature), h(d.signingBytes), h(v.keys.ownerPublicKey))).toBe(true)
    const decoded = decodeSignedDeletion(h(d.signedDeletion))
    expect(Buffer.from(decoded.deletion.capsule).toString('hex')).toBe(v.metadata.name)
    expect(decoded.deletion.deletedAtUs).toBe(d.deletedAtUs)
    verifyDeletion(decoded, h(v.metadata.name), decodeSignedMetadata(h(v.metadata.signedMetadata)))
    expect(decoded.deletion.server).toBeUndefined()
  })

  it('the removal of one replica is a deletion naming the server, signed the same way; it is not the deletion of the capsule', () => {
    const r = v.replicaRemoval
    expect(r.signingBytes).toBe(v.tags.deletion + r.encoding)
    expect(ed25519.verify(h(r.signature), h(r.signingBytes), h(v.keys.ownerPublicKey))).toBe(true)
    const decoded = decodeSignedDeletion(h(r.signedDeletion))
    expect(Buffer.from(decoded.deletion.server!).toString('hex')).toBe(r.server)
    verifyDeletion(decoded, h(v.metadata.name), decodeSignedMetadata(h(v.metadata.signedMetadata)))
    // The same signature over the order without the server does not hold.
    expect(ed25519.verify(h(r.signature), h(v.deletion.signingBytes), h(v.keys.ownerPublicKey))).toBe(false)
  })

  it('a placement delegation is the owner\'s signature over its tag and encoding; a delegated removal is the delegate\'s, carrying it', () => {
    const d = v.placementDelegation
    expect(h(d.delegatePublicKey)).toEqual(Buffer.from(ed25519.getPublicKey(h(d.delegateSeed))))
    expect(d.signingBytes).toBe(v.tags.placementDelegation + d.encoding)
    expect(Buffer.from(h(v.tags.placementDelegation)).toString()).toBe('gdp/v1/placement-delegation\0')
    expect(ed25519.verify(h(d.signature), h(d.signingBytes), h(v.keys.ownerPublicKey))).toBe(true)
    const r = v.delegatedReplicaRemoval
    expect(r.signingBytes).toBe(v.tags.deletion + r.encoding)
    expect(ed25519.verify(h(r.signature), h(r.signingBytes), h(d.delegatePublicKey))).toBe(true)
    // The signed removal is the order, the delegate's signature, then the signed delegation as field 3 (tag 0x1a).
    const signed = pb.SignedCapsuleDeletion.decode(h(r.signedDeletion))
    expect(Buffer.from(pb.SignedPlacementDelegation.encode(signed.delegation!).finish()).toString('hex')).toBe(d.signedDelegation)
    const decoded = decodeSignedDeletion(h(r.signedDeletion))
    verifyDeletion(decoded, h(v.metadata.name), decodeSignedMetadata(h(v.metadata.signedMetadata)))
    // The same order signed by the delegate without the delegation does not hold.
    expect(() => { verifyDeletion({ ...decoded, delegation: undefined }, h(v.metadata.name), decodeSignedMetadata(h(v.metadata.signedMetadata))) }).toThrow(/not signed by its owner/)
  })
})

describe('spec test vectors a verifier must refuse, and the limits', () => {
  const v = JSON.parse(readFileSync(file, 'utf8'))
  const bytesOf = async (input: Uint8Array): Promise<AsyncIterable<Uint8Array>> => (async function * () { yield input })()

  it('limits: the longest record header and frame are what the spec says', () => {
    const l = v.limits
    expect([l.maxPayloadLength, l.maxRecordLength, l.maxExportFrameLength]).toEqual([2 ** 26, 2 ** 26 + 98, 2 ** 26 + 103])
    expect(h(l.largestRecordHeader).length).toBe(91)
    // Record = 0a 5b header 12 <4-byte length> payload; frame = 12 <4-byte length> Record.
    expect(2 + 91 + 5 + l.maxPayloadLength).toBe(l.maxRecordLength)
    expect(1 + 4 + l.maxRecordLength).toBe(l.maxExportFrameLength)
    expect(Buffer.from(encodeRecordHeader({ seqno: 2 ** 53 - 1, timestampUs: 2 ** 53 - 1, prevHash: Buffer.alloc(32, 0xaa), payloadHash: Buffer.alloc(32, 0xbb), payloadLength: 2 ** 26 })).toString('hex')).toBe(l.largestRecordHeader)
  })

  it('ed25519: our verifier and @noble/curves with the rule\'s subgroup checks agree on every crafted case', () => {
    const { Point } = ed25519
    // @noble/curves' strict mode lacks two of the rule's conditions: A and R in the prime-order subgroup, R not the identity.
    const nobleByTheRule = (key: Buffer, message: Buffer, sig: Buffer): boolean => {
      if (!ed25519.verify(sig, message, key, { zip215: false })) return false
      const a = Point.fromBytes(key)
      const r = Point.fromBytes(sig.subarray(0, 32))
      return a.isTorsionFree() && r.isTorsionFree() && !r.is0()
    }
    const openssl = (key: Buffer, message: Buffer, sig: Buffer): boolean =>
      nodeVerify(null, message, createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), key]), format: 'der', type: 'spki' }), sig)
    expect(v.ed25519.length).toBe(13)
    for (const c of v.ed25519) {
      const [key, message, sig] = [h(c.publicKey), h(c.message), h(c.signature)]
      expect(verifyEd25519(key, message, sig), c.case).toBe(c.valid)
      expect(nobleByTheRule(key, message, sig), c.case).toBe(c.valid)
      // What the libraries do on their own: why the rule needs its checks.
      expect(openssl(key, message, sig), `${c.case}: OpenSSL`).toBe(c.acceptedBy.includes('openssl'))
      expect(ed25519.verify(sig, message, key, { zip215: false }), `${c.case}: noble strict`).toBe(c.acceptedBy.includes('noble-strict'))
      expect(ed25519.verify(sig, message, key), `${c.case}: noble ZIP-215`).toBe(c.acceptedBy.includes('noble-zip215'))
    }
  })

  it('non-canonical encodings: a lenient protobuf reader takes them, a v1 reader refuses each', async () => {
    const lenient = { SignedHeartbeat: pb.SignedHeartbeat, Record: pb.Record, SignedMetadata: pb.SignedMetadata, ExportFrame: pb.ExportFrame } as const
    const strict = async (message: string, encoding: Buffer): Promise<unknown> => {
      switch (message) {
        case 'SignedHeartbeat': return decodeSignedHeartbeat(encoding)
        case 'Record': return decodeRecord(encoding)
        case 'SignedMetadata': return decodeSignedMetadata(encoding)
        default: for await (const f of readExport(await bytesOf(Buffer.concat([Buffer.from('GDPCAPS\x01', 'latin1'), lengthPrefixed(encoding)])))) return f
      }
    }
    for (const c of v.nonCanonical) {
      const encoding = h(c.encoding)
      let lenientOk = true
      try { lenient[c.message as keyof typeof lenient].decode(encoding) } catch { lenientOk = false }
      expect(lenientOk, c.rule).toBe(c.lenientReaderAccepts)
      await expect(strict(c.message, encoding), c.rule).rejects.toThrow(MalformedMessageError)
    }
  })

  it('application fields sort by UTF-8 bytes, not UTF-16 units', () => {
    const o = v.appFieldOrder
    const keys = o.keys.map((k: string) => Buffer.from(k, 'utf8'))
    expect(keys.every((k: Buffer, i: number) => i === 0 || Buffer.compare(keys[i - 1], k) < 0)).toBe(true)
    expect([...o.keys].sort()).not.toEqual(o.keys) // JavaScript's own order would differ
    const signed = decodeSignedMetadata(h(o.signedMetadata))
    expect(Buffer.from(verifySignedMetadata(signed)).toString('hex')).toBe(o.name)
    expect(() => decodeSignedMetadata(h(o.utf16OrderedSignedMetadata))).toThrow(/not sorted by key/)
  })

  it('export files: the valid one imports, each broken one is refused', async () => {
    for (const c of v.exports) {
      const run = verifyExport(await bytesOf(h(c.file)))
      if (c.valid) await expect(run, c.case).resolves.toMatchObject({ records: c.records, heartbeats: c.heartbeats })
      else await expect(run, c.case).rejects.toThrow(GdpError)
    }
    const [, noRecords, backwards, expired, over, cut] = v.exports
    await expect(verifyExport(await bytesOf(h(noRecords.file)))).rejects.toThrow(/comes with no records/)
    await expect(verifyExport(await bytesOf(h(backwards.file)))).rejects.toThrow(/record 3 has a timestamp before the last heartbeat's/)
    await expect(verifyExport(await bytesOf(h(expired.file)))).rejects.toThrow(/expired at 2027-01-01/)
    await expect(verifyExport(await bytesOf(h(over.file)))).rejects.toThrow(/claims 67108968 bytes, more than the 67108967-byte limit/)
    await expect(verifyExport(await bytesOf(h(cut.file)))).rejects.toThrow(/ends in the middle of frame 0/)
  })

  it('fork proofs: two of the writer\'s heartbeats that contradict, and one pair that does not', () => {
    for (const c of v.forkProofs) {
      const check = (): unknown => verifyForkProof(decodeForkProof(h(c.forkProof)))
      if (c.valid) expect(check(), c.case).toMatchObject({ kind: c.kind, position: c.position })
      else expect(check, c.case).toThrow(/same tree/)
    }
  })
})

describe('routing test vectors', () => {
  const routingFile = join(import.meta.dirname, '../../docs/vectors/routing-v1.json')
  const v = committedVectors(routingFile, generateRoutingVectors())

  it('every statement is signed over its tag and encoding, checked with @noble/curves', () => {
    for (const [name, tag] of [['adCert', 'adCert'], ['domainMembership', 'domainMembership'], ['advertisement', 'advertisement'], ['emptySetAdvertisement', 'advertisement'], ['routeAnnouncement', 'routeAnnouncement'], ['leavingRouteAnnouncement', 'routeAnnouncement'], ['lostServersRouteAnnouncement', 'routeAnnouncement'], ['createdReceipt', 'serverReceipt'], ['deletedReceipt', 'serverReceipt'], ['appendAck', 'appendAck']] as const) {
      const s = v[name]
      expect(s.signingBytes, name).toBe(v.tags[tag] + s.encoding)
      expect(ed25519.verify(h(s.signature), h(s.signingBytes), h(s.signerPublicKey)), name).toBe(true)
    }
    // Each key comes from its seed.
    const keys = { owner: v.adCert.signerPublicKey, server: v.advertisement.signerPublicKey, router: v.routeAnnouncement.signerPublicKey, domain: v.domainMembership.signerPublicKey, operator: v.delegatedAdCert.signerPublicKey }
    for (const [who, key] of Object.entries(keys)) expect(Buffer.from(ed25519.getPublicKey(h(v.seeds[who]))).toString('hex'), who).toBe(key)
    expect(sha256(Buffer.from(ed25519.getPublicKey(h(v.seeds.parent)))).toString('hex')).toBe(v.names.parent)
    expect(sha256(h(v.domainMembership.signerPublicKey)).toString('hex')).toBe(v.names.domain)
    // An empty set: count 0 left out, the digest 32 zero bytes.
    const emptied = pb.Advertisement.decode(h(v.emptySetAdvertisement.encoding))
    expect([Number(emptied.set!.count ?? 0), Buffer.from(emptied.set!.digest!).toString('hex')]).toEqual([0, '00'.repeat(32)])
    // The acknowledgement as sent adds the signature, and names the heartbeat of the batch it acknowledges.
    const ack = pb.AppendAck.decode(h(v.appendAck.signed))
    expect([Buffer.from(ack.signature).toString('hex'), Buffer.from(ack.heartbeat!.signature!).toString('hex'), Number(ack.storedAtUs)]).toEqual([v.appendAck.signature, v.appendAck.batch.heartbeatSignature, v.appendAck.batch.storedAtUs])
    expect(sha256(h(v.advertisement.signerPublicKey)).toString('hex')).toBe(v.names.server)
    // A deletion's receipt names the order by SHA-256 of its encoding (field 5), and the receipt as sent adds the signature.
    expect(Buffer.from(pb.ServerReceipt.decode(h(v.deletedReceipt.encoding)).orderHash).toString('hex')).toBe(sha256(h(v.deletedReceipt.deletion)).toString('hex'))
    expect(Buffer.from(pb.ServerReceipt.decode(h(v.deletedReceipt.signed)).signature).toString('hex')).toBe(v.deletedReceipt.signature)
    // Leaving ends in field 9 (tag 0x48) set to 1, and carries no advertisements (field 7).
    expect(v.leavingRouteAnnouncement.encoding.endsWith('4801')).toBe(true)
    expect(pb.RouteAnnouncement.decode(h(v.leavingRouteAnnouncement.encoding))).toMatchObject({ leaving: true, advertisements: [] })
    // Lost servers end in field 10 (tag 0x52, length 32) holding the server's node name, alone.
    expect(v.lostServersRouteAnnouncement.encoding.endsWith('5220' + v.names.server)).toBe(true)
    expect(pb.RouteAnnouncement.decode(h(v.lostServersRouteAnnouncement.encoding))).toMatchObject({ leaving: false, advertisements: [] })
  })

  it('an AdCert a delegate signed carries the owner\'s delegation and holds within it', () => {
    const a = v.delegatedAdCert
    expect(a.signingBytes).toBe(v.tags.adCert + a.encoding)
    expect(ed25519.verify(h(a.signature), h(a.signingBytes), h(a.signerPublicKey))).toBe(true)
    const cert = decodeSignedAdCert(h(a.signed))
    expect(Buffer.from(cert.delegation!.delegation.delegate).toString('hex')).toBe(a.signerPublicKey)
    const day = 86_400_000_000
    const t0 = 1_767_225_600_000_000
    verifyAdCert(cert, h(v.names.capsule), decodeSignedMetadata(h(a.signedMetadata)), h(v.names.parent), t0 + 2 * day)
    expect(() => { verifyAdCert(cert, h(v.names.capsule), decodeSignedMetadata(h(a.signedMetadata)), h(v.names.parent), t0 + 32 * day) }).toThrow(/expired/)
  })

  it('a lookup is two records: the capsule\'s names its server, the server\'s names its router; each verifies under its own key', () => {
    expect(v.lookup.capsule.key).toBe(`/gdp/${v.names.capsule}`)
    expect(v.lookup.server.key).toBe(`/gdp/${v.names.server}`)
    const at = 1_767_225_600_000_000 + 1_000_000
    const capsule = verifyLookupRecord(h(v.names.capsule), decodeLookupRecord(h(v.lookup.capsule.record)), at, () => undefined)
    expect(capsule).toMatchObject({ kind: 'capsule' })
    expect(Buffer.from((capsule as { server: Uint8Array }).server).toString('hex')).toBe(v.names.server)
    // An address names the router whose peer id it ends in (the node's own mapping: the peer id's key, hashed).
    expect(sha256(Buffer.from(routerKeyOfAddress(`/p2p/${v.names.routerPeerId}`)!)).toString('hex')).toBe(v.names.router)
    const server = verifyLookupRecord(h(v.names.server), decodeLookupRecord(h(v.lookup.server.record)), at, routerKeyOfAddress)
    expect(server).toMatchObject({ kind: 'server' })
    // The router signed its addresses with the update: its tag, then the record without field 4.
    const record = pb.LookupRecord.decode(h(v.lookup.server.record))
    const unsigned = pb.LookupRecord.encode({ advertisement: record.advertisement, routerAddresses: record.routerAddresses }).finish()
    expect(ed25519.verify(record.routerSignature, Buffer.concat([h(v.tags.lookupAddresses), unsigned]), h(v.routeAnnouncement.signerPublicKey))).toBe(true)
    // Under the other's key, neither holds.
    expect(() => verifyLookupRecord(h(v.names.server), decodeLookupRecord(h(v.lookup.capsule.record)), at, () => undefined)).toThrow()
  })
})

describe('routing test vectors every reader must refuse', () => {
  const v = JSON.parse(readFileSync(join(import.meta.dirname, '../../docs/vectors/routing-v1.json'), 'utf8'))
  const metadata = decodeSignedMetadata(h(v.delegatedAdCert.signedMetadata))
  /** One vector of mustRefuse: what it is (by kind: signed, or key and record), where it is checked, and what a reader gives. */
  interface Refusal { rule: string, nowUs: number, acceptedAtUs?: number, error: string, problem?: string, signed: string, server: string, router: string, trustedDomains: string[], key: string, record: string }
  /** What our reader makes of it at `nowUs`: accepted, or the error's name (with a CertificateError's problem). */
  const outcome = async (check: (nowUs: number) => unknown, nowUs: number): Promise<string> => {
    try {
      await check(nowUs)
      return 'accepted'
    } catch (err) {
      return err instanceof CertificateError ? `CertificateError ${err.problem}` : (err as Error).name
    }
  }
  const agree = async (cases: Refusal[], check: (c: Refusal, nowUs: number) => unknown): Promise<void> => {
    for (const c of cases) {
      expect(await outcome((now) => check(c, now), c.nowUs), c.rule).toBe(c.error === 'CertificateError' ? `CertificateError ${c.problem}` : c.error)
      // The edge of a time rule: the same statement, a microsecond inside it, is taken.
      if (c.acceptedAtUs !== undefined) expect(await outcome((now) => check(c, now), c.acceptedAtUs), `${c.rule}, at the edge`).toBe('accepted')
    }
  }

  it('AdCerts, delegated ones too: each is refused by decodeSignedAdCert and verifyAdCert, with the error the vector names', async () => {
    expect(v.mustRefuse.adCerts.length).toBeGreaterThanOrEqual(15)
    await agree(v.mustRefuse.adCerts, (c, now) => { verifyAdCert(decodeSignedAdCert(h(c.signed)), h(v.names.capsule), metadata, h(c.server), now) })
  })

  it('domain memberships: each is refused by decodeSignedDomainMembership and verifyDomainMembership', async () => {
    expect(v.mustRefuse.domainMemberships.length).toBeGreaterThanOrEqual(10)
    await agree(v.mustRefuse.domainMemberships, (c, now) => verifyDomainMembership(decodeSignedDomainMembership(h(c.signed)), h(c.router), { trustedDomains: c.trustedDomains.map(h) }, now))
  })

  it('lookup records: each is refused by the DHT\'s validator of the /gdp/ namespace, as every DHT node and router runs it', async () => {
    expect(v.mustRefuse.lookupRecords.length).toBeGreaterThanOrEqual(15)
    await agree(v.mustRefuse.lookupRecords, async (c, now) => { await lookupRecordValidator(() => now, routerKeyOfAddress)(Buffer.from(c.key), h(c.record)) })
    // The good records pass the same validator, so the refusals are the rules', not the harness's.
    for (const kind of ['capsule', 'server'] as const) await lookupRecordValidator(() => 1_767_225_601_000_000, routerKeyOfAddress)(Buffer.from(v.lookup[kind].key), h(v.lookup[kind].record))
    // The limit: one byte past 64 KiB is refused, for its size alone.
    const past = v.mustRefuse.lookupRecords.find((c: Refusal) => c.rule.startsWith('a capsule record of 65,537 bytes'))
    expect(h(past.record).length).toBe(MAX_LOOKUP_RECORD_BYTES + 1)
  })

  it('lookup records every reader must take, at the edges of the rules: the DHT\'s validator takes each', async () => {
    expect(Object.keys(v.mustAccept)).toEqual(['lookupRecords'])
    for (const c of v.mustAccept.lookupRecords) expect(await outcome(async (now) => { await lookupRecordValidator(() => now, routerKeyOfAddress)(Buffer.from(c.key), h(c.record)) }, c.nowUs), c.rule).toBe('accepted')
    // At the limit: exactly 64 KiB.
    expect(v.mustAccept.lookupRecords.map((c: Refusal) => h(c.record).length)).toContain(MAX_LOOKUP_RECORD_BYTES)
    // The metadata's signature is no part of what a capsule record proves: unchecked, as a router skips it in an update (routing.md 4).
    const unsigned = v.mustAccept.lookupRecords.find((c: Refusal) => c.rule.startsWith('a capsule record whose metadata\'s owner signature does not verify'))
    const metadata = decodeLookupRecord(h(unsigned.record)) as CapsuleLookupRecord
    expect(() => verifySignedMetadata(metadata.capsule.metadata)).toThrow(InvalidSignatureError)
  })
})

describe('migration test vectors', () => {
  const migrationFile = join(import.meta.dirname, '../../docs/vectors/migration-v1.json')
  const v = committedVectors(migrationFile, generateMigrationVectors())

  it('applying the entries as docs/migration.md says rebuilds the image, checked independently', () => {
    const block = (fill: number, text: string): Buffer => { const b = Buffer.alloc(4096, fill); b.write(text); return b }
    const base = Buffer.concat(v.base.blocks.map((b: { fill: number, text: string }) => block(b.fill, b.text)))
    expect(sha256(base).toString('hex')).toBe(v.base.sha256)
    const round = pb.MigrationEntry.decode(h(v.entries.round)).round!
    expect(Buffer.from(round.bases![0]!).toString('hex')).toBe(v.base.sha256)
    const size = Number(round.images![0]!.size)
    // The seed: the base's first `size` bytes, zero-extended.
    let image = Buffer.alloc(Math.ceil(size / 4096) * 4096)
    base.copy(image, 0, 0, Math.min(size, base.length))
    for (const chunk of v.entries.chunks) {
      const entry = pb.MigrationEntry.decode(h(chunk.entry)).chunk!
      const raw = Buffer.from(zstdDecompress(entry.body!))
      expect(raw.toString('hex')).toBe(chunk.batch)
      const m = pb.MigrationBatch.decode(raw)
      let at = Number(m.firstBlock)
      let s = 0
      let d = 0
      m.kinds!.forEach((kind, i) => {
        if (i > 0) at += Number(m.gaps![i - 1]) + 1
        const src = (): Buffer => kind === 3 ? Buffer.from(image.subarray(Number(m.sourceBlocks![s]) * 4096, Number(m.sourceBlocks![s]) * 4096 + 4096)) : base.subarray(Number(m.sourceBlocks![s]) * 4096, Number(m.sourceBlocks![s]) * 4096 + 4096)
        const data = (): Buffer => Buffer.from(m.data!.subarray(d * 4096, d * 4096 + 4096))
        let out: Buffer
        if (kind === 0) {
          out = data(); d++
        } else if (kind === 1) {
          out = Buffer.alloc(4096)
        } else if (kind === 2 || kind === 3) {
          out = src(); s++
        } else {
          const x = data()
          const b = src()
          out = Buffer.from(x.map((byte, j) => byte ^ b[j]!)); s++; d++
        }
        image = Buffer.concat([image.subarray(0, at * 4096), out, image.subarray(at * 4096 + 4096)])
      })
    }
    const rebuilt = image.subarray(0, size)
    expect(rebuilt.length).toBe(v.result.size)
    expect(sha256(rebuilt).toString('hex')).toBe(v.result.sha256)
    // The block-list digest, computed here from the rebuilt bytes: SHA-256 over each zero-padded block's SHA-256.
    const blockHashes = Array.from({ length: Math.ceil(size / 4096) }, (_, b) => { const block = Buffer.alloc(4096); rebuilt.copy(block, 0, b * 4096, Math.min(size, b * 4096 + 4096)); return sha256(block) })
    expect(sha256(Buffer.concat(blockHashes)).toString('hex')).toBe(v.result.blockListSha256)
    expect(Buffer.from(pb.MigrationEntry.decode(h(v.entries.commit)).commit!.blockDigests![0]!).toString('hex')).toBe(v.result.blockListSha256)
    // Block 0 no chunk writes: it is the seed's, the base's first block.
    expect(rebuilt.subarray(0, 4096).equals(base.subarray(0, 4096))).toBe(true)
  })

  it('batches, chunks and entries a receiver must refuse: each is refused as malformed, naming what is wrong', () => {
    expect(v.invalidBatches.length).toBeGreaterThan(5)
    for (const c of v.invalidBatches) expect(() => decodeBatch(h(c.batch)), c.rule).toThrow(MalformedMessageError)
    expect(v.invalidChunks.length).toBeGreaterThan(3)
    for (const c of v.invalidChunks) {
      const entry = decodeEntry(h(c.entry))
      expect(entry.type, c.rule).toBe('chunk')
      expect(() => chunkBatch(entry as Extract<typeof entry, { type: 'chunk' }>, 32 * 1024 * 1024), c.rule).toThrow(MalformedMessageError)
    }
    expect(v.invalidEntries.length).toBeGreaterThan(8)
    for (const c of v.invalidEntries) expect(() => decodeEntry(h(c.entry)), c.rule).toThrow(MalformedMessageError)
  })
})
