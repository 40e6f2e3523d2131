// docs/vectors/kv-v1.json is what docs/kv.md promises; this test
// regenerates it from the code (UPDATE_VECTORS=1 rewrites it) and checks it
// with code of its own where it can: raw SHA-256, @noble/curves Ed25519, a
// plain protobuf reader, a replay of the records, and a state-tree builder
// that encodes its nodes by hand.
import { createHash } from 'node:crypto'
import { committedVectors } from './committed.js'
import { join } from 'node:path'
import { ed25519 } from '@noble/curves/ed25519.js'
import { describe, expect, it } from 'vitest'
import { decodeSignedMetadata, encodeSignedHeartbeat } from '../../src/capsule/codec.js'
import { MalformedMessageError } from '../../src/errors.js'
import { decodeKvRecord } from '../../src/kv/format.js'
import { checkValue, coversTimestamp, decodeKvProof, verifyKvProof } from '../../src/kv/proof.js'
import { pb } from '../../src/wire/index.js'
import { generateKvVectors } from './generate-kv.js'

const file = join(import.meta.dirname, '../../docs/vectors/kv-v1.json')
const h = (s: string): Buffer => Buffer.from(s, 'hex')
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
const sha256 = (...parts: Uint8Array[]): Buffer => createHash('sha256').update(Buffer.concat(parts)).digest()

interface Entry { key: string, value: string, encryptionEpoch: number, seqno: number }

/** A protobuf varint, written here rather than by a library. */
function varint (n: number): number[] {
  const out: number[] = []
  while (n >= 128) { out.push((n % 128) | 0x80); n = Math.floor(n / 128) }
  out.push(n)
  return out
}

/** The canonical KvTreeNode, by hand: fields in order, zeros and empty bytes left out. */
function treeNode (e: Entry, left?: { hash: Buffer, count: number }, right?: { hash: Buffer, count: number }): Buffer {
  const bytesField = (tag: number, b: Buffer): number[] => b.length === 0 ? [] : [tag, ...varint(b.length), ...b]
  const uintField = (tag: number, n: number): number[] => n === 0 ? [] : [tag, ...varint(n)]
  return Buffer.from([
    ...bytesField(0x0a, h(e.key)), ...bytesField(0x12, sha256(h(e.value))), ...uintField(0x18, e.encryptionEpoch), ...uintField(0x20, e.seqno),
    ...bytesField(0x2a, left?.hash ?? Buffer.alloc(0)), ...uintField(0x30, left?.count ?? 0),
    ...bytesField(0x3a, right?.hash ?? Buffer.alloc(0)), ...uintField(0x40, right?.count ?? 0)
  ])
}

/** The state tree's root by its definition: the entry of highest rank at the root, smaller keys left, larger right. */
function rootOf (entries: Entry[], tags: { node: string, priority: string }): { hash: Buffer, count: number } | undefined {
  if (entries.length === 0) return undefined
  const rank = (e: Entry): Buffer => Buffer.concat([sha256(h(tags.priority), h(e.key)), h(e.key)])
  const top = entries.reduce((best, e) => Buffer.compare(rank(e), rank(best)) > 0 ? e : best)
  const left = rootOf(entries.filter((e) => Buffer.compare(h(e.key), h(top.key)) < 0), tags)
  const right = rootOf(entries.filter((e) => Buffer.compare(h(e.key), h(top.key)) > 0), tags)
  return { hash: sha256(h(tags.node), treeNode(top, left, right)), count: entries.length }
}

describe('key-value test vectors', () => {
  const v = committedVectors(file, generateKvVectors())
  const signed = decodeSignedMetadata(h(v.capsule.signedMetadata))
  const name = h(v.capsule.name)

  it('the tags and the capsule: gdp.kv = "1" in its metadata, heartbeats signed by its writer', () => {
    expect(h(v.tags.node).toString('latin1')).toBe('gdp/v1/kv-node\0')
    expect(h(v.tags.priority).toString('latin1')).toBe('gdp/v1/kv-priority\0')
    expect(signed.metadata.appFields).toContainEqual({ key: 'gdp.kv', value: expect.anything() })
    expect(h(v.capsule.appField.value).toString()).toBe('1')
    expect(hex(signed.metadata.writer.key)).toBe(v.keys.writerPublicKey)
    for (const hb of v.capsule.heartbeats) {
      const decoded = pb.SignedHeartbeat.decode(h(hb.signedHeartbeat))
      const message = Buffer.concat([Buffer.from('gdp/v1/heartbeat\0'), pb.Heartbeat.encode(decoded.heartbeat!).finish()])
      expect(ed25519.verify(decoded.signature!, message, h(v.keys.writerPublicKey))).toBe(true)
    }
  })

  it('each payload decodes as stated, by a plain protobuf reader and by ours; the one that is no record is refused', () => {
    for (const r of v.capsule.records) {
      if (r.invalid !== undefined) {
        expect(() => decodeKvRecord(h(r.payload)), r.invalid).toThrow(MalformedMessageError)
        continue
      }
      // Unset fields read as their defaults (empty bytes, 0) from a plain protobuf reader.
      const plain = pb.KvRecord.decode(h(r.payload))
      const d = r.record
      const put = (m: pb.IKvPut): unknown[] => ['put', hex(m.key ?? Buffer.alloc(0)), hex(m.value ?? Buffer.alloc(0)), m.encryptionEpoch ?? 0]
      const op = (o: { type: string, key: string, value?: string, encryptionEpoch?: number }): unknown[] => o.type === 'put' ? ['put', o.key, o.value, o.encryptionEpoch] : ['delete', o.key]
      switch (d.type) {
        case 'put': expect(put(plain.put!)).toEqual(op(d)); break
        case 'delete': expect(['delete', hex(plain.delete!.key!)]).toEqual(op(d)); break
        case 'batch': expect(plain.batch!.ops!.map((o) => o.put != null ? put(o.put) : ['delete', hex(o.delete!.key!)])).toEqual(d.ops.map(op)); break
        case 'checkpoint': expect([Number(plain.checkpoint!.version), Number(plain.checkpoint!.keyCount), hex(plain.checkpoint!.root!)]).toEqual([d.version, d.keyCount, d.root]); break
        case 'blob': expect(hex(plain.blob!.data ?? Buffer.alloc(0))).toBe(d.data); break
      }
      const ours = decodeKvRecord(h(r.payload))
      expect(ours.type).toBe(d.type)
    }
  })

  it('each state is the replay of the records before it; its tree root, built here, is what its checkpoint states', () => {
    const state = new Map<string, Entry>()
    const states = new Map<number, Entry[]>([[0, []]])
    const checkpoints: Array<{ version: number, keyCount: number, root: string }> = []
    for (const r of v.capsule.records) {
      const d = r.record
      if (d !== undefined) {
        const ops = d.type === 'batch' ? d.ops : [d]
        for (const op of ops) {
          if (op.type === 'put') state.set(op.key, { key: op.key, value: op.value, encryptionEpoch: op.encryptionEpoch, seqno: r.seqno })
          if (op.type === 'delete') state.delete(op.key)
        }
        if (d.type === 'checkpoint') checkpoints.push(d)
      }
      states.set(r.seqno + 1, [...state.values()].sort((x, y) => Buffer.compare(h(x.key), h(y.key))))
    }
    expect(v.states.map((s: { version: number }) => s.version)).toEqual([0, ...checkpoints.map((c) => c.version)])
    for (const s of v.states) {
      expect(s.entries, `version ${s.version}`).toEqual(states.get(s.version))
      const root = rootOf(s.entries, v.tags)
      expect(root === undefined ? '' : hex(root.hash)).toBe(s.root)
      expect(s.keyCount).toBe(s.entries.length)
    }
    for (const c of checkpoints) expect(c.root).toBe(v.states.find((s: { version: number }) => s.version === c.version).root)
  })

  it('the tree of the last state, node by node: ranks fall from parent to child, keys in search order, hashes over the encodings', () => {
    const nodes = new Map<string, any>(v.tree.nodes.map((n: any) => [n.key, n]))
    for (const n of v.tree.nodes) {
      expect(n.rank).toBe(hex(Buffer.concat([sha256(h(v.tags.priority), h(n.key)), h(n.key)])))
      expect(n.hash).toBe(hex(sha256(h(v.tags.node), h(n.encoding))))
      for (const [side, child] of [['left', n.left], ['right', n.right]] as const) {
        if (child === null) continue
        expect(Buffer.compare(h(nodes.get(child).rank), h(n.rank))).toBeLessThan(0)
        expect(Math.sign(Buffer.compare(h(child), h(n.key)))).toBe(side === 'left' ? -1 : 1)
      }
    }
    expect(v.tree.nodes[0].hash).toBe(v.states[v.states.length - 1].root)
  })

  it('each proof verifies against the capsule\'s last heartbeat and gives the stated answer', () => {
    for (const p of v.proofs) {
      const state = verifyKvProof(decodeKvProof(h(p.proof)), name, signed.metadata)
      expect(state.checkpointSeqno, p.case).toBe(p.checkpointSeqno)
      if (p.query.get !== undefined) {
        p.query.get.forEach((key: string, i: number) => {
          const want = p.answer[i]
          const got = state.tree.get(h(key))
          if (want.absent === true) expect(got, p.case).toBeUndefined()
          else {
            expect(got, p.case).toMatchObject({ encryptionEpoch: want.encryptionEpoch, seqno: want.seqno })
            checkValue(got!, h(want.value))
          }
        })
      }
      const bounds = (b: { start: string | null, end: string | null }): { start?: Buffer, end?: Buffer } => ({ ...(b.start === null ? {} : { start: h(b.start) }), ...(b.end === null ? {} : { end: h(b.end) }) })
      if (p.query.list !== undefined) {
        const listed = state.tree.list(bounds(p.query.list))
        expect(listed.map((e) => hex(e.key)), p.case).toEqual(p.answer.map((a: Entry) => a.key))
        listed.forEach((e, i) => checkValue(e, h(p.answer[i].value)))
      }
      if (p.query.count !== undefined) expect(state.tree.count(bounds(p.query.count)), p.case).toBe(p.answer)
      if (p.time !== undefined) {
        // untilUs null: no end, as far as the heartbeat goes.
        expect({ fromUs: state.time?.fromUs, untilUs: state.time?.untilUs ?? null }, p.case).toEqual(p.time)
        expect(coversTimestamp(state, p.time.fromUs)).toBe(true)
        expect(coversTimestamp(state, p.time.untilUs ?? Number.MAX_SAFE_INTEGER)).toBe(p.time.untilUs === null)
      }
    }
  })

  it('a checkpoint of the version before its batch (C.version < s) proves that version only, and no time, against its own heartbeat', () => {
    const late = v.lateCheckpoint
    const proof = decodeKvProof(h(late.proof))
    // The capsule's records carried on: the fourth batch's records follow the third's, under its own heartbeat.
    expect(late.records.map((r: { seqno: number }) => r.seqno)).toEqual([v.capsule.records.length, v.capsule.records.length + 1])
    expect(hex(encodeSignedHeartbeat(proof.heartbeat))).toBe(late.heartbeat.signedHeartbeat)
    const state = verifyKvProof(proof, name, signed.metadata)
    expect({ checkpointSeqno: state.checkpointSeqno, version: state.version, lastVersion: state.lastVersion, time: state.time }).toEqual({ checkpointSeqno: late.checkpointSeqno, version: late.version, lastVersion: late.version, time: undefined })
    expect(late.version).toBeLessThan(late.checkpointSeqno)
    expect(late.records[1].record).toEqual({ type: 'checkpoint', version: late.version, keyCount: v.states[v.states.length - 1].keyCount, root: v.states[v.states.length - 1].root })
    late.query.get.forEach((key: string, i: number) => {
      const want = late.answer[i]
      const got = state.tree.get(h(key))
      if (want.absent === true) expect(got).toBeUndefined()
      else checkValue(got!, h(want.value))
    })
    expect(late.answer.map((a: { absent?: boolean }) => a.absent === true)).toEqual([false, true])
  })

  it('payloads a reader must refuse: each is refused, and a plain protobuf reader takes most of them', () => {
    expect(v.invalidRecords.length).toBeGreaterThan(10)
    for (const c of v.invalidRecords) {
      let lenient = true
      try { pb.KvRecord.decode(h(c.payload)) } catch { lenient = false }
      expect(lenient, c.rule).toBe(c.lenientReaderAccepts)
      expect(() => decodeKvRecord(h(c.payload)), c.rule).toThrow(MalformedMessageError)
    }
  })

  it('proofs a reader must refuse: each decodes, and fails verification with the stated error', () => {
    for (const c of v.invalidProofs) {
      const proof = decodeKvProof(h(c.proof))
      let error = 'none'
      try {
        const state = verifyKvProof(proof, name, signed.metadata)
        for (const key of c.query.get) state.tree.get(h(key))
      } catch (err) { error = (err as Error).name }
      expect(error, c.rule).toBe(c.error)
    }
  })
})
