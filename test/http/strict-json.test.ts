// JSON read strictly (src/http/strict-json.ts): what JSON.parse reads, unless
// an object names a field twice (JSON.parse would keep the last in silence).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseStrictJson } from '../../src/http/strict-json.js'

describe('parseStrictJson', () => {
  it('reads any JSON text without a field twice as JSON.parse does, whatever its spacing', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.constantFrom(0, 2), (value, indent) => {
      const text = JSON.stringify(value, null, indent)
      // fast-check's objects can hold a "__proto__" key, which is refused on purpose (below).
      if (text.includes('"__proto__"')) return
      expect(parseStrictJson(text)).toEqual(JSON.parse(text))
    }))
  })

  it('refuses an object that names a field twice, at any depth, however the name is escaped', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.string({ minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 3 }), (inner, name, depth) => {
      // A "__proto__" field, in the name or anywhere in the inner value, is refused for that first (below), on purpose.
      if (name === '__proto__' || JSON.stringify(inner).includes('"__proto__"')) return
      // The second time with its first character escaped: the same name to JSON.parse.
      const escaped = `"\\u${name.charCodeAt(0).toString(16).padStart(4, '0')}${JSON.stringify(name.slice(1)).slice(1)}`
      let text = `{${JSON.stringify(name)}: 1, "other": ${JSON.stringify(inner)}, ${escaped}: 2}`
      for (let i = 0; i < depth; i++) text = i % 2 === 0 ? `[0, ${text}]` : `{"in": ${text}}`
      expect(() => parseStrictJson(text, 'the body')).toThrow(`the body: the field ${JSON.stringify(name)} is given twice in one object`)
    }))
  })

  it('a field named in two objects, or a string that looks like a field inside a value, is no duplicate', () => {
    expect(parseStrictJson('[{"a": 1}, {"a": 2}]')).toEqual([{ a: 1 }, { a: 2 }])
    expect(parseStrictJson('{"a": "\\"a\\": 1", "b": ["a", "a"]}')).toEqual({ a: '"a": 1', b: ['a', 'a'] })
    expect(parseStrictJson('{"a": {"a": {"a": 1}}}')).toEqual({ a: { a: { a: 1 } } })
  })

  it('refuses a __proto__ field and text that is not JSON, naming what it read', () => {
    expect(() => parseStrictJson('{"x": {"__proto__": {"polluted": true}}}', 'line 3')).toThrow('line 3: a field named "__proto__" is refused')
    expect(() => parseStrictJson('{"a": ', 'line 3')).toThrow(/^line 3 is not JSON: /)
  })

  it('refuses arrays and objects nested past 64 before parsing any of it; at 64, brackets in strings, and escaped quotes do not count', () => {
    const nested = (depth: number): string => '['.repeat(depth - 1) + '{"a": "[[{\\"]"}' + ']'.repeat(depth - 1)
    expect(JSON.stringify(parseStrictJson(nested(64)))).toBe(nested(64).replaceAll(' ', ''))
    expect(() => parseStrictJson(nested(65), 'the body')).toThrow('the body: arrays and objects are nested more than 64 deep')
    // 24 MiB of '[': refused at once, where JSON.parse took seconds and a gigabyte.
    expect(() => parseStrictJson('['.repeat(24 << 20), 'the body')).toThrow(/nested more than 64 deep/)
  })
})
