/**
 * Version 1 reads only canonical encodings (docs/spec.md, "Decoding"): a
 * message must be byte for byte what the canonical encoder makes of the
 * values read from it. One comparison covers every way protobuf lets an
 * encoder differ (unknown fields, a field twice, fields out of order, wrong
 * wire types, defaults written out, non-minimal varints), so no byte of an
 * accepted message escapes the canonical encoding its hash or signature
 * covers. When they differ, the bytes are walked field by field to say why.
 */
import { equalBytes } from '../crypto/bytes.js'
import { MalformedMessageError } from '../errors.js'
import * as varint from 'uint8-varint'

/** Throws MalformedMessageError, saying what is not canonical, unless `input` is exactly `canonical`. */
export function requireCanonical (input: Uint8Array, canonical: Uint8Array, what: string): void {
  if (equalBytes(input, canonical)) return
  throw new MalformedMessageError(`${what} is not in canonical form (docs/spec.md, "Decoding"): ${whyNotCanonical(input, canonical)}`)
}

interface WireField {
  number: number
  wireType: number
  /** The whole field: tag and value. */
  bytes: Uint8Array
  /** The value after the tag (for wire type 2, after the length). */
  value: Uint8Array
  /** Every varint in it (tag, length, value) is as short as it can be. */
  minimal: boolean
}

const WIRE_VARINT = 0
const WIRE_I64 = 1
const WIRE_LEN = 2
const WIRE_I32 = 5

/**
 * A varint's value and size; `minimal` is false for redundant trailing
 * 0x80..0x00 groups. Undefined when it is cut short, or past 2^53 (no v1
 * field holds such a value).
 */
function readVarint (bytes: Uint8Array, at: number): { value: number, size: number, minimal: boolean } | undefined {
  const last = bytes.subarray(at, at + MAX_VARINT_BYTES).findIndex((byte) => byte < 0x80)
  if (last < 0) return undefined
  let value: number
  try {
    value = varint.decode(bytes, at)
  } catch {
    return undefined
  }
  // 2^53 itself decodes, but no v1 field holds it (and the codec cannot size it).
  if (!Number.isSafeInteger(value)) return undefined
  return { value, size: last + 1, minimal: last + 1 === varint.encodingLength(value) }
}

/** The longest varint protobuf writes (a 64-bit value). */
const MAX_VARINT_BYTES = 10

/** The top-level fields of a message, or why they do not parse. */
function scanFields (bytes: Uint8Array): WireField[] | string {
  const fields: WireField[] = []
  let at = 0
  while (at < bytes.length) {
    const start = at
    const tag = readVarint(bytes, at)
    if (tag === undefined) return `the bytes at offset ${at} are not a field tag`
    at += tag.size
    const number = Math.floor(tag.value / 8)
    const wireType = tag.value % 8
    let minimal = tag.minimal
    let valueStart = at
    if (wireType === WIRE_VARINT) {
      const v = readVarint(bytes, at)
      if (v === undefined) return `field ${number} has a broken varint`
      minimal &&= v.minimal
      at += v.size
    } else if (wireType === WIRE_I64 || wireType === WIRE_I32) {
      at += wireType === WIRE_I64 ? 8 : 4
    } else if (wireType === WIRE_LEN) {
      const length = readVarint(bytes, at)
      if (length === undefined) return `field ${number} has a broken length`
      minimal &&= length.minimal
      at += length.size
      valueStart = at
      at += length.value
    } else {
      return `field ${number} uses wire type ${wireType}, which no v1 message uses`
    }
    if (at > bytes.length) return `field ${number} runs past the end of the message`
    fields.push({ number, wireType, bytes: bytes.subarray(start, at), value: bytes.subarray(valueStart, at), minimal })
  }
  return fields
}

/** A value protobuf would leave out: 0, or empty (varints are minimal by the time this is asked). */
function holdsDefault (f: WireField): boolean {
  return f.wireType === WIRE_LEN ? f.value.length === 0 : f.value.every((byte) => byte === 0)
}

/** Why `input` is not `canonical`, as a reader would want to hear it; a field inside field 1 is field 1.n. */
export function whyNotCanonical (input: Uint8Array, canonical: Uint8Array): string {
  return explain(input, canonical, '') ?? 'it differs from its canonical encoding'
}

function explain (input: Uint8Array, canonical: Uint8Array, path: string): string | undefined {
  const fields = scanFields(input)
  const expected = scanFields(canonical)
  if (typeof fields === 'string' || typeof expected === 'string') return path === '' && typeof fields === 'string' ? fields : undefined
  const name = (n: number): string => `field ${path}${n}`
  const count = (list: WireField[], n: number): number => list.filter((f) => f.number === n).length
  for (const [i, f] of fields.entries()) {
    if (f.number === 0) return `${name(0)}: field number 0 is not allowed`
    if (!f.minimal) return `${name(f.number)} has a varint longer than it needs to be`
    const previous = fields[i - 1]
    if (previous !== undefined && f.number < previous.number) return `${name(f.number)} comes after field ${path}${previous.number}: fields must be in ascending order`
    const wanted = count(expected, f.number)
    if (wanted === 0) {
      return holdsDefault(f)
        ? `${name(f.number)} is written with its default value, which canonical form leaves out`
        : `${name(f.number)} (wire type ${f.wireType}) is not a field of this message in v1, or has the wrong wire type`
    }
    if (wanted === 1 && count(fields, f.number) > 1) return `${name(f.number)} appears more than once`
  }
  for (const [i, f] of fields.entries()) {
    const c = expected[i]
    if (c === undefined || equalBytes(f.bytes, c.bytes)) continue
    const inner = f.wireType === WIRE_LEN && c.number === f.number ? explain(f.value, c.value, `${path}${f.number}.`) : undefined
    return inner ?? `${name(f.number)} differs from its canonical form (a string that is not valid UTF-8?)`
  }
  return undefined
}

/**
 * The one member a oneof wrapper (an ExportFrame) holds in canonical form:
 * exactly one length-delimited field, numbered as `members` (field 1 first).
 * Throws MalformedMessageError saying what else it holds.
 */
export function onlyMember<M extends string> (bytes: Uint8Array, members: readonly M[], what: string): { member: M, value: Uint8Array } {
  const fields = scanFields(bytes)
  const one = `exactly one of ${members.join(', ')}`
  if (typeof fields === 'string') throw new MalformedMessageError(`${what} does not decode: ${fields}`)
  if (fields.length !== 1) throw new MalformedMessageError(`${what} holds ${fields.length} fields; it must hold ${one}`)
  const f = fields[0]!
  const member = members[f.number - 1]
  if (member === undefined || f.wireType !== WIRE_LEN) throw new MalformedMessageError(`${what} holds field ${f.number} with wire type ${f.wireType}; it must hold ${one}`)
  if (!f.minimal) throw new MalformedMessageError(`${what}: field ${f.number} has a varint longer than it needs to be`)
  return { member, value: f.value }
}
