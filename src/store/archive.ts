/**
 * Export files: one self-verifying file per capsule (docs/spec.md, "Export
 * file"). The magic "GDPCAPS" and a version byte, then length-delimited
 * ExportFrames: a header with the signed metadata, each append batch's
 * records followed by its heartbeat, and a trailer with the counts.
 */
import { decodeRecord, decodeSignedHeartbeat, delimitedLength, MAX_RECORD_LENGTH, recordToPb, signedHeartbeatToPb, signedMetadataFromPb, signedMetadataToPb } from '../capsule/codec.js'
import { onlyMember, requireCanonical } from '../capsule/canonical.js'
import { verifySignedMetadata } from '../capsule/metadata.js'
import { formatName } from '../capsule/name.js'
import type { CapsuleRecord, ForkProof, SignedHeartbeat, SignedMetadata } from '../capsule/types.js'
import { inclusionPathAfter } from '../capsule/merkle.js'
import { emptyWriterState, verifyAppendBatch, type WriterState } from '../capsule/writer.js'
import { equalBytes } from '../crypto/hash.js'
import { ForkDetectedError, MalformedMessageError } from '../errors.js'
import { decodeProto, lengthPrefixed, pb, readLengthPrefix, safeUint } from '../wire/index.js'
import type { CapsuleStore } from './capsule-store.js'
import type { StoredCapsule } from './stored-capsule.js'
import { divergedFork, sameSizeFork } from '../capsule/fork.js'

export const EXPORT_MAGIC = new Uint8Array([0x47, 0x44, 0x50, 0x43, 0x41, 0x50, 0x53, 0x01]) // "GDPCAPS" 1
export const EXPORT_VERSION = 1
/** The longest frame: a record frame with the longest canonical Record (docs/spec.md, "Export file"). */
export const MAX_FRAME_LENGTH = delimitedLength(MAX_RECORD_LENGTH)
/** Records an importer holds while waiting for the heartbeat that signs them. */
export const MAX_UNSIGNED_RECORDS = 65_536
export const MAX_UNSIGNED_BYTES = 256 * 1024 * 1024

export type ExportFrame =
  | { kind: 'header', metadata: SignedMetadata }
  | { kind: 'record', record: CapsuleRecord }
  | { kind: 'heartbeat', heartbeat: SignedHeartbeat }
  | { kind: 'trailer', records: number, heartbeats: number }

function frame (message: pb.IExportFrame): Uint8Array {
  return lengthPrefixed(pb.ExportFrame.encode(message).finish())
}

/** One append batch as an export carries it: its records, then the writer's heartbeat that ends them. */
export interface ExportBatch {
  records: AsyncIterable<CapsuleRecord> | Iterable<CapsuleRecord>
  heartbeat: SignedHeartbeat
}

/** Writes a stored capsule as an export file, streaming: memory stays bounded. */
export async function * exportCapsule (capsule: StoredCapsule): AsyncGenerator<Uint8Array> {
  const size = capsule.size
  async function * batches (): AsyncGenerator<ExportBatch> {
    let next = 0
    for await (const heartbeat of capsule.heartbeats({ upTo: size })) {
      yield { records: capsule.readRange(next, heartbeat.heartbeat.size), heartbeat }
      next = heartbeat.heartbeat.size
    }
  }
  yield * exportBatches(capsule.signedMetadata, batches())
}

/**
 * Writes an export file from a capsule's batches, in order, wherever they
 * come from (the store, or a node read with batch heartbeats). The file is
 * only as good as its batches: a reader verifies it (verifyExport).
 */
export async function * exportBatches (metadata: SignedMetadata, batches: AsyncIterable<ExportBatch>): AsyncGenerator<Uint8Array> {
  yield EXPORT_MAGIC
  yield frame({ header: { version: EXPORT_VERSION, metadata: signedMetadataToPb(metadata) } })
  let heartbeats = 0
  let records = 0
  for await (const batch of batches) {
    for await (const record of batch.records) yield frame({ record: recordToPb(record) })
    records = batch.heartbeat.heartbeat.size
    yield frame({ heartbeat: signedHeartbeatToPb(batch.heartbeat) })
    heartbeats++
  }
  yield frame({ trailer: { records, heartbeats } })
}

/** Splits a byte stream into frames; MalformedMessageError on anything that is not an export file. */
export async function * readExport (input: AsyncIterable<Uint8Array>): AsyncGenerator<ExportFrame> {
  let buffer: Buffer = Buffer.alloc(0)
  let sawMagic = false
  let sawTrailer = false
  let index = 0
  for await (const chunk of input) {
    buffer = buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([buffer, chunk])
    if (!sawMagic) {
      if (buffer.length < EXPORT_MAGIC.length) continue
      if (!equalBytes(buffer.subarray(0, EXPORT_MAGIC.length), EXPORT_MAGIC)) throw new MalformedMessageError('not a gdp capsule export file (bad magic bytes)')
      buffer = buffer.subarray(EXPORT_MAGIC.length)
      sawMagic = true
    }
    for (;;) {
      const prefix = readLengthPrefix(buffer)
      if (prefix === undefined) break
      const { length, prefixBytes } = prefix
      if (length > MAX_FRAME_LENGTH) throw new MalformedMessageError(`frame ${index} claims ${length} bytes, more than the ${MAX_FRAME_LENGTH}-byte limit`)
      if (buffer.length < prefixBytes + length) break
      if (sawTrailer) throw new MalformedMessageError('data after the trailer frame')
      const decoded = decodeFrame(buffer.subarray(prefixBytes, prefixBytes + length), index++)
      if (decoded.kind === 'trailer') sawTrailer = true
      yield decoded
      buffer = buffer.subarray(prefixBytes + length)
    }
  }
  if (!sawMagic) throw new MalformedMessageError('not a gdp capsule export file (too short)')
  if (buffer.length > 0) throw new MalformedMessageError(`export file ends in the middle of frame ${index}`)
  if (!sawTrailer) throw new MalformedMessageError('export file is truncated: it has no trailer frame')
}

/** ExportFrame's oneof members, by field number (store.proto). */
const FRAME_MEMBERS = ['header', 'record', 'heartbeat', 'trailer'] as const

/**
 * Decodes one frame. Frames are canonical like every v1 message (docs/spec.md,
 * "Decoding"): one member of the oneof, itself canonical, and nothing else.
 */
function decodeFrame (bytes: Uint8Array, index: number): ExportFrame {
  const what = `export frame ${index}`
  const { member, value } = onlyMember(bytes, FRAME_MEMBERS, what)
  try {
    switch (member) {
      case 'header': {
        const header = decodeProto(pb.ExportHeader, value, 'header')
        if (header.version !== EXPORT_VERSION) throw new MalformedMessageError(`export file version ${header.version} is not supported (this implementation reads version ${EXPORT_VERSION})`)
        const metadata = signedMetadataFromPb(header.metadata)
        requireCanonical(value, pb.ExportHeader.encode({ version: EXPORT_VERSION, metadata: signedMetadataToPb(metadata) }).finish(), 'header')
        return { kind: 'header', metadata }
      }
      case 'record': return { kind: 'record', record: decodeRecord(value) }
      case 'heartbeat': return { kind: 'heartbeat', heartbeat: decodeSignedHeartbeat(value) }
      case 'trailer': {
        const trailer = decodeProto(pb.ExportTrailer, value, 'trailer')
        const counts = { records: safeUint(trailer.records, 'trailer records'), heartbeats: safeUint(trailer.heartbeats, 'trailer heartbeats') }
        requireCanonical(value, pb.ExportTrailer.encode(counts).finish(), 'trailer')
        return { kind: 'trailer', ...counts }
      }
    }
  } catch (err) {
    if (err instanceof MalformedMessageError) throw new MalformedMessageError(`${what}: ${err.message}`)
    throw err
  }
}

export interface ImportSummary {
  name: Uint8Array
  records: number
  /** Hash of the file's last record (the name when it has none). */
  lastHash: Uint8Array
  heartbeats: number
  /** Records the store did not have before. */
  added: number
}

/**
 * Checks an export completely without writing: metadata signature, every
 * record and chain link, every heartbeat against the tree, the trailer.
 * With `onBatch`, hands each verified batch on (import does that).
 */
export interface ExportHooks {
  onHeader?: (metadata: SignedMetadata, name: Uint8Array) => Promise<void>
  onBatch?: (metadata: SignedMetadata, name: Uint8Array, records: CapsuleRecord[], heartbeat: SignedHeartbeat, base: WriterState) => Promise<void>
}

export async function verifyExport (input: AsyncIterable<Uint8Array>, hooks: ExportHooks = {}): Promise<ImportSummary> {
  let metadata: SignedMetadata | undefined
  let name: Uint8Array | undefined
  let state: WriterState | undefined
  let pending: CapsuleRecord[] = []
  let pendingBytes = 0
  let heartbeats = 0
  let trailer: { records: number, heartbeats: number } | undefined
  for await (const f of readExport(input)) {
    if (metadata === undefined || name === undefined || state === undefined) {
      if (f.kind !== 'header') throw new MalformedMessageError('export file does not start with a header frame')
      metadata = f.metadata
      name = verifySignedMetadata(metadata)
      state = emptyWriterState(name)
      await hooks.onHeader?.(metadata, name)
      continue
    }
    switch (f.kind) {
      case 'header': throw new MalformedMessageError('export file has a second header frame')
      case 'record':
        pending.push(f.record)
        pendingBytes += f.record.payload.length
        if (pending.length > MAX_UNSIGNED_RECORDS) throw new MalformedMessageError(`${pending.length} records from record ${state.size} on without a heartbeat signing them: a batch of more than ${MAX_UNSIGNED_RECORDS} records is refused`)
        if (pendingBytes > MAX_UNSIGNED_BYTES) throw new MalformedMessageError(`${pendingBytes} bytes of payload from record ${state.size} on without a heartbeat signing them: a batch of more than ${MAX_UNSIGNED_BYTES} bytes is refused`)
        break
      case 'heartbeat': {
        const batch = verifyAppendBatch(name, metadata.metadata, state, pending, f.heartbeat)
        await hooks.onBatch?.(metadata, name, pending, f.heartbeat, state)
        state = batch.state
        heartbeats++
        pending = []
        pendingBytes = 0
        break
      }
      case 'trailer': trailer = f
    }
  }
  if (name === undefined || state === undefined) throw new MalformedMessageError('export file has no header')
  if (pending.length > 0) throw new MalformedMessageError(`the last ${pending.length} records are not signed by any heartbeat`)
  if (trailer === undefined || trailer.records !== state.size || trailer.heartbeats !== heartbeats) {
    throw new MalformedMessageError(`export trailer counts (${trailer?.records} records, ${trailer?.heartbeats} heartbeats) do not match the file (${state.size}, ${heartbeats})`)
  }
  return { name, records: state.size, lastHash: state.lastHash, heartbeats, added: 0 }
}

/**
 * Imports an export file. `open` is called twice: the whole file is
 * verified before anything is written, so a bad file changes nothing. A
 * capsule already in the store is extended if the file continues its
 * history. A file that diverges from it is refused with ForkDetectedError
 * and a fork proof: both histories are writer-signed, so the evidence
 * always exists (docs/spec.md, "Holes, branches and forks").
 */
export async function importCapsule (store: CapsuleStore, open: () => AsyncIterable<Uint8Array>): Promise<ImportSummary> {
  await verifyExport(open())
  let capsule: StoredCapsule | undefined
  let added = 0
  const summary = await verifyExport(open(), {
    onHeader: async (metadata) => { capsule = await store.create(metadata) },
    onBatch: async (metadata, name, records, heartbeat, base) => {
      const stored = capsule!.writerState
      const end = heartbeat.heartbeat.size
      if (end <= stored.size) {
        const against = await compareWithStore(capsule!, heartbeat)
        if (against.status === 'contradicts') {
          throw new ForkDetectedError(`capsule ${formatName(name)} forked: the file's heartbeat at size ${end} contradicts the stored history of ${stored.size} records`, against.proof)
        }
        return
      }
      const overlap = stored.size - base.size
      if (overlap > 0 && !equalBytes(records[overlap - 1]!.hash, stored.lastHash)) {
        // The file goes on past the store from another record at its last position: the store's head
        // is the shorter heartbeat, and this batch proves what the file holds there.
        const at = stored.size - 1
        const proof = { index: at, treeSize: end, path: inclusionPathAfter(base.frontier, records.map((r) => r.hash), at) }
        throw new ForkDetectedError(`capsule ${formatName(name)} forked at or before record ${at}: the file's heartbeat at size ${end} contradicts the stored one at size ${stored.size}`,
          divergedFork(metadata, capsule!.head!, heartbeat, proof, records[overlap - 1]!.hash))
      }
      // The part of this batch beyond what is stored extends the stored chain.
      const fresh = records.slice(Math.max(0, overlap))
      await capsule!.append(verifyAppendBatch(name, metadata.metadata, stored, fresh, heartbeat))
      added += fresh.length
    }
  })
  return { ...summary, added }
}

/** How a signed heartbeat stands against a stored capsule (see compareWithStore). */
export type StoreComparison =
  | { status: 'matches' }
  /** The heartbeat states more records than the store holds: nothing to check it against yet. */
  | { status: 'ahead' }
  /** It cannot be true together with the stored history; `proof` when the two make a portable fork proof. */
  | { status: 'contradicts', proof?: ForkProof }

/**
 * Checks a heartbeat, already verified as the writer's, against what the
 * store holds. A contradiction makes a fork proof with the stored heartbeat
 * of the same size, or else with the stored head and an inclusion proof of
 * the record the store holds where the heartbeat's last one should be.
 */
export async function compareWithStore (capsule: StoredCapsule, heartbeat: SignedHeartbeat): Promise<StoreComparison> {
  const hb = heartbeat.heartbeat
  if (hb.size > capsule.size) return { status: 'ahead' }
  const last = hb.size === 0 ? undefined : capsule.read(hb.size - 1).hash
  const sameRecords = last === undefined ? hb.lastRecordHash.length === 0 : equalBytes(last, hb.lastRecordHash)
  if (sameRecords && equalBytes(await capsule.rootAt(hb.size), hb.root)) return { status: 'matches' }
  const mine = await capsule.heartbeatAt(hb.size)
  if (mine !== undefined) return { status: 'contradicts', proof: sameSizeFork(capsule.signedMetadata, mine, heartbeat) }
  // A heartbeat whose root disagrees with its own last record proves nothing against a longer tree.
  if (last === undefined || sameRecords) return { status: 'contradicts' }
  const head = capsule.head!
  return { status: 'contradicts', proof: divergedFork(capsule.signedMetadata, heartbeat, head, await capsule.inclusionProof(hb.size - 1, head.heartbeat.size), last) }
}
