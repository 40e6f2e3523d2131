// src/kv/span-keys.ts: the keys of the spans diffs read last, kept for their next pages within a memory budget.
import { describe, expect, it } from 'vitest'
import { SpanKeys } from '../../src/kv/span-keys.js'

const b = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'latin1'))
const text = (keys: Uint8Array[] | undefined): string[] | undefined => keys?.map((k) => Buffer.from(k).toString('latin1'))

describe('SpanKeys', () => {
  it('serves a later page of the same span and end from the keys at or above its start; not another span, end or an earlier start', () => {
    const spans = new SpanKeys()
    spans.set(3, 9, { start: b('b'), end: b('x') }, ['b', 'c', 'd', 'e'].map(b))
    expect(text(spans.get(3, 9, { start: b('b'), end: b('x') }))).toEqual(['b', 'c', 'd', 'e'])
    expect(text(spans.get(3, 9, { start: b('c\x00'), end: b('x') }))).toEqual(['d', 'e'])
    expect(text(spans.get(3, 9, { start: b('z'), end: b('x') }))).toEqual([])
    expect(spans.get(3, 9, { start: b('a'), end: b('x') })).toBeUndefined()
    expect(spans.get(3, 9, { end: b('x') })).toBeUndefined()
    expect(spans.get(3, 9, { start: b('c') })).toBeUndefined()
    expect(spans.get(3, 8, { start: b('c'), end: b('x') })).toBeUndefined()
    expect(spans.get(2, 9, { start: b('c'), end: b('x') })).toBeUndefined()
    spans.set(0, 4, {}, ['a'].map(b))
    expect(text(spans.get(0, 4, { start: b('0') }))).toEqual(['a'])
    spans.clear()
    expect(spans.get(0, 4, {})).toBeUndefined()
  })

  it('keeps the spans read last within its count and its bytes, and never a set larger than all its bytes', () => {
    const spans = new SpanKeys(2, 1000)
    const keys = (n: number, size: number): Uint8Array[] => Array.from({ length: n }, (_, i) => new Uint8Array(size).fill(i))
    spans.set(0, 1, {}, keys(1, 10))
    spans.set(0, 2, {}, keys(1, 10))
    expect(spans.get(0, 1, {})).toBeDefined() // now the most recently used
    spans.set(0, 3, {}, keys(1, 10))
    expect(spans.get(0, 2, {})).toBeUndefined()
    expect(spans.get(0, 1, {})).toBeDefined()
    // Past the bytes: the least recently used go first.
    spans.set(0, 4, {}, keys(5, 100))
    expect(spans.get(0, 3, {})).toBeUndefined()
    expect(spans.get(0, 4, {})).toHaveLength(5)
    spans.set(0, 5, {}, keys(10, 100))
    expect(spans.get(0, 5, {})).toBeUndefined()
    expect(spans.get(0, 4, {})).toHaveLength(5)
  })
})
