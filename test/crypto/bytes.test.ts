// src/crypto/bytes.ts stands in for Buffer in the code the browser bundle
// shares with Node, natively in Node and portably in the browser
// (bytes-portable.ts): both must give what Buffer gives.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as nodeBytes from '../../src/crypto/bytes.js'
import * as portableBytes from '../../src/crypto/bytes-portable.js'

for (const [backend, { allocBytes, base64urlToBytes, binaryKey, bytesToBase64url, bytesToHex, compareBytes, concatBytes, equalBytes, hexToBytes, utf8Bytes, utf8Text }] of [['in Node', nodeBytes], ['portable, as in the browser', portableBytes]] as const) {
describe(`byte strings ${backend}, against Buffer`, () => {
  it('order, equality and concatenation', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 }), (a, b) => {
      expect(Math.sign(compareBytes(a, b))).toBe(Buffer.compare(a, b))
      expect(equalBytes(a, b)).toBe(Buffer.compare(a, b) === 0)
      expect(Buffer.from(concatBytes([a, b]))).toEqual(Buffer.concat([a, b]))
    }), { numRuns: 300 })
    // Equal prefixes: the shorter sorts first.
    expect(compareBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 0))).toBeLessThan(0)
    // From 64 bytes Node's Buffer.compare does it: long arrays that differ in one byte or in length, or not at all.
    fc.assert(fc.property(fc.integer({ min: 60, max: 70 }), fc.integer({ min: 0, max: 80 }), fc.integer({ min: -1, max: 1 }), (length, at, change) => {
      const a = Uint8Array.from({ length }, (_, i) => i % 251)
      const b = a.length > 0 && at < length ? a.map((x, i) => (i === at ? (x + change + 256) % 256 : x)) : concatBytes([a, Uint8Array.of(change + 1)])
      for (const [x, y] of [[a, b], [b, a], [a, a.slice()]] as const) {
        expect(Math.sign(compareBytes(x, y))).toBe(Buffer.compare(x, y))
        expect(equalBytes(x, y)).toBe(Buffer.compare(x, y) === 0)
      }
    }), { numRuns: 300 })
  })

  it('hex, base64url, one character a byte, and UTF-8', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 70 }), fc.string({ unit: 'binary', maxLength: 20 }), (bytes, text) => {
      expect(bytesToHex(bytes)).toBe(Buffer.from(bytes).toString('hex'))
      expect(bytesToBase64url(bytes)).toBe(Buffer.from(bytes).toString('base64url'))
      expect(binaryKey(bytes)).toBe(Buffer.from(bytes).toString('latin1'))
      expect(Buffer.from(hexToBytes(bytesToHex(bytes).toUpperCase()))).toEqual(Buffer.from(bytes))
      expect(Buffer.from(base64urlToBytes(bytesToBase64url(bytes)))).toEqual(Buffer.from(bytes))
      expect(Buffer.from(utf8Bytes(text))).toEqual(Buffer.from(text, 'utf8'))
    }), { numRuns: 300 })
    // A lone surrogate is U+FFFD in both.
    expect(Buffer.from(utf8Bytes('a\ud800'))).toEqual(Buffer.from('a\ud800', 'utf8'))
    // utf8Text gives back every character of well-formed UTF-8, a leading byte-order mark too (it was dropped:
    // "\uFEFFx" read as "x"), and nothing for what is not UTF-8.
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.boolean(), (text, marked) => {
      const whole = marked ? `\uFEFF${text}` : text
      expect(utf8Text(utf8Bytes(whole))).toBe(whole)
    }), { numRuns: 300 })
    expect(utf8Text(Uint8Array.of(0xef, 0xbb, 0xbf, 0x78))).toBe('\uFEFFx')
    expect(utf8Text(Uint8Array.of(0xff, 0x78))).toBeUndefined()
    // Strings are made 4096 characters at a time: at that length, past it, and many times it.
    for (const length of [3072, 3073, 4096, 4097, 100_000]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 131 + (i >> 8)) % 256)
      expect(bytesToBase64url(bytes)).toBe(Buffer.from(bytes).toString('base64url'))
      expect(binaryKey(bytes)).toBe(Buffer.from(bytes).toString('latin1'))
    }
  })

  it('refuses what is not hex or base64url, rather than dropping it as Buffer does', () => {
    for (const text of ['a', 'abc', 'zz', '0x00', 'ab cd']) expect(() => hexToBytes(text)).toThrow(/not hex/)
    for (const text of ['A', 'AAAAA', 'AA=', 'AA+A', 'AA/A', 'AA A']) expect(() => base64urlToBytes(text)).toThrow(/not base64url/)
    expect(hexToBytes('')).toEqual(new Uint8Array(0))
    expect(base64urlToBytes('')).toEqual(new Uint8Array(0))
  })

  it('allocBytes: zeroed arrays that never share bytes, small ones cut from a slab, large ones of their own', () => {
    const arrays = Array.from({ length: 200 }, (_, i) => allocBytes(1 + (i * 37) % 300))
    for (const a of arrays) expect(a.every((b) => b === 0)).toBe(true)
    arrays.forEach((a, i) => a.fill(i + 1))
    arrays.forEach((a, i) => { expect(a.every((b) => b === i + 1)).toBe(true) })
    // At the limit a slab slice, past it an ArrayBuffer of its own.
    expect(allocBytes(4096).buffer.byteLength).toBe(8192)
    expect(allocBytes(4097).buffer.byteLength).toBe(4097)
    expect(allocBytes(0)).toHaveLength(0)
  })
})
}
