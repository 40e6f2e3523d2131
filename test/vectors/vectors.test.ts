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
