/**
 * A writer key's journal (docs/spec.md section 9.1), as the command line
 * and a node's gateway keep it: the batch the key signed last in each
 * capsule it appended to through the overlay, one file a capsule in a
 * folder of the key's (the command line's beside the key file,
 * `<key file>.journal/`; a gateway's in its data folder,
 * `<data>/writer-journal/<writer public key>/`: a key under /etc is no
 * place for state), so the next writer with that key (the next command,
 * the gateway after a restart) neither signs below it (a
 * replica that lost records or hides them made the writer fork its
 * capsule) nor loses a batch that was signed and never got an answer: that
 * one is sent again.
 *
 * A file holds one AppendRequest (proto/gdp/v1/pdu.proto: the records and
 * the heartbeat that ends them), written whole before the batch is sent
 * (beside, flushed, renamed over).
 */
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { recordFromPb, recordToPb, signedHeartbeatFromPb, signedHeartbeatToPb } from '../capsule/codec.js'
import { formatName } from '../capsule/name.js'
import { equalBytes } from '../crypto/hash.js'
import { FileAccessError, InvalidArgumentError } from '../errors.js'
import type { JournaledBatch, WriterJournal } from '../client/client.js'
import { writeSecretFile } from './keyfile.js'
import { decodeProto, pb } from '../wire/index.js'

export function writerJournal (folder: string): WriterJournal {
  const file = (capsule: Uint8Array): string => join(folder, formatName(capsule))
  /** What each capsule's file held before the batch last signed in it, to put back when that batch is refused for certain. */
  const before = new Map<string, Uint8Array | undefined>()
  const read = (capsule: Uint8Array): JournaledBatch | undefined => {
    const path = file(capsule)
    if (!existsSync(path)) return undefined
    try {
      const request = decodeProto(pb.AppendRequest, readFileSync(path), 'writer journal entry')
      const records = request.records!.map(recordFromPb)
      const heartbeat = signedHeartbeatFromPb(request.heartbeat)
      const last = records.at(-1)
      if (last === undefined || !equalBytes(heartbeat.heartbeat.capsule, capsule) || last.header.seqno !== heartbeat.heartbeat.size - 1 || !equalBytes(last.hash, heartbeat.heartbeat.lastRecordHash)) throw new Error('its records and heartbeat do not belong together')
      return { capsule, records, heartbeat }
    } catch (err) {
      throw new InvalidArgumentError(`the writer journal entry ${path} is damaged (${(err as Error).message}): it says what this key signed last in the capsule; restore it, or delete it to let the replicas say again`)
    }
  }
  return {
    last: read,
    signed (batch) {
      const path = file(batch.capsule)
      const held = existsSync(path) ? readFileSync(path) : undefined
      try {
        writeSecretFile(path, pb.AppendRequest.encode({ records: batch.records.map(recordToPb), heartbeat: signedHeartbeatToPb(batch.heartbeat) }).finish())
      } catch (err) {
        throw new FileAccessError(`the writer journal entry ${path} could not be written (${(err as Error).message}); nothing was sent: the journal says what this key signed last, and a batch it does not hold could be signed over later`)
      }
      before.set(path, held)
    },
    refused (batch) {
      const path = file(batch.capsule)
      if (!before.has(path)) return
      const held = before.get(path)
      before.delete(path)
      if (held === undefined) rmSync(path, { force: true })
      else writeSecretFile(path, held)
    },
    where: file
  }
}
