/**
 * Conditional requests (RFC 9110 section 13.1): the entity tags an
 * If-Match or If-None-Match header lists, and how they compare with the
 * ETag of what the request reads or replaces.
 */
import { InvalidArgumentError } from '../errors.js'

/** '*', or the entity tags of a list: `"a", W/"b"`. */
export type EntityTags = '*' | Array<{ weak: boolean, tag: string }>

/** One entity tag (its quotes included) and the comma or end after it. */
const ENTITY_TAG = /(W\/)?("[\x21\x23-\x7e\x80-\xff]*")\s*(?:,|$)/y
/** Empty list elements, which a recipient must accept (RFC 9110 section 5.6.1), and the space around them. */
const EMPTY_ELEMENTS = /[\s,]*/y

/** The entity tags of a header, or undefined for a header that is not '*' nor a list of entity tags. */
export function entityTags (header: string): EntityTags | undefined {
  if (header.trim() === '*') return '*'
  const tags: Array<{ weak: boolean, tag: string }> = []
  for (let at = 0; ;) {
    EMPTY_ELEMENTS.lastIndex = at
    EMPTY_ELEMENTS.exec(header)
    if (EMPTY_ELEMENTS.lastIndex >= header.length) break
    ENTITY_TAG.lastIndex = EMPTY_ELEMENTS.lastIndex
    const match = ENTITY_TAG.exec(header)
    if (match === null) return undefined
    tags.push({ weak: match[1] !== undefined, tag: match[2]! })
    at = ENTITY_TAG.lastIndex
  }
  return tags.length === 0 ? undefined : tags
}

/**
 * Whether a read's If-None-Match names `etag` (a strong ETag, quoted), so
 * the client holds it already (304): '*', or a list with it, weak or not
 * (the weak comparison of RFC 9110 section 13.1.2). A header that is no
 * list of entity tags names nothing: a cache's header, and at worst the
 * client gets the whole answer.
 */
export function clientHolds (ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false
  const tags = entityTags(ifNoneMatch)
  return tags === '*' || (tags?.some((t) => t.tag === etag) ?? false)
}

/** The entity tags of header `name`; InvalidArgumentError for a header that is not '*' nor a list of entity tags. */
function entityTagsOf (name: string, header: string): EntityTags {
  const tags = entityTags(header)
  if (tags === undefined) throw new InvalidArgumentError(`${name} '${header.slice(0, 100)}' is not * nor a list of ETags ("<etag>", W/"<etag>")`)
  return tags
}

/** The If-Match and If-None-Match of a write, checked to be entity tags. */
export interface WriteConditions {
  ifMatch?: EntityTags
  ifNoneMatch?: EntityTags
}

/** A write's conditions; undefined when it has none. Throws InvalidArgumentError for a header that is not '*' nor a list of entity tags. */
export function writeConditionsOf (ifMatch: string | undefined, ifNoneMatch: string | undefined): WriteConditions | undefined {
  if (ifMatch === undefined && ifNoneMatch === undefined) return undefined
  return {
    ...(ifMatch === undefined ? {} : { ifMatch: entityTagsOf('If-Match', ifMatch) }),
    ...(ifNoneMatch === undefined ? {} : { ifNoneMatch: entityTagsOf('If-None-Match', ifNoneMatch) })
  }
}

/**
 * Whether a write's conditions hold for what it replaces: `current` is its
 * strong ETag, undefined when there is nothing. If-Match compares strongly
 * (a weak tag never matches), If-None-Match weakly; both must hold
 * (RFC 9110 sections 13.1.1, 13.1.2).
 */
export function writeConditionsHold (conditions: WriteConditions, current: string | undefined): boolean {
  const { ifMatch, ifNoneMatch } = conditions
  if (ifMatch !== undefined) {
    if (current === undefined) return false
    if (ifMatch !== '*' && !ifMatch.some((t) => !t.weak && t.tag === current)) return false
  }
  if (ifNoneMatch !== undefined && current !== undefined) {
    if (ifNoneMatch === '*' || ifNoneMatch.some((t) => t.tag === current)) return false
  }
  return true
}
