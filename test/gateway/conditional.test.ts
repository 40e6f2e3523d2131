// The entity tags of If-Match and If-None-Match (RFC 9110 sections 8.8.3
// and 13.1): any header is a list of tags, '*', or refused; empty list
// elements are skipped wherever they stand (section 5.6.1).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { clientHolds, entityTags, writeConditionsOf } from '../../src/gateway/conditional.js'

const tag = fc.record({ weak: fc.boolean(), tag: fc.stringMatching(/^"[\x21\x23-\x7e]{0,12}"$/) })
const empties = fc.stringMatching(/^[ ,]{0,4}$/)

describe('entity tags of a header', () => {
  it('a list of tags, with empty elements and space anywhere, is those tags in order', () => {
    fc.assert(fc.property(fc.array(fc.tuple(tag, empties), { minLength: 1, maxLength: 5 }), empties, (items, lead) => {
      const header = lead + items.map(([t, after]) => `${t.weak ? 'W/' : ''}${t.tag} ,${after}`).join('')
      expect(entityTags(header)).toEqual(items.map(([t]) => t))
    }), { numRuns: 500 })
  })

  it('any text is a list of tags, *, or undefined; never a throw', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[W/", a-z]{0,20}$/)), (header) => {
      const tags = entityTags(header)
      if (tags === undefined || tags === '*') return
      expect(tags.length).toBeGreaterThan(0)
    }), { numRuns: 1000 })
  })

  it('empty elements before, between and after: the gateway refused a leading one (400) and a read ignored it (200, not 304)', () => {
    for (const header of [', "E"', ',"E"', '"E",', ' , "E" , , ', '"A", , "E"']) {
      expect(clientHolds(header, '"E"'), header).toBe(true)
      expect(writeConditionsOf(header, undefined)?.ifMatch, header).toEqual(expect.arrayContaining([{ weak: false, tag: '"E"' }]))
    }
    expect(entityTags('W/"x", "y"')).toEqual([{ weak: true, tag: '"x"' }, { weak: false, tag: '"y"' }])
    expect(entityTags(' * ')).toBe('*')
  })

  it('a header that is no list of tags: a write\'s If-Match or If-None-Match is refused, a read\'s If-None-Match names nothing', () => {
    for (const header of ['', ',', 'E', '"E" "F"', '"E', 'W/E', '*, "E"']) {
      expect(entityTags(header), header).toBeUndefined()
      expect(clientHolds(header, '"E"'), header).toBe(false)
      expect(() => writeConditionsOf(header, undefined), header).toThrow(/If-Match .* is not \* nor a list of ETags/)
    }
  })
})
