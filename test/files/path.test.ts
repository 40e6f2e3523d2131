// docs/files.md sections 2 and 3: the path rules, each at and past its
// limit, and the key layout: a folder's children are one prefix with no
// grandchildren in it, its descendants one range, and every key maps back
// to its path (or is refused).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MalformedMessageError, PathError } from '../../src/errors.js'
import { boundsOf, compareKeys, inBounds, MAX_KEY_LENGTH } from '../../src/kv/format.js'
import { childrenRange, keyOfPath, MAX_NAME_BYTES, MAX_PATH_BYTES, pathNames, pathOfKey, subtreeRange } from '../../src/files/path.js'

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')

describe('path rules', () => {
  it('takes relative paths of names and gives their names; the empty path is the root folder', () => {
    expect(pathNames('')).toEqual([])
    expect(pathNames('a')).toEqual(['a'])
    expect(pathNames('docs/read me.md')).toEqual(['docs', 'read me.md'])
    expect(pathNames('ünï/日本/..a/.b/a..')).toEqual(['ünï', '日本', '..a', '.b', 'a..'])
  })

  it('refuses absolute paths, empty names, . and .., control characters and lone surrogates, saying which rule', () => {
    const refused: Array<[string, RegExp]> = [
      ['/a', /absolute/], ['/', /absolute/], ['a//b', /empty name/], ['a/', /empty name/], ['a/./b', /'\.' name/], ['..', /'\.\.' name/],
      ['a/../b', /'\.\.' name/], ['a\0b', /control character/], ['a\nb', /control character/], ['a\u001fb', /control character/],
      ['a\ud800b', /lone surrogate/], ['\udc00', /lone surrogate/]
    ]
    for (const [path, why] of refused) {
      expect(() => pathNames(path), JSON.stringify(path)).toThrow(PathError)
      expect(() => pathNames(path), JSON.stringify(path)).toThrow(why)
    }
    // A pair of surrogates is one character (U+1F600), and DEL is no control character here.
    expect(pathNames('\ud83d\ude00/a\u007f')).toEqual(['😀', 'a\u007f'])
    expect(() => pathNames(42 as unknown as string)).toThrow(PathError)
  })

  it('a name of MAX_NAME_BYTES bytes passes, one more is refused, counted in UTF-8', () => {
    expect(pathNames('x'.repeat(MAX_NAME_BYTES))).toHaveLength(1)
    expect(() => pathNames('x'.repeat(MAX_NAME_BYTES + 1))).toThrow(/name of 256 bytes, at most 255/)
    const threeByte = '日'.repeat(MAX_NAME_BYTES / 3) // 85 characters, 255 bytes
    expect(pathNames(threeByte)).toHaveLength(1)
    expect(() => pathNames(`${threeByte}a`)).toThrow(PathError)
  })

  it('a path of MAX_PATH_BYTES bytes passes and its key fits a key-value key; one more byte is refused', () => {
    const name = 'n'.repeat(199)
    const atLimit = [name, name, name, name, name].join('/') // 5 * 199 + 4 = 999
    expect(Buffer.byteLength(`${atLimit}x`)).toBe(MAX_PATH_BYTES)
    expect(keyOfPath(pathNames(`${atLimit}x`)).length).toBeLessThanOrEqual(MAX_KEY_LENGTH)
    expect(() => pathNames(`${atLimit}xy`)).toThrow(/1001 bytes in UTF-8, at most 1000/)
    // The longest key: a top-level name can be at most MAX_NAME_BYTES, so deep paths are the long ones.
    const deepest = Array.from({ length: MAX_PATH_BYTES / 2 }, () => 'a').join('/').slice(0, MAX_PATH_BYTES - 1)
    expect(keyOfPath(pathNames(deepest)).length).toBe(deepest.length + 1)
  })
})

describe('key layout', () => {
  it('is the prefix f, the folder names joined by 01, 00, the name', () => {
    expect(hex(keyOfPath(['a']))).toBe('660061')
    expect(hex(keyOfPath(['a', 'b', 'c']))).toBe('6661016200' + '63')
    expect(childrenRange(['a', 'b'])).toEqual({ gte: Uint8Array.of(0x66, 0x61, 0x01, 0x62, 0x00), lt: Uint8Array.of(0x66, 0x61, 0x01, 0x62, 0x01) })
    expect(subtreeRange(['a'])).toEqual({ gte: Uint8Array.of(0x66, 0x61, 0x00), lt: Uint8Array.of(0x66, 0x61, 0x02) })
    expect(subtreeRange([])).toEqual({ gte: Uint8Array.of(0x66), lt: Uint8Array.of(0x67) })
    expect(() => keyOfPath([])).toThrow(PathError)
  })

  // Names from a small alphabet, so that random paths share prefixes, and with characters on both sides of the separators.
  const nameArb = fc.constantFrom('a', 'b', 'ab', 'a b', 'a.b', 'a-', 'é', '~', '!')
  const pathArb = fc.array(nameArb, { minLength: 1, maxLength: 4 })

  it('the children range of a folder holds its children and nothing else; its subtree range every entry below it and nothing else', () => {
    fc.assert(fc.property(fc.array(pathArb, { minLength: 1, maxLength: 30 }), fc.array(nameArb, { maxLength: 3 }), (paths, folder) => {
      const children = boundsOf(childrenRange(folder))
      const subtree = boundsOf(subtreeRange(folder))
      for (const names of paths) {
        const key = keyOfPath(names)
        const isChild = names.length === folder.length + 1 && folder.every((n, i) => names[i] === n)
        const isBelow = names.length > folder.length && folder.every((n, i) => names[i] === n)
        expect(inBounds(key, children)).toBe(isChild)
        expect(inBounds(key, subtree)).toBe(isBelow)
      }
    }), { numRuns: 300 })
  })

  it('keys of one folder sort by name bytes, so a listing is in name order', () => {
    fc.assert(fc.property(fc.array(nameArb), fc.array(nameArb, { minLength: 2, maxLength: 2 }), (folder, [x, y]) => {
      const order = compareKeys(keyOfPath([...folder, x!]), keyOfPath([...folder, y!]))
      expect(Math.sign(order)).toBe(Math.sign(Buffer.compare(Buffer.from(x!), Buffer.from(y!))))
    }))
  })

  it('every path maps to a key and back', () => {
    fc.assert(fc.property(fc.array(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 5 }), (names) => {
      let checked: string[]
      try {
        checked = pathNames(names.join('/'))
      } catch (err) {
        if (err instanceof PathError) return
        throw err
      }
      expect(pathOfKey(keyOfPath(checked))).toEqual(checked)
    }), { numRuns: 500 })
  })

  it('a name that begins with U+FEFF (a byte-order mark) keeps it both ways: the decoder dropped it, and such a file broke its folder\'s listing', () => {
    for (const path of ['\uFEFFa', 'd/\uFEFF', '\uFEFFd/\uFEFFe']) {
      const names = pathNames(path)
      expect(pathOfKey(keyOfPath(names))).toEqual(names)
    }
    expect(keyOfPath(['\uFEFFa'])).not.toEqual(keyOfPath(['a']))
  })

  it('any bytes are the key of exactly one path, or refused with MalformedMessageError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 24 }).map((tail) => Uint8Array.of(0x66, ...tail)), (key) => {
      try {
        expect(hex(keyOfPath(pathOfKey(key)))).toBe(hex(key))
      } catch (err) {
        if (!(err instanceof MalformedMessageError)) throw err
      }
    }), { numRuns: 2000 })
    const refused: Array<[number[], RegExp]> = [
      [[0x67, 0x00, 0x61], /namespace prefix/], [[0x66, 0x61], /no 0x00/], [[0x66, 0x00], /empty name/], [[0x66, 0x00, 0xff], /UTF-8/],
      [[0x66, 0x61, 0x00, 0x62, 0x00, 0x63], /control character/], [[0x66, 0x01, 0x61, 0x00, 0x62], /empty name/], [[0x66, 0x00, 0x61, 0x2f, 0x62], /not the key of the path/],
      [[0x66, 0x00, 0x2e, 0x2e], /'\.\.' name/]
    ]
    for (const [bytes, why] of refused) expect(() => pathOfKey(Uint8Array.from(bytes)), hex(Uint8Array.from(bytes))).toThrow(why)
  })
})
