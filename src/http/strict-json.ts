/**
 * JSON text read strictly: JSON.parse keeps the last of a field given twice
 * ({"put": "a", "put": "b"} would write b in silence), so a field given twice
 * in any object is refused, naming it; so is a `__proto__`
 * field (which JSON.parse makes an own property that later object spreads
 * turn into a prototype). Used for request bodies (the gateway) and input
 * lines (the command line).
 */
import { MalformedMessageError } from '../errors.js'

/**
 * Arrays and objects nested in one another, at most. The gateway's bodies
 * and the command line's lines need 4; JSON.parse took 15 s and 1.1 GB for
 * 24 MiB of '[' (12 million nested arrays), with the event loop stopped.
 */
export const MAX_JSON_DEPTH = 64

/**
 * Parses `text` as JSON; throws MalformedMessageError for invalid JSON,
 * nesting deeper than MAX_JSON_DEPTH (found before parsing), a field given
 * twice in one object, or a `__proto__` field.
 */
export function parseStrictJson (text: string, what = 'the JSON'): unknown {
  const tooDeep = depthProblem(text)
  if (tooDeep !== undefined) throw new MalformedMessageError(`${what}: ${tooDeep}`)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    throw new MalformedMessageError(`${what} is not JSON: ${(err as Error).message}`)
  }
  const problem = fieldProblem(text)
  if (problem !== undefined) throw new MalformedMessageError(`${what}: ${problem}`)
  return value
}

/** Whether arrays and objects nest deeper than MAX_JSON_DEPTH, outside strings: one pass before JSON.parse builds any of it. */
function depthProblem (json: string): string | undefined {
  let depth = 0
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i)
    if (c === 0x22) { // a string: to its closing quote, over escapes
      for (i++; i < json.length && json.charCodeAt(i) !== 0x22; i++) if (json.charCodeAt(i) === 0x5c) i++
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_JSON_DEPTH) return `arrays and objects are nested more than ${MAX_JSON_DEPTH} deep`
    } else if (c === 0x7d || c === 0x5d) depth--
  }
  return undefined
}

/**
 * The first field given twice in one object, or named `__proto__`, in text
 * that JSON.parse accepted (so strings and nesting are well formed): one
 * pass, a set of names per open object.
 */
function fieldProblem (json: string): string | undefined {
  // One entry per open object or array; arrays hold no names.
  const open: Array<Set<string> | undefined> = []
  for (let i = 0; i < json.length; i++) {
    const c = json[i]
    if (c === '{') open.push(new Set())
    else if (c === '[') open.push(undefined)
    else if (c === '}' || c === ']') open.pop()
    else if (c === '"') {
      let end = i + 1
      while (json[end] !== '"') end += json[end] === '\\' ? 2 : 1
      const text = json.slice(i, end + 1)
      i = end
      let next = end + 1
      while (json[next] === ' ' || json[next] === '\t' || json[next] === '\n' || json[next] === '\r') next++
      const names = open.at(-1)
      if (json[next] !== ':' || names === undefined) continue
      const name = JSON.parse(text) as string
      if (name === '__proto__') return 'a field named "__proto__" is refused'
      if (names.has(name)) return `the field ${JSON.stringify(name)} is given twice in one object`
      names.add(name)
    }
  }
  return undefined
}
