/**
 * The reading side of canonical-writer.ts, for the same hot messages (a proof
 * per record read): reads a message only in exactly the form the canonical
 * encoder writes, in one pass and without protobufjs. A caller gives up at
 * the first byte that differs (a method returns undefined or -1) and decodes
 * with protobufjs and the canonical check instead, which say what is wrong,
 * so what such a reader accepts and what the general decoder accepts are the
 * same messages with the same values (checked by property tests).
 */

/** A varint of up to 8 bytes stays below 2^56; values at or past 2^53 are not read here. */
const MAX_SAFE = Number.MAX_SAFE_INTEGER

export class CanonicalReader {
  #at = 0
  readonly #bytes: Uint8Array

  constructor (bytes: Uint8Array) {
    this.#bytes = bytes
  }

  get done (): boolean {
    return this.#at === this.#bytes.length
  }

  /**
   * The value of the varint field with this one-byte tag, as the canonical
   * encoder writes it: 0 when the next byte is not the tag (a 0 is left out),
   * -1 when the field holds 0, a varint longer than it needs, a value of 2^53
   * or more, or runs past the end.
   */
  varintField (tag: number): number {
    const bytes = this.#bytes
    if (this.#at >= bytes.length || bytes[this.#at] !== tag) return 0
    let at = this.#at + 1
    let value = 0
    let scale = 1
    for (;;) {
      if (at >= bytes.length || scale > MAX_SAFE) return -1
      const byte = bytes[at++]!
      value += (byte & 0x7f) * scale
      if (byte < 0x80) {
        // A last byte of 0 after others is padding; a lone 0 is a default written out.
        if (byte === 0) return -1
        break
      }
      scale *= 128
    }
    if (value > MAX_SAFE) return -1
    this.#at = at
    return value
  }

  /**
   * The next field if it is this one-byte tag with a one-byte length equal to
   * `length` (at most 127) and that many bytes: a view of them, not a copy.
   */
  fixedBytesField (tag: number, length: number): Uint8Array | undefined {
    const bytes = this.#bytes
    const at = this.#at
    if (at + 2 + length > bytes.length || bytes[at] !== tag || bytes[at + 1] !== length) return undefined
    this.#at = at + 2 + length
    return bytes.subarray(at + 2, at + 2 + length)
  }
}
