/**
 * Paths of the file CAAPI and the key-value keys they live at
 * (docs/files.md sections 2 and 3). Pure: no I/O.
 *
 * A key is the namespace prefix, the folder's names joined by 0x01, a 0x00,
 * and the entry's own name. The children of a folder are then exactly the
 * keys beginning with the folder's names and 0x00 (one prefix scan, no
 * grandchildren in it), and all its descendants the keys beginning with its
 * names and 0x00 or 0x01 (one range).
 */
import { utf8Text } from '../crypto/bytes.js'
import { MalformedMessageError, PathError } from '../errors.js'
import type { KeyRange } from '../kv/format.js'
import { escapeJsonControls } from '../peer-text.js'

/** Bytes of a path's UTF-8 form, at most; its key is at most two bytes longer, within the key-value limit of 1,024. */
export const MAX_PATH_BYTES = 1000
/** Bytes of one name (a path component), at most, as in most file systems. */
export const MAX_NAME_BYTES = 255
/** The first byte of every namespace key ('f'); keys that begin otherwise are no part of the namespace in version 1. */
export const NAMESPACE_PREFIX = 0x66

const CHILD_SEPARATOR = 0x00
const FOLDER_SEPARATOR = 0x01

// A lone surrogate has no UTF-8 form; control characters include the two separator bytes of keys.
const LONE_SURROGATE = /\p{Cs}/u
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f]/
// Not refused in stored names (a reader takes what others wrote), but never made by a write here.
// eslint-disable-next-line no-control-regex
const DEL_OR_C1 = /[\u007f-\u009f]/

const utf8 = new TextEncoder()

/** A path in an error message: its start, as JSON, every control escaped (another writer's names may hold any). */
function quoted (path: string): string {
  return escapeJsonControls(JSON.stringify(path.length > 80 ? `${path.slice(0, 80)}...` : path))
}

/**
 * The names of a path, checked against the path rules: relative (no
 * leading `/`), names neither empty nor `.` nor `..`, no control characters
 * (U+0000 to U+001F), valid Unicode, at most MAX_NAME_BYTES per name and
 * MAX_PATH_BYTES in all (UTF-8). The root folder is the empty path and has
 * no names. Throws PathError saying which rule the path breaks.
 *
 * @example
 * pathNames('docs/readme.md') // ['docs', 'readme.md']
 */
export function pathNames (path: string): string[] {
  if (typeof path !== 'string') throw new PathError(`a path is a string, got ${typeof path}`)
  if (path === '') return []
  if (LONE_SURROGATE.test(path)) throw new PathError(`path ${quoted(path)} is not valid Unicode (it holds a lone surrogate), so it has no UTF-8 form`)
  const bytes = utf8.encode(path).length
  if (bytes > MAX_PATH_BYTES) throw new PathError(`path ${quoted(path)} is ${bytes} bytes in UTF-8, at most ${MAX_PATH_BYTES} allowed`)
  if (path.startsWith('/')) throw new PathError(`path ${quoted(path)} is absolute: paths are relative to the capsule's root folder, without a leading '/'`)
  const names = path.split('/')
  for (const name of names) {
    if (name === '') throw new PathError(`path ${quoted(path)} has an empty name ('//' or a trailing '/')`)
    if (name === '.' || name === '..') throw new PathError(`path ${quoted(path)} has a '${name}' name: paths are written without '.' and '..'`)
    if (CONTROL_CHARACTER.test(name)) throw new PathError(`path ${quoted(path)} holds a control character (U+0000 to U+001F)`)
    const nameBytes = utf8.encode(name).length
    if (nameBytes > MAX_NAME_BYTES) throw new PathError(`path ${quoted(path)} has a name of ${nameBytes} bytes, at most ${MAX_NAME_BYTES} allowed`)
  }
  return names
}

/**
 * The names of a path a write would make (a put's, a mkdir's, a rename's
 * target): pathNames, and no DEL or C1 control character (U+007F to
 * U+009F), which terminals show as nothing or obey as controls. A stored
 * name that holds one (written by another writer) is still read, renamed
 * and deleted: pathNames takes it. Throws PathError naming the character.
 */
export function newPathNames (path: string): string[] {
  const names = pathNames(path)
  const found = DEL_OR_C1.exec(path)
  if (found === null) return names
  const code = `U+${found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`
  throw new PathError(`path ${quoted(path)} holds ${code}, a control character (${code === 'U+007F' ? 'DEL' : 'C1'}): a name holds none of U+0000 to U+001F and U+007F to U+009F`)
}

/** The parent folder's path of a path that is not the root ('' for a top-level name). */
export function parentPath (names: string[]): string[] {
  return names.slice(0, -1)
}

export function joinPath (names: string[]): string {
  return names.join('/')
}

/** The namespace prefix and a folder's names joined by 0x01: what its children's keys begin with, before the 0x00. */
function folderPart (folder: string[]): Uint8Array {
  const parts: number[] = [NAMESPACE_PREFIX]
  folder.forEach((name, i) => {
    if (i > 0) parts.push(FOLDER_SEPARATOR)
    parts.push(...utf8.encode(name))
  })
  return new Uint8Array(parts)
}

function withByte (bytes: Uint8Array, byte: number): Uint8Array {
  const out = new Uint8Array(bytes.length + 1)
  out.set(bytes)
  out[bytes.length] = byte
  return out
}

/**
 * The key of the entry at a path (not the root, which has no entry).
 *
 * @example
 * keyOfPath(['docs', 'readme.md']) // 'f' 'docs' 00 'readme.md'
 */
export function keyOfPath (names: string[]): Uint8Array {
  if (names.length === 0) throw new PathError('the root folder has no entry of its own')
  const head = withByte(folderPart(parentPath(names)), CHILD_SEPARATOR)
  const name = utf8.encode(names[names.length - 1]!)
  const key = new Uint8Array(head.length + name.length)
  key.set(head)
  key.set(name, head.length)
  return key
}

/** The keys of a folder's children and nothing else: one prefix. */
export function childrenRange (folder: string[]): KeyRange {
  const part = folderPart(folder)
  return { gte: withByte(part, CHILD_SEPARATOR), lt: withByte(part, FOLDER_SEPARATOR) }
}

/** The keys of every entry below a folder, at any depth: one range (for the root, every namespace key). */
export function subtreeRange (folder: string[]): KeyRange {
  if (folder.length === 0) return { gte: Uint8Array.of(NAMESPACE_PREFIX), lt: Uint8Array.of(NAMESPACE_PREFIX + 1) }
  const part = folderPart(folder)
  return { gte: withByte(part, CHILD_SEPARATOR), lt: withByte(part, FOLDER_SEPARATOR + 1) }
}

/**
 * The path names of a namespace key. Throws MalformedMessageError for a key
 * that is not the key of any path (a writer that broke the layout).
 */
export function pathOfKey (key: Uint8Array): string[] {
  const problem = (why: string): MalformedMessageError => new MalformedMessageError(`key ${Buffer.from(key).toString('hex').slice(0, 80)} is not a namespace key: ${why}`)
  if (key[0] !== NAMESPACE_PREFIX) throw problem(`it does not begin with the namespace prefix 0x${NAMESPACE_PREFIX.toString(16)}`)
  const child = key.indexOf(CHILD_SEPARATOR)
  if (child < 0) throw problem('it has no 0x00 before its name')
  const folder = key.subarray(1, child)
  const parts = folder.length === 0 ? [] : splitBytes(folder, FOLDER_SEPARATOR)
  parts.push(key.subarray(child + 1))
  const names: string[] = []
  for (const part of parts) {
    const name = utf8Text(part)
    if (name === undefined) throw problem('a name is not valid UTF-8')
    names.push(name)
  }
  // The empty path is the root folder's, which has no key.
  if (names.includes('')) throw problem('it has an empty name')
  let checked: string[]
  try {
    checked = pathNames(joinPath(names))
  } catch (err) {
    if (err instanceof PathError) throw problem(err.message)
    throw err
  }
  // A name holding '/' would split into two here; the key would then not be this path's key.
  if (Buffer.compare(keyOfPath(checked), key) !== 0) throw problem('it is not the key of the path its names make')
  return checked
}

function splitBytes (bytes: Uint8Array, separator: number): Uint8Array[] {
  const parts: Uint8Array[] = []
  let start = 0
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === separator) {
      parts.push(bytes.subarray(start, i))
      start = i + 1
    }
  }
  return parts
}
