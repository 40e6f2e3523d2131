/**
 * Bytes in URLs and JSON, and the JSON forms of capsule data. Names and
 * public keys are base64url (as `gdp` prints them), hashes and signatures
 * hex; payloads, keys and values in the encoding the request names.
 */
import { formatName } from '../capsule/name.js'
import type { CapsuleRecord, InclusionProof, SignedHeartbeat, SignedMetadata } from '../capsule/types.js'
import { encodeSignedMetadata } from '../capsule/codec.js'
import { isoTimeProblem, microsecondsProblem, parseIsoTimeUs } from '../capsule/time.js'
import type { AppendAck } from '../routing/append-ack.js'
import { InvalidArgumentError } from '../errors.js'
import { base64ToBytes, bytesToHex, utf8Text } from '../crypto/bytes.js'
import type { KvAt } from '../kv/model.js'

export type BytesEncoding = 'base64' | 'hex' | 'utf8'
export const BYTES_ENCODINGS: BytesEncoding[] = ['base64', 'hex', 'utf8']

/**
 * The room a page's answer takes, going by the bytes it holds (payloads,
 * values): as base64 (the default) or hex text, and the proofs, headers and
 * names beside them. A page reserves the room of its byte bound before it
 * reads (UnsentBudget.reserve): how large records or values are is
 * known only once they are read, and an answer built past what it reserved
 * takes the rest once built, or is refused (UnsentBudget.holdAnswer).
 */
export const answerBytes = (bytes: number): number => 2 * bytes + PAGE_JSON_BYTES
/** A page's headers, proofs and heartbeats in JSON, beside its payloads: 1,000 records of about 1 KiB each (a proof at 2^20 records). */
const PAGE_JSON_BYTES = 1024 * 1024

/** Bytes as the gateway writes them in hex: lower case, two digits a byte. */
export const hex = bytesToHex

/** Bytes as text in `encoding`; UTF-8 only for bytes that are valid UTF-8 (`what` names them in the error). */
export function encodeBytes (bytes: Uint8Array, encoding: BytesEncoding, what: string): string {
  if (encoding === 'utf8') {
    const text = utf8Text(bytes)
    if (text === undefined) throw new InvalidArgumentError(`${what} is not valid UTF-8 (0x${hex(bytes).slice(0, 64)}${bytes.length > 32 ? '...' : ''}); ask with encoding hex or base64`)
    return text
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(encoding)
}

/** Text in `encoding` as bytes; refuses what is not well-formed in it rather than dropping characters as Buffer.from does. */
export function decodeBytes (text: string, encoding: BytesEncoding, what: string): Uint8Array {
  if (encoding === 'utf8') {
    // JSON strings may hold lone surrogates, which have no UTF-8 form.
    if (/[\uD800-\uDFFF]/u.test(text)) throw new InvalidArgumentError(`${what} holds a lone UTF-16 surrogate: it has no UTF-8 form`)
    return new Uint8Array(Buffer.from(text, 'utf8'))
  }
  if (encoding === 'hex') {
    if (!/^(?:[0-9a-fA-F]{2})*$/.test(text)) throw new InvalidArgumentError(`${what} is not hex (an even number of 0-9a-f digits)`)
    return new Uint8Array(Buffer.from(text, 'hex'))
  }
  return base64ToBytes(text, what)
}

/**
 * A path segment of the URL as the bytes it encodes: percent-escapes
 * decoded, with `utf8` checked to be valid UTF-8 (`hex`: hex digits).
 */
export function decodePathBytes (raw: string, encoding: 'utf8' | 'hex', what: string, binaryHint = '; give binary keys in hex with keyEncoding=hex'): Uint8Array {
  if (encoding === 'hex') return decodeBytes(raw, 'hex', what)
  const bytes: number[] = []
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i)
    if (c !== 0x25) { bytes.push(c); continue } // the raw URL is ASCII: Node refuses other characters in it
    const escape = raw.slice(i + 1, i + 3)
    if (!/^[0-9a-fA-F]{2}$/.test(escape)) throw new InvalidArgumentError(`${what}: '%${escape}' is not a percent-escape (% and two hex digits)`)
    bytes.push(parseInt(escape, 16))
    i += 2
  }
  const decoded = new Uint8Array(bytes)
  if (utf8Text(decoded) === undefined) throw new InvalidArgumentError(`${what} is not percent-encoded UTF-8${binaryHint}`)
  return decoded
}

/** A time given as microseconds since the epoch or as an ISO 8601 date. */
export function parseTimeUs (text: string, what: string): number {
  const digits = /^\d+$/.test(text)
  const us = digits ? Number(text) : parseIsoTimeUs(text)
  if (us !== undefined && Number.isSafeInteger(us)) return us
  // A query's + is a space (form encoding), so an offset written +01:00 arrives as ' 01:00': say so, not that the client sent a space.
  if (!digits && text.includes(' ') && parseIsoTimeUs(text.replace(' ', '+')) !== undefined) {
    throw new InvalidArgumentError(`${what}: '${text}' is no time: a + in a query is read as a space: write the + of the time's offset as %2B`)
  }
  const problem = digits ? microsecondsProblem(us!) : isoTimeProblem(text)
  if (problem === undefined) throw new InvalidArgumentError(`${what}: '${text}' is neither microseconds since the epoch nor an ISO 8601 time`)
  throw new InvalidArgumentError(`${what}: '${text}' ${problem}`)
}

/** The past state a key-value or file read asks for with its query's `version` or `at` (a time, parseTimeUs); none: the latest. */
export function atOfQuery (query: Record<string, unknown>): KvAt | undefined {
  if (query.version !== undefined && query.at !== undefined) throw new InvalidArgumentError('give version or at, not both')
  if (query.version !== undefined) return { version: query.version as number }
  if (query.at !== undefined) return { timestampUs: parseTimeUs(query.at as string, 'at') }
  return undefined
}

export function heartbeatJson (signed: SignedHeartbeat): Record<string, unknown> {
  const hb = signed.heartbeat
  return { capsule: formatName(hb.capsule), size: hb.size, root: hex(hb.root), lastRecordHash: hex(hb.lastRecordHash), timestampUs: hb.timestampUs, signature: hex(signed.signature) }
}

export function metadataJson (signed: SignedMetadata): Record<string, unknown> {
  const m = signed.metadata
  return {
    owner: formatName(m.owner.key),
    writer: formatName(m.writer.key),
    createdAtUs: m.createdAtUs,
    expiresAtUs: m.expiresAtUs,
    replication: { replicas: m.replication.replicas, writeQuorum: m.replication.writeQuorum, alwaysWrite: m.replication.alwaysWrite === true },
    appFields: m.appFields.map((f) => ({ key: f.key, value: Buffer.from(f.value).toString('base64') })),
    nonce: hex(m.nonce),
    ownerSignature: hex(signed.ownerSignature),
    // The signed bytes themselves, so a client can check the name and signature with its own code.
    encoded: Buffer.from(encodeSignedMetadata(signed)).toString('base64')
  }
}

export function recordJson (record: CapsuleRecord, encoding: BytesEncoding, proof?: InclusionProof): Record<string, unknown> {
  const h = record.header
  const json: Record<string, unknown> = {
    seqno: h.seqno,
    timestampUs: h.timestampUs,
    hash: hex(record.hash),
    prevHash: hex(h.prevHash),
    payloadHash: hex(h.payloadHash),
    payloadLength: h.payloadLength,
    payload: encodeBytes(record.payload, encoding, `the payload of record ${h.seqno}`)
  }
  if (proof !== undefined) json.proof = { treeSize: proof.treeSize, path: proof.path.map(hex) }
  return json
}

export function ackJson (ack: AppendAck): Record<string, unknown> {
  return { server: formatName(ack.server), serverKey: formatName(ack.serverKey), size: ack.heartbeat.heartbeat.size, storedAtUs: ack.storedAtUs, signature: hex(ack.signature) }
}
