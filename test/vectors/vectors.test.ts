// docs/vectors/capsule-v1.json is what docs/spec.md promises; this test
// regenerates it from the code (UPDATE_VECTORS=1 rewrites it) and checks it
// with independent primitives: raw SHA-256 and @noble/curves Ed25519.
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ed25519 } from '@noble/curves/ed25519.js'
import { describe, expect, it } from 'vitest'
import { generateVectors } from './generate.js'
import { generateRoutingVectors } from './generate-routing.js'
import { generateMigrationVectors } from './generate-migration.js'
import { decompress as zstdDecompress } from 'zstd-napi'
import { pb } from '../../src/wire/index.js'
import { decodeSignedHeartbeat, decodeSignedMetadata } from '../../src/capsule/codec.js'
import { verifyInclusion, verifyConsistency } from '../../src/capsule/merkle.js'

const file = join(import.meta.dirname, '../../docs/vectors/capsule-v1.json')
const h = (s: string): Buffer => Buffer.from(s, 'hex')
const sha256 = (...parts: Buffer[]): Buffer => createHash('sha256').update(Buffer.concat(parts)).digest()

describe('spec test vectors', () => {
  const generated = JSON.stringify(generateVectors(), null, 2) + '\n'
  if (process.env.UPDATE_VECTORS === '1') writeFileSync(file, generated)
  const v = JSON.parse(readFileSync(file, 'utf8'))

  it('the committed vectors are what the code produces', () => {
    expect(generated).toBe(readFileSync(file, 'utf8'))
  })

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
      expect(decodeSignedHeartbeat(h(hb.signedHeartbeat)).heartbeat.root.toString()).toBe(h(v.roots[hb.size - 1].root).toString())
    }
    expect(decodeSignedMetadata(h(v.metadata.signedMetadata)).metadata.replication).toEqual({ replicas: 3, writeQuorum: 2 })
    const ip = v.inclusionProof
    expect(verifyInclusion(ip.index, ip.treeSize, leaves[ip.index], ip.path.map(h), h(v.roots[4].root))).toBe(true)
    const cp = v.consistencyProof
    expect(verifyConsistency(cp.fromSize, cp.toSize, cp.path.map(h), h(v.roots[2].root), h(v.roots[4].root))).toBe(true)
  })
})

describe('routing test vectors', () => {
  const routingFile = join(import.meta.dirname, '../../docs/vectors/routing-v1.json')
  const generated = JSON.stringify(generateRoutingVectors(), null, 2) + '\n'
  if (process.env.UPDATE_VECTORS === '1') writeFileSync(routingFile, generated)
  const v = JSON.parse(readFileSync(routingFile, 'utf8'))

  it('the committed vectors are what the code produces', () => {
    expect(generated).toBe(readFileSync(routingFile, 'utf8'))
  })

  it('every statement is signed over its tag and encoding, checked with @noble/curves', () => {
    for (const [name, tag] of [['adCert', 'adCert'], ['domainMembership', 'domainMembership'], ['advertisement', 'advertisement'], ['routeAnnouncement', 'routeAnnouncement']] as const) {
      const s = v[name]
      expect(s.signingBytes, name).toBe(v.tags[tag] + s.encoding)
      expect(ed25519.verify(h(s.signature), h(s.signingBytes), h(s.signerPublicKey)), name).toBe(true)
    }
    expect(sha256(h(v.domainMembership.signerPublicKey)).toString('hex')).toBe(v.names.domain)
    expect(sha256(h(v.advertisement.signerPublicKey)).toString('hex')).toBe(v.names.server)
    expect(v.lookup.key).toBe(`/gdp/${v.names.capsule}`)
  })
})

describe('migration test vectors', () => {
  const migrationFile = join(import.meta.dirname, '../../docs/vectors/migration-v1.json')
  const generated = JSON.stringify(generateMigrationVectors(), null, 2) + '\n'
  if (process.env.UPDATE_VECTORS === '1') writeFileSync(migrationFile, generated)
  const v = JSON.parse(readFileSync(migrationFile, 'utf8'))

  it('the committed vectors are what the code produces', () => {
    expect(generated).toBe(readFileSync(migrationFile, 'utf8'))
  })

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
    expect(Buffer.from(pb.MigrationEntry.decode(h(v.entries.commit)).commit!.digests![0]!).toString('hex')).toBe(v.result.sha256)
  })
})
