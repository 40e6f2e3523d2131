/**
 * Vectors of two files that users and operators meet on disk: a store's
 * evidence file (docs/store.md, "Evidence") and a writer journal's entry
 * (docs/spec.md section 9.1). Each file is made by the project's own code
 * (Evidence, CapsuleWriter, encodeJournalEntry), then damaged where a case
 * says so, and given with what the code does with it: the claims
 * Evidence.open keeps and the damage it reports, or refuses; whether the
 * journal takes an entry, and which error refuses it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { verifyHeartbeat } from '../../src/capsule/heartbeat.js'
import { capsuleName, newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import { formatName } from '../../src/capsule/name.js'
import { encodeSignedMetadata } from '../../src/capsule/codec.js'
import { CapsuleWriter, emptyWriterState } from '../../src/capsule/writer.js'
import type { AppendBatch } from '../../src/capsule/writer.js'
import { encodeJournalEntry } from '../../src/client/journal-entry.js'
import { Ed25519Signer } from '../../src/crypto/ed25519.js'
import { sha256 } from '../../src/crypto/hash.js'
import { gatewayJournalFolder, writerJournal } from '../../src/node/writer-journal.js'
import { CLOSED_FILE, Evidence, EVIDENCE_FILE, type Claim } from '../../src/store/evidence.js'
import { pb } from '../../src/wire/index.js'

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
const named = (label: string): Uint8Array => sha256(Buffer.from(label))
const claim = (label: string, size: number): Claim => ({ name: named(label), size, heartbeatHash: size === 0 ? new Uint8Array(32) : sha256(Buffer.from(`${label} heartbeat ${size}`)) })

/** One session of the store: open, the claims, close (one group, and the note of the file's length). */
async function session (dir: string, claims: Claim[], forget: string[] = []): Promise<void> {
  const evidence = Evidence.open(dir, false)
  evidence.record(claims)
  for (const label of forget) evidence.forget(named(label))
  await evidence.close()
}

/** What Evidence.open makes of `file` (with `note` as GDP-EVIDENCE-CLOSED, if any): the claims kept and the damage it reports, or its refusal. */
function opened (file: Uint8Array, note: string | undefined): unknown {
  const dir = mkdtempSync(join(tmpdir(), 'gdp-evidence-vector-'))
  try {
    writeFileSync(join(dir, EVIDENCE_FILE), file)
    if (note !== undefined) writeFileSync(join(dir, CLOSED_FILE), note)
    let evidence: Evidence
    try {
      evidence = Evidence.open(dir, false)
    } catch (err) {
      return { refused: (err as Error).name }
    }
    const claims = evidence.claimedNames().map((name) => evidence.get(name)!).map((c) => ({ name: hex(c.name), size: c.size, heartbeatHash: hex(c.heartbeatHash) }))
    claims.sort((a, b) => a.name < b.name ? -1 : 1)
    const damage = evidence.damage ?? ''
    const length = readFileSync(join(dir, EVIDENCE_FILE)).length
    return {
      claims,
      damagedMagicLine: damage.includes('its magic line is damaged'),
      // Each damaged range, [first byte, last byte], as Evidence.damage names it.
      damagedBytes: [...damage.matchAll(/bytes (\d+) to (\d+) fail/g)].map((m) => [Number(m[1]), Number(m[2])]),
      // Claims dropped from verified groups for a size of 2^53 or more (not the forgetting claim's).
      damagedClaims: [...damage.matchAll(/a claim states \d+ records/g)].length,
      // Whole or with a torn tail: the length the file was cut to (damaged, it was rewritten instead).
      ...(damage === '' ? { lengthAfter: length } : {})
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

async function evidenceVectors (): Promise<unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'gdp-evidence-vector-'))
  let file: Buffer
  let note: string
  try {
    await session(dir, [claim('a', 1), claim('b', 0), claim('e', 2), claim('f', 0)])
    await session(dir, [claim('a', 3), claim('c', 2)])
    // b forgotten, e forgotten too and claimed again after (a reader starts it again).
    await session(dir, [claim('d', 5)], ['b', 'e'])
    await session(dir, [claim('e', 7), claim('a', 4)])
    file = readFileSync(join(dir, EVIDENCE_FILE))
    note = readFileSync(join(dir, CLOSED_FILE), 'latin1')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  // The groups' offsets, for the damaged cases: magic line 15 bytes, then count, 72-byte claims, 8-byte checksum.
  const groups: number[] = []
  for (let at = 15; at < file.length; at += 4 + file.readUInt32BE(at) * 72 + 8) groups.push(at)
  const flipped = (at: number): Buffer => { const b = Buffer.from(file); b[at]! ^= 0x01; return b }
  // A group as a tamperer makes it, checksum recomputed: g claimed at 2^53 records, then a at 5.
  const oversized = Buffer.alloc(4 + 2 * 72)
  oversized.writeUInt32BE(2, 0)
  oversized.set(named('g'), 4)
  oversized.writeBigUInt64BE(2n ** 53n, 36)
  oversized.set(named('a'), 76)
  oversized.writeBigUInt64BE(5n, 108)
  oversized.set(sha256(Buffer.from('a heartbeat 5')), 116)
  const withOversized = Buffer.concat([file, oversized, sha256(oversized).subarray(0, 8)])
  const cases: Array<{ case: string, file: Buffer, note?: string }> = [
    { case: 'four groups, closed cleanly: claims of size 0, a capsule claimed again larger, one forgotten, one forgotten and claimed again', file, note },
    { case: 'the same, after a crash (no note)', file },
    { case: 'a byte of a claim in the second group changed: that group dropped, the groups after it kept', file: flipped(groups[1]! + 4 + 40) },
    { case: 'a byte of the second group\'s count changed: the groups after it found by their checksums and counts', file: flipped(groups[1]! + 3) },
    { case: 'a damaged count with a torn tail after it: taken for a torn tail, the verified groups between cut off with it', file: flipped(groups[1]! + 3).subarray(0, file.length - 10) },
    { case: 'a byte of the magic line changed: every group kept', file: flipped(3), note },
    { case: 'a torn tail (the last group cut short by a crash): cut off in silence', file: file.subarray(0, file.length - 10) },
    { case: 'a torn tail of 3 bytes, less than a count', file: Buffer.concat([file, Buffer.from([0, 0, 0])]) },
    { case: 'the last group\'s checksum changed under a note of the whole length: damage, not a torn tail', file: flipped(file.length - 1), note },
    { case: 'cut short below the noted length: refused', file: file.subarray(0, file.length - 10), note },
    { case: 'emptied: refused', file: Buffer.alloc(0) },
    { case: 'shorter than the magic line: refused', file: file.subarray(0, 14) },
    { case: 'a note that holds no length: as after a crash', file: file.subarray(0, file.length - 10), note: `${file.length}` },
    { case: 'a verified group claiming 2^53 records for one capsule (a tampered file): that claim is damage and dropped, the rest of its group kept', file: withOversized },
    { case: 'the magic line alone', file: file.subarray(0, 15), note: '15\n' }
  ]
  return {
    groupOffsets: groups,
    files: cases.map((c) => ({ case: c.case, file: hex(c.file), ...(c.note === undefined ? {} : { closedNote: c.note }), expect: opened(c.file, c.note) }))
  }
}

/** What the command line's journal and a writer made on it do with an entry `bytes` filed under `capsule`. */
function journalTakes (bytes: Uint8Array, capsule: Uint8Array, metadata: Parameters<typeof verifyHeartbeat>[2]): unknown {
  const dir = mkdtempSync(join(tmpdir(), 'gdp-journal-vector-'))
  try {
    const journal = writerJournal(dir)
    writeFileSync(journal.where(capsule), bytes)
    try {
      const batch = journal.last(capsule)!
      verifyHeartbeat(batch.heartbeat, capsule, metadata)
      return { accepted: { firstSeqno: batch.records[0]!.header.seqno, size: batch.heartbeat.heartbeat.size } }
    } catch (err) {
      return { refused: (err as Error).name }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function journalVectors (): unknown {
  const owner = new Ed25519Signer(new Uint8Array(32).map((_, i) => 0x10 + i))
  const writer = new Ed25519Signer(new Uint8Array(32).map((_, i) => 0x90 + i))
  const metadata = newMetadata({ owner: owner.publicKey, writer: writer.publicKey, createdAtUs: 1_767_225_600_000_000, nonce: new Uint8Array(8).fill(7) })
  const name = capsuleName(metadata)
  const w = new CapsuleWriter(name, metadata, writer, emptyWriterState(name))
  const first = w.append([Buffer.from('one'), Buffer.from('two')], 1_767_225_601_000_000)
  const second = w.append([Buffer.from('three'), Buffer.from('four'), Buffer.from('')], 1_767_225_602_000_000)
  const other = newMetadata({ owner: owner.publicKey, writer: writer.publicKey, createdAtUs: 1_767_225_600_000_000, nonce: new Uint8Array(8).fill(8) })
  const otherName = capsuleName(other)
  const otherBatch = new CapsuleWriter(otherName, other, writer, emptyWriterState(otherName)).append([Buffer.from('elsewhere')], 1_767_225_601_000_000)
  const entry = (batch: Pick<AppendBatch, 'records' | 'heartbeat'>): Uint8Array => encodeJournalEntry({ capsule: name, records: batch.records, heartbeat: batch.heartbeat })
  const good = entry(second)
  const changed = (bytes: Uint8Array, at: number): Uint8Array => { const b = Buffer.from(bytes); b[at]! ^= 0x01; return b }
  const payloadAt = Buffer.from(good).indexOf(Buffer.from('three'))
  const signature = second.heartbeat.signature
  const signatureAt = Buffer.from(good).indexOf(Buffer.from(signature))
  const cases: Array<{ case: string, entry: Uint8Array }> = [
    { case: 'the second batch of three records, as kept', entry: good },
    { case: 'the first batch, as kept', entry: entry(first) },
    { case: 'with batch_heartbeats (field 3), which a reader ignores', entry: Buffer.concat([good, pb.AppendRequest.encode({ batchHeartbeats: [pb.SignedHeartbeat.create({ signature: new Uint8Array(64) })] }).finish()]) },
    { case: 'a byte of a payload changed', entry: changed(good, payloadAt) },
    { case: 'the middle record left out: the records do not follow each other', entry: entry({ records: [second.records[0]!, second.records[2]!], heartbeat: second.heartbeat }) },
    { case: 'the first batch\'s records under the second batch\'s heartbeat: it does not end them', entry: entry({ records: first.records, heartbeat: second.heartbeat }) },
    { case: 'the heartbeat alone, no records', entry: pb.AppendRequest.encode({ heartbeat: pb.AppendRequest.decode(good).heartbeat }).finish() },
    { case: 'another capsule\'s entry, filed under this one', entry: encodeJournalEntry({ capsule: otherName, records: otherBatch.records, heartbeat: otherBatch.heartbeat }) },
    { case: 'its fields out of order (the heartbeat first): a plain protobuf, taken', entry: Buffer.concat([pb.AppendRequest.encode({ heartbeat: pb.AppendRequest.decode(good).heartbeat }).finish(), pb.AppendRequest.encode({ records: pb.AppendRequest.decode(good).records }).finish()]) },
    { case: 'cut short: does not decode', entry: good.subarray(0, good.length - 5) },
    { case: 'a byte of the heartbeat\'s signature changed', entry: changed(good, signatureAt + 10) }
  ]
  return {
    ownerSeed: hex(new Uint8Array(32).map((_, i) => 0x10 + i)),
    writerPublicKey: hex(writer.publicKey),
    signedMetadata: hex(encodeSignedMetadata(signMetadata(metadata, owner))),
    capsule: hex(name),
    // Where the entry lives: `<key file>.journal/<file>`, or a gateway's `<data>/<gatewayFolder>/<file>`.
    file: formatName(name),
    gatewayFolder: gatewayJournalFolder('', writer.publicKey),
    entries: cases.map((c) => ({ case: c.case, entry: hex(c.entry), expect: journalTakes(c.entry, name, metadata) }))
  }
}

export async function generateStoreFileVectors (): Promise<unknown> {
  return {
    description: 'A store\'s evidence file (docs/store.md, "Evidence") and writer journal entries (docs/spec.md section 9.1), made by the code, some damaged, each with what the code does with it. Byte strings are hex.',
    evidence: await evidenceVectors(),
    journal: journalVectors()
  }
}
