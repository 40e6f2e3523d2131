// The gateway's readers of bytes in text (JSON fields, URL paths): any
// input is its bytes or an InvalidArgumentError that names the field, and
// what the gateway writes reads back to the same bytes.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeBytes, decodePathBytes, encodeBytes, type BytesEncoding } from '../../src/gateway/encoding.js'

function refusedNaming (what: string, fn: () => unknown): void {
  try { fn() } catch (err) {
    expect((err as Error).name).toBe('InvalidArgumentError')
    expect((err as Error).message).toContain(what)
  }
}

const isUtf8 = (bytes: Uint8Array): boolean => { try { new TextDecoder('utf-8', { fatal: true }).decode(bytes); return true } catch { return false } }

describe('bytes in the text of a request', () => {
  it('decodeBytes(encodeBytes(b)) is b, in every encoding that can hold b', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), fc.constantFrom<BytesEncoding>('base64', 'hex', 'utf8'), (bytes, encoding) => {
      if (encoding === 'utf8' && !isUtf8(bytes)) return
      expect(decodeBytes(encodeBytes(bytes, encoding, 'value'), encoding, 'value')).toEqual(bytes)
    }), { numRuns: 1000 })
    // A leading byte-order mark is a character like any other: it was dropped, and the keys "\uFEFFx" and "x" read alike.
    const marked = Uint8Array.of(0xef, 0xbb, 0xbf, 0x78)
    expect(encodeBytes(marked, 'utf8', 'value')).toBe('\uFEFFx')
    expect(decodeBytes(encodeBytes(marked, 'utf8', 'value'), 'utf8', 'value')).toEqual(marked)
  })

  it('any text is bytes or refused naming the field, in every encoding', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.stringMatching(/^[A-Za-z0-9+/=]{0,20}$/)), fc.constantFrom<BytesEncoding>('base64', 'hex', 'utf8'), (text, encoding) => {
      refusedNaming('ops[3].value', () => {
        const bytes = decodeBytes(text, encoding, 'ops[3].value')
        // What is accepted is canonical: it encodes back to the text (hex in either case).
        expect(encodeBytes(bytes, encoding, 'value')).toBe(encoding === 'hex' ? text.toLowerCase() : text)
      })
    }), { numRuns: 2000 })
  })

  it('a path of percent-escapes is its bytes when they are UTF-8; hex paths any bytes; other text refused naming the key', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
      const escaped = Array.from(bytes, (b) => '%' + b.toString(16).padStart(2, '0')).join('')
      if (isUtf8(bytes)) expect(decodePathBytes(escaped, 'utf8', 'key')).toEqual(bytes)
      else expect(() => decodePathBytes(escaped, 'utf8', 'key')).toThrow(/key is not percent-encoded UTF-8/)
      expect(decodePathBytes(Buffer.from(bytes).toString('hex'), 'hex', 'key')).toEqual(bytes)
    }), { numRuns: 1000 })
    fc.assert(fc.property(fc.string(), fc.constantFrom<'utf8' | 'hex'>('utf8', 'hex'), (raw, encoding) => {
      refusedNaming('key', () => decodePathBytes(raw, encoding, 'key'))
    }), { numRuns: 2000 })
  })
})
