/**
 * A writer journal's entry (docs/spec.md section 9.1) as bytes: one
 * AppendRequest (proto/gdp/v1/pdu.proto), the records the key signed last in
 * a capsule and the heartbeat that ends them. The command line's journal keeps
 * it as a file (src/node/writer-journal.ts), a browser's in the page's
 * storage (src/browser/storage-journal.ts).
 */
import { formatName } from '../capsule/name.js'
import { recordFromPb, recordToPb, signedHeartbeatFromPb, signedHeartbeatToPb } from '../capsule/codec.js'
import { equalBytes, sha256 } from '../crypto/hash.js'
import { decodeProto, pb } from '../wire/index.js'
import type { JournaledBatch } from './client.js'

export function encodeJournalEntry (batch: JournaledBatch): Uint8Array {
  return pb.AppendRequest.encode({ records: batch.records.map(recordToPb), heartbeat: signedHeartbeatToPb(batch.heartbeat) }).finish()
}

/** The batch an entry of `capsule`'s holds; throws, saying why, when the bytes are no such entry. */
export function decodeJournalEntry (bytes: Uint8Array, capsule: Uint8Array): JournaledBatch {
  const request = decodeProto(pb.AppendRequest, bytes, 'writer journal entry')
  const records = request.records!.map(recordFromPb)
  const heartbeat = signedHeartbeatFromPb(request.heartbeat)
  // Whole, but another capsule's (copied or renamed): "its records and heartbeat do not belong together" sent the
  // writer looking for damage in a file that had none.
  if (!equalBytes(heartbeat.heartbeat.capsule, capsule)) throw new Error(`it is the entry of capsule ${formatName(heartbeat.heartbeat.capsule)}, not of ${formatName(capsule)} (copied or renamed?)`)
  const last = records.at(-1)
  if (last === undefined || last.header.seqno !== heartbeat.heartbeat.size - 1 || !equalBytes(last.hash, heartbeat.heartbeat.lastRecordHash)) {
    throw new Error('its records and heartbeat do not belong together')
  }
  // Each record as signed: a byte changed in a payload, or in a header before the last, still decoded, and the batch
  // was sent again as it was, the replicas' refusal naming neither the entry nor the way out (found by attacking the disk).
  for (const [i, r] of records.entries()) {
    if (r.header.payloadLength !== r.payload.length || !equalBytes(sha256(r.payload), r.header.payloadHash)) throw new Error(`the payload of record ${r.header.seqno} does not match its hash`)
    const next = records[i + 1]
    if (next !== undefined && (next.header.seqno !== r.header.seqno + 1 || !equalBytes(next.header.prevHash, r.hash))) throw new Error(`record ${r.header.seqno + 1} does not follow record ${r.header.seqno}`)
  }
  return { capsule, records, heartbeat }
}

/**
 * Why a journal entry still holds `batch`, refused for certain by
 * `refusal`, when setting it back to the batch before failed with `cause`,
 * and what that does to the next writer; the journal adds how to mend it.
 */
export function refusedNotSetBack (entry: string, batch: JournaledBatch, refusal: Error, cause: Error): string {
  const records = `${batch.records[0]!.header.seqno}..${batch.heartbeat.heartbeat.size - 1}`
  return `the writer journal entry ${entry} still holds records ${records}, which were refused for certain (${refusal.name}: ${refusal.message}), and could not be set back to the batch before them (${cause.message}): ` +
    'opened again with the key, the capsule takes them for signed (sends them again first, or refuses to write, ReplicasBehindWriterError, where other records took their places)'
}
