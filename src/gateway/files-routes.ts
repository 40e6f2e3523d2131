/**
 * The file CAAPI over HTTP (src/files): a file's bytes with byte ranges
 * (206, Content-Range) and its content hash as a strong ETag (304), HEAD,
 * PUT streaming the body into the capsule in bounded memory, DELETE,
 * folder listings, reads at any version or time, and watch as
 * Server-Sent Events. Capsules are reached through the same key-value
 * access as the key-value routes: a file capsule is a key-value capsule.
 */
import type { IncomingMessage } from 'node:http'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { formatName, parseName } from '../capsule/name.js'
import { ChainMismatchError, ConditionFailedError, NotADirectoryError, RangeNotSatisfiableError } from '../errors.js'
import { checkVersion } from '../kv/format.js'
import { FileSystem, FileSystemReader, nameOption, type FsFileStat, type FsStat } from '../files/file-system.js'
import { requireFilesCapsule } from '../files/format.js'
import { MAX_PATH_BYTES } from '../files/path.js'
import { Turns } from '../server/turns.js'
import type { KvReader, KvWriter } from '../kv/api.js'
import { clientHolds, entityTags, writeConditionsHold, writeConditionsOf, type WriteConditions } from './conditional.js'
import { atOfQuery, decodePathBytes, hex } from './encoding.js'
import { BodyTooLargeError, FacadeUnavailableError, ReadOnlyCapsuleError } from '../http/errors.js'
import { NAME_PARAM } from './capsule-routes.js'
import type { KvAccess } from './kv-routes.js'
import { ref, type JsonSchema } from './schemas.js'
import { rawQuery, rawRest, type RouteSpec } from './spec.js'
import type { UnsentBudget } from './unsent-budget.js'
import { resumeFrom, sendLettingGoWhenSlow, type EventStreams } from './sse.js'

export interface FilesRouteContext {
  kv: KvAccess | undefined
  /** Bytes of a file one PUT may stream in, at most. */
  maxFileBytes: number
  maxListLimit: number
  /** The gateway's event streams (bounded in number, ended when the gateway stops). */
  events: EventStreams
  /** The gateway's file downloads, under one budget of bytes held. */
  downloads: UnsentBudget
  /** The gateway's file uploads, under one budget of room reserved. */
  uploads: UnsentBudget
}

/**
 * The room a file upload reserves before it reads its body (the body's
 * length, when it says one and it is less): what a put holds while it
 * stores, 64 chunks looked up ahead (some 4 MiB) and a group of new chunks
 * (4 MiB). Uploads held 5 MB each on average, and 300 at once took a node
 * up 1.6 to 1.7 GB (0.4 to 0.5 GB now); 1,024 connections could have held
 * some 8 GB.
 */
const UPLOAD_ROOM_BYTES = 8 * 1024 * 1024

/** What a path with escaped bytes that are not UTF-8 is told (the key-value routes point to keyEncoding=hex, which files lack). */
const FILE_NAMES_ARE_TEXT = ': file and folder names are text'

const uint: JsonSchema = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER }
const capsuleParam = { capsule: NAME_PARAM }
const pathParam = {
  schema: { type: 'string' },
  description: `the path, percent-encoded UTF-8, slashes between its names (at most ${MAX_PATH_BYTES} bytes; no '.', '..' or empty names); empty: the root folder`
}
const atParams = {
  version: { schema: uint, description: 'read the files at this version (records applied); default: the latest' },
  at: { schema: { type: 'string', minLength: 1 }, description: 'read the files as of this time: microseconds since the epoch, or ISO 8601' }
}
const fileHeaders = {
  ETag: { description: 'the content hash (SHA-256), hex, quoted: equal contents, equal ETags', schema: { type: 'string' } },
  'Accept-Ranges': { description: 'bytes', schema: { type: 'string' } },
  'X-Gdp-Version': { description: 'the version read', schema: { type: 'string' } }
}

type Query = Record<string, unknown>

function statJson (stat: FsStat): Record<string, unknown> {
  if (stat.type === 'folder') return { type: 'folder', path: stat.path, name: stat.name, ...(stat.seqno === undefined ? {} : { seqno: stat.seqno, modifiedUs: stat.modifiedUs }) }
  return { type: 'file', path: stat.path, name: stat.name, size: stat.size, contentHash: hex(stat.contentHash), etag: stat.etag, seqno: stat.seqno, modifiedUs: stat.modifiedUs }
}

/**
 * Whether decimal digits `a` name a number below `b`'s, exactly: past 2^53 two positions can be one double, and
 * 'bytes=100000000000000000000-99999999999999999999' was read as one past the end (416), not as invalid (found by
 * test/gateway/range-model.test.ts). In time linear in their length, as the rest of the header is read.
 */
function digitsBelow (a: string, b: string): boolean {
  const [x, y] = [a.replace(/^0+/, ''), b.replace(/^0+/, '')]
  return x.length === y.length ? x < y : x.length < y.length
}

/**
 * The one byte range of a Range header, as [start, end), or undefined to
 * send the whole file (no header, several ranges, not a byte range, or an
 * invalid one: bytes=5-3, bytes=-). Null: a valid range that does not lie
 * in the file (RFC 9110 section 14.1.1).
 */
export function byteRange (header: string | undefined, size: number): { start: number, end: number } | undefined | null {
  if (header === undefined) return undefined
  // Read by parts, not by one regex: runs of spaces that its parts could share between them were tried every way
  // (in time the cube of their length: 8,000 held the node's event loop for minutes; found by attacking the gateway).
  const equals = header.indexOf('=')
  if (equals < 0 || header.slice(0, equals).trim().toLowerCase() !== 'bytes') return undefined
  // Empty elements of the list are no ranges (RFC 9110 section 5.6.1: a recipient ignores them): 'bytes=0-1,' is one range.
  const ranges = header.slice(equals + 1).split(',').map((range) => range.trim()).filter((range) => range !== '')
  // Several ranges, or a header that is not a byte range: RFC 9110 lets a server ignore it and send the whole file.
  // (Digits and spaces are told apart at every step: each character is looked at once.)
  const match = ranges.length === 1 ? /^(\d*)\s*-\s*(\d*)$/.exec(ranges[0]!) : null
  if (match === null) return undefined
  const [, first, last] = match as unknown as [string, string, string]
  // No position at all, or a last before the first: an invalid range, which RFC 9110 section 14.2 says to ignore.
  if (first === '' && last === '') return undefined
  if (first !== '' && last !== '' && digitsBelow(last, first)) return undefined
  if (first === '') {
    // The last n bytes; of an empty file, all of it, which no 206 can say (its Content-Range would name no byte).
    const n = Number(last)
    if (n === 0) return null
    if (size === 0) return undefined
    return { start: Math.max(0, size - n), end: size }
  }
  const start = Number(first)
  const end = last === '' ? size : Math.min(size, Number(last) + 1)
  if (start >= size || end <= start) return null
  return { start, end }
}

/**
 * A file's Last-Modified: its writer's record timestamp, never later than
 * the answer's Date (RFC 9110 section 8.8.2.1), which Node writes to the
 * second it is sent in. A writer whose clock ran ahead (or a hostile one)
 * had the gateway send one years ahead, and caches take a file as fresh
 * for a fraction of its age (found by attacking the facades).
 */
function lastModified (modifiedUs: number): string {
  return new Date(Math.min(modifiedUs / 1000, Math.floor(Date.now() / 1000) * 1000)).toUTCString()
}

/**
 * Whether a Range applies given the request's If-Range: there is none, or
 * it is the file's ETag (strong comparison: a weak tag never matches). A
 * date never applies: Last-Modified is to the second, and two versions of
 * a file written in one second share it, so a resumed download would splice
 * them (RFC 9110 section 13.1.5 takes a date only as a strong validator;
 * found by attacking the gateway). The whole file is sent instead.
 */
export function rangeStillApplies (ifRange: string | string[] | undefined, etag: string): boolean {
  if (ifRange === undefined) return true
  // Several If-Range headers name no one file.
  if (Array.isArray(ifRange)) return false
  return ifRange.trim() === etag
}

/**
 * A request's conditions on a file: If-Match and If-None-Match on its ETag
 * (the file a write replaces), and If-Unmodified-Since on its
 * Last-Modified, which counts only without If-Match (RFC 9110 section
 * 13.2.2) and only when it is a date. Undefined when there are none.
 */
interface FileConditions {
  tags?: WriteConditions
  /** If-Unmodified-Since, in ms since 1970. */
  unmodifiedSinceMs?: number
}

function fileConditionsOf (headers: { 'if-match'?: string, 'if-none-match'?: string, 'if-unmodified-since'?: string }): FileConditions | undefined {
  const tags = writeConditionsOf(headers['if-match'], headers['if-none-match'])
  const since = headers['if-match'] === undefined ? headers['if-unmodified-since'] : undefined
  // A date that does not parse is ignored (RFC 9110 section 13.1.4), as a client of a server without the header expects.
  const sinceMs = since === undefined ? NaN : Date.parse(since)
  if (tags === undefined && Number.isNaN(sinceMs)) return undefined
  return { ...(tags === undefined ? {} : { tags }), ...(Number.isNaN(sinceMs) ? {} : { unmodifiedSinceMs: sinceMs }) }
}

function requireConditions (conditions: FileConditions | undefined, current: FsFileStat | undefined, path: string): void {
  if (conditions === undefined) return
  if (conditions.tags !== undefined && !writeConditionsHold(conditions.tags, current?.etag)) {
    throw new ConditionFailedError(`If-Match / If-None-Match do not hold: '${path}' ${current === undefined ? 'is no file' : `is the file of ETag ${current.etag}`}`)
  }
  // Last-Modified is to the second; a file with no modification time (none there) does not refuse the write.
  const modifiedMs = current === undefined ? undefined : Math.floor(current.modifiedUs / 1_000_000) * 1000
  if (conditions.unmodifiedSinceMs !== undefined && modifiedMs !== undefined && modifiedMs > conditions.unmodifiedSinceMs) {
    throw new ConditionFailedError(`If-Unmodified-Since does not hold: '${path}' was modified ${new Date(modifiedMs).toUTCString()}, after ${new Date(conditions.unmodifiedSinceMs).toUTCString()}`)
  }
}

/** A delete's If-None-Match: * found no file where it deletes: a folder, or nothing (told apart once the delete gave up). */
class NoFileThere extends Error {}

/**
 * A write that carried no conditions and lost every race to other writers
 * (FileSystem plans a write again on the latest version a few times): no
 * condition of the request failed, so not 412, which a client reads as the
 * resource changed under it and does not send again; 409, to send again.
 */
async function unconditional<T> (conditions: FileConditions | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (err) {
    if (conditions !== undefined || !(err instanceof ConditionFailedError)) throw err
    throw new ChainMismatchError(`other writers kept changing what this write was planned on, and nothing of it was written: send it again (${err.message})`, { cause: err })
  }
}

/** Chunk lookups all the gateway's uploads have under way at once, at most: a quarter of the 1,024 reads a server keeps waiting for one requester. */
export const MAX_CHUNK_LOOKUPS = 256

export function filesRoutes (ctx: FilesRouteContext): RouteSpec[] {
  const nameOf = (request: FastifyRequest): Uint8Array => parseName((request.params as { capsule: string }).capsule)
  // One FileSystem a writer (the gateway keeps one writer a capsule): it plans and appends its writes one at a time,
  // where one made for each request raced the others on their shared folders (17 of 20 plain PUTs into one folder at
  // once were refused, found by attacking the gateway).
  const fileSystems = new WeakMap<object, FileSystem>()

  async function capsule (request: FastifyRequest): Promise<{ reader: KvReader, writer?: KvWriter }> {
    if (ctx.kv === undefined) throw new FacadeUnavailableError('this gateway was started without access to key-value (and so file) capsules')
    const { metadata, reader, writer } = await ctx.kv(nameOf(request))
    // A key-value capsule that is not a file capsule: MalformedMessageError, as the key-value routes answer a capsule that is not theirs.
    requireFilesCapsule(metadata)
    return { reader, ...(writer === undefined ? {} : { writer }) }
  }

  /**
   * Reads go to the capsule's reader, as the key-value routes' do: the node's
   * own index when it holds the capsule. (Through the writer, a capsule this
   * node may write was read through the overlay with proofs, and a file at a
   * version within its upload had none: 409.)
   */
  async function open (request: FastifyRequest): Promise<FileSystemReader> {
    return new FileSystemReader((await capsule(request)).reader)
  }

  // Every upload's chunk lookups, together: each upload looks up to 64 chunks ahead, and the server holding a capsule
  // keeps 1,024 key-value reads of one requester waiting at most and refuses the rest (CONGESTION): 40 uploads of
  // 16 MiB at once through a server's own gateway had 23 refused 503 (found by attacking the gateway).
  const lookups = new Turns(MAX_CHUNK_LOOKUPS)
  async function openWriter (request: FastifyRequest): Promise<FileSystem> {
    const { reader, writer } = await capsule(request)
    if (writer === undefined) throw new ReadOnlyCapsuleError(`this node does not hold the writer key of file capsule ${formatName(reader.name)}: it serves it read-only`)
    let fs = fileSystems.get(writer)
    if (fs === undefined) fileSystems.set(writer, fs = new FileSystem(writer, { lookupTurn: async () => await lookups.take() }))
    return fs
  }

  const pathOf = (spec: RouteSpec, request: FastifyRequest): string =>
    Buffer.from(decodePathBytes(rawRest(spec, request), 'utf8', 'the path', FILE_NAMES_ARE_TEXT)).toString('utf8')

  /** The listing's `after`, read from the raw query as the path is: a bad escape is refused, not read as U+FFFD. */
  const afterOf = (request: FastifyRequest): string | undefined => {
    const raw = rawQuery(request, 'after')
    return raw === undefined ? undefined : Buffer.from(decodePathBytes(raw, 'utf8', 'query parameter after', FILE_NAMES_ARE_TEXT)).toString('utf8')
  }

  /** GET and HEAD of a path: a file's bytes (or a range of them), or a folder's listing. */
  async function read (spec: RouteSpec, request: FastifyRequest, reply: FastifyReply, withBody: boolean): Promise<unknown> {
    const q = request.query as Query
    const path = pathOf(spec, request)
    const view = await (await open(request)).view(atOfQuery(q))
    const stat = await view.stat(path)
    reply.header('x-gdp-version', String(view.version))
    if (stat.type === 'folder') {
      // A folder has no ETag, so If-Match holds for none (even *, as on a DELETE): a client asking again for the file
      // it read got the listing of a folder put in its place (found by attacking the gateway).
      const ifMatch = request.headers['if-match']
      if (ifMatch !== undefined && writeConditionsOf(ifMatch, undefined) !== undefined) throw new ConditionFailedError(`If-Match does not hold: '${path}' is a folder, which has no ETag`)
      // If-None-Match: * is for anything there, a folder too (RFC 9110 section 13.1.2): 304, as for a file. Its tags are none of a folder's.
      const ifNoneMatch = request.headers['if-none-match']
      if (ifNoneMatch !== undefined && entityTags(ifNoneMatch) === '*') return await reply.code(304).send()
      const limit = q.limit as number
      const after = afterOf(request)
      const entries = await view.readdir(path, { limit: limit + 1, ...(after === undefined ? {} : { after }) })
      const page = entries.slice(0, limit)
      const listing = JSON.stringify({ version: view.version, folder: statJson(stat), entries: page.map(statJson), ...(entries.length > limit ? { after: page.at(-1)!.name } : {}) })
      // Written here, so that HEAD tells the length GET sends (it had none).
      reply.type('application/json; charset=utf-8').header('content-length', String(Buffer.byteLength(listing)))
      return await reply.send(withBody ? listing : undefined)
    }
    reply.header('etag', stat.etag).header('accept-ranges', 'bytes').header('last-modified', lastModified(stat.modifiedUs))
    // If-Match or If-Unmodified-Since on a read: a client that holds part of one file asks for the rest of that file only
    // (RFC 9110 section 13.1.1). If-None-Match is a cache's: 304 below.
    requireConditions(fileConditionsOf({ 'if-match': request.headers['if-match'], 'if-unmodified-since': request.headers['if-unmodified-since'] }), stat, path)
    if (clientHolds(request.headers['if-none-match'], stat.etag)) return await reply.code(304).send()
    // A Range whose If-Range names another file than this one would splice two contents: the whole file instead (RFC 9110 section 13.1.5).
    const range = rangeStillApplies(request.headers['if-range'], stat.etag) ? byteRange(request.headers.range, stat.size) : undefined
    if (range === null) {
      reply.header('content-range', `bytes */${stat.size}`)
      throw new RangeNotSatisfiableError(`the range '${request.headers.range ?? ''}' does not lie within '${path}', which holds ${stat.size} bytes`)
    }
    const { start, end } = range ?? { start: 0, end: stat.size }
    if (range !== undefined) reply.code(206).header('content-range', `bytes ${start}-${end - 1}/${stat.size}`)
    reply.type('application/octet-stream').header('content-length', String(end - start))
    if (!withBody) return await reply.send()
    await ctx.downloads.send(reply, (hold) => view.get(path, { start, end }, { hold }))
  }

  const listingQuery = {
    after: { schema: { type: 'string' }, description: 'for a folder: list the names after this one (the `after` of the previous page)' },
    limit: { schema: { type: 'integer', minimum: 1, maximum: ctx.maxListLimit, default: Math.min(100, ctx.maxListLimit) }, description: 'for a folder: entries in the page at most' },
    ...atParams
  }
  const readResponses = {
    200: {
      description: "a file's bytes, or a folder's listing (JSON)",
      content: { 'application/octet-stream': { type: 'string', contentMediaType: 'application/octet-stream' }, 'application/json': ref('FsListing') },
      headers: fileHeaders
    },
    206: {
      description: 'the byte range asked for',
      content: { 'application/octet-stream': { type: 'string', contentMediaType: 'application/octet-stream' } },
      headers: { ...fileHeaders, 'Content-Range': { description: 'bytes start-end/size', schema: { type: 'string' } } }
    },
    304: { description: 'the client holds this content already' }
  }
  const readHeaders = {
    Range: { schema: { type: 'string' }, description: 'one byte range (bytes=0-99, bytes=100-, bytes=-100); several, or an invalid one (bytes=5-3), are answered with the whole file' },
    'If-Range': { schema: { type: 'string' }, description: 'the ETag (strong) of the file the client holds part of: the Range applies only if the file is still that one, else the whole file is sent (200); a date never applies (two versions in one second share it)' },
    'If-Match': { schema: { type: 'string' }, description: 'ETags (strong), or *: 412 unless the file is one of them (always for a folder, which has no ETag)' },
    'If-Unmodified-Since': { schema: { type: 'string' }, description: 'a date: 412 when the file was modified after it (ignored with If-Match, or when it is no date)' },
    'If-None-Match': { schema: { type: 'string' }, description: 'ETags of contents the client holds (a list; weak ones match too), or *: 304 when the file has one of them' }
  }

  const getPath: RouteSpec = {
    method: 'GET',
    path: '/v1/files/{capsule}/fs/{path}',
    restParam: 'path',
    operationId: 'fsGet',
    tag: 'files',
    summary: "A file's bytes (all, or one range), or a folder's listing",
    description: 'Every chunk is checked against its hash before it is sent; a chunk that does not match cuts the answer short.',
    params: { ...capsuleParam, path: pathParam },
    query: listingQuery,
    headers: readHeaders,
    responses: readResponses,
    errors: [412, 416],
    async handler (request, reply) { return await read(getPath, request, reply, true) }
  }
  const headPath: RouteSpec = {
    ...getPath,
    method: 'HEAD',
    operationId: 'fsHead',
    summary: 'What a GET would answer, without the body: size, ETag, type',
    responses: {
      200: { description: 'a file (Content-Length: its size) or a folder (Content-Type: application/json)', headers: fileHeaders },
      206: { description: 'the byte range asked for', headers: fileHeaders },
      304: { description: 'the client holds this content already' }
    },
    async handler (request, reply) { return await read(headPath, request, reply, false) }
  }

  const putFile: RouteSpec = {
    method: 'PUT',
    path: '/v1/files/{capsule}/fs/{path}',
    restParam: 'path',
    operationId: 'fsPut',
    tag: 'files',
    summary: 'Store a file from the body, streamed (any content type); missing parent folders are made',
    description: 'The body is cut into content-defined chunks as it arrives; only chunks the capsule does not hold are stored, and ' +
      'the file appears once the whole body is stored. A client that disconnects before the end leaves no file. ' +
      'If-Match and If-None-Match compare with the ETag of the file the PUT replaces, when the write is appended: ' +
      'a file another writer changed meanwhile is not overwritten.',
    params: { ...capsuleParam, path: pathParam },
    headers: {
      'If-Match': { schema: { type: 'string' }, description: 'ETags of the file the write expects to replace, or * for any file: 412 when the file has another content or is absent' },
      'If-Unmodified-Since': { schema: { type: 'string' }, description: 'a date: 412 when the file the write replaces was modified after it (ignored with If-Match, when there is no file, or when it is no date)' },
      'If-None-Match': { schema: { type: 'string' }, description: '*: write only when there is no file (412 otherwise); or ETags: write unless the file has one of them' }
    },
    rawBodyLimit: ctx.maxFileBytes,
    streamBody: true,
    responses: {
      200: { description: 'stored, in place of a file', content: { 'application/json': ref('FsPutResult') } },
      201: { description: 'stored where there was no file', content: { 'application/json': ref('FsPutResult') } }
    },
    errors: [412],
    async handler (request, reply) {
      const path = pathOf(putFile, request)
      const conditions = fileConditionsOf(request.headers)
      const declared = Number(request.headers['content-length'] ?? NaN)
      if (declared > ctx.maxFileBytes) throw new BodyTooLargeError(`the body is over this route's limit of ${ctx.maxFileBytes} bytes`)
      const fs = await openWriter(request)
      await ctx.uploads.reserve(reply.raw, Number.isNaN(declared) ? UPLOAD_ROOM_BYTES : Math.min(declared, UPLOAD_ROOM_BYTES))
      // Checked before the body is stored, and again with the write, on the file it replaces (a compare-and-set);
      // the last call sees the file the write replaced, if any (RFC 9110 section 9.3.4: 201 when it made one).
      let replacedAFile = false
      const precondition = (replaced: FsFileStat | undefined): void => {
        replacedAFile = replaced !== undefined
        requireConditions(conditions, replaced, path)
      }
      // An empty body with no Content-Type reaches no content-type parser (fastify skips them): the request is the body.
      const body = (request.body as IncomingMessage | undefined) ?? request.raw
      const stop = new AbortController()
      // A client that goes away mid-upload: the put stops, and writes no entry.
      const gone = (): void => { if (!body.complete) stop.abort() }
      body.on('close', gone)
      let received = 0
      async function * limited (): AsyncGenerator<Uint8Array> {
        for await (const piece of body as AsyncIterable<Buffer>) {
          received += piece.length
          if (received > ctx.maxFileBytes) throw new BodyTooLargeError(`the body is over this route's limit of ${ctx.maxFileBytes} bytes`)
          yield new Uint8Array(piece.buffer, piece.byteOffset, piece.byteLength)
        }
      }
      try {
        const result = await unconditional(conditions, async () => await fs.put(path, limited(), { signal: stop.signal, precondition }))
        return await reply.code(replacedAFile ? 200 : 201).send({ file: statJson(result.file), stored: result.stored, receipt: { seqno: result.receipt.seqno, version: result.receipt.version, checkpointed: result.receipt.checkpointed } })
      } finally {
        body.off('close', gone)
      }
    }
  }

  const deletePath: RouteSpec = {
    method: 'DELETE',
    path: '/v1/files/{capsule}/fs/{path}',
    restParam: 'path',
    operationId: 'fsDelete',
    tag: 'files',
    summary: 'Delete a file, an empty folder, or with recursive=true a folder and all it holds',
    description: 'If-Match and If-None-Match compare with the ETag of the file deleted, when the delete is appended: ' +
      'a file another writer changed meanwhile is not deleted. A folder has no ETag: If-Match on a folder is 412.',
    params: { ...capsuleParam, path: pathParam },
    query: { recursive: { schema: { type: 'boolean', default: false }, description: 'a folder with everything below it' } },
    headers: {
      'If-Match': { schema: { type: 'string' }, description: 'ETags of the file the delete expects, or * for any file: 412 when the file has another content, is absent or is a folder' },
      'If-Unmodified-Since': { schema: { type: 'string' }, description: 'a date: 412 when the file was modified after it (ignored with If-Match, for a folder, or when it is no date)' },
      'If-None-Match': { schema: { type: 'string' }, description: 'ETags: delete unless the file has one of them (412 otherwise); *: 412 when anything is there, a folder too' }
    },
    responses: { 200: { description: 'deleted', content: { 'application/json': ref('KvReceipt') } } },
    errors: [412],
    async handler (request) {
      const path = pathOf(deletePath, request)
      const conditions = fileConditionsOf(request.headers)
      const precondition = conditions === undefined
        ? undefined
        : (deleted: FsFileStat | undefined): void => {
            // If-None-Match: * holds only where nothing is; the delete sees no file for a folder too, which it deleted.
            if (deleted === undefined && conditions.tags?.ifNoneMatch === '*') throw new NoFileThere()
            requireConditions(conditions, deleted, path)
          }
      const fs = await openWriter(request)
      const receipt = await unconditional(conditions, async () => await fs.delete(path, { recursive: (request.query as Query).recursive as boolean, precondition }))
        .catch(async (err: unknown) => {
          // Nothing written: a folder there is 412, nothing there 404 (the stat's PathNotFoundError).
          if (err instanceof NoFileThere) throw new ConditionFailedError(`If-None-Match: * does not hold: '${path}' is a ${(await (await fs.view()).stat(path)).type}, and it is there`)
          throw nameOption(err, 'recursive', '?recursive=true')
        })
      return { seqno: receipt.seqno, version: receipt.version, checkpointed: receipt.checkpointed }
    }
  }

  const watchPath: RouteSpec = {
    method: 'GET',
    path: '/v1/files/{capsule}/watch/{path}',
    restParam: 'path',
    operationId: 'fsWatch',
    tag: 'files',
    summary: 'Changes below a folder as they are appended, as Server-Sent Events',
    description: 'Each `change` event is what one record wrote below the folder, or to the folder itself as it went or became a file; its id is the version after it, so a client that ' +
      'reconnects with Last-Event-ID misses nothing. An `error` event ends the stream.',
    params: { ...capsuleParam, path: pathParam },
    query: {
      from: { schema: uint, description: 'send the changes after this version (default: the latest: new changes only)' },
      recursive: { schema: { type: 'boolean', default: true }, description: 'everything below the folder (default), or its children only' }
    },
    headers: { 'Last-Event-ID': { schema: { type: 'string', pattern: '^[0-9]+$' }, description: 'resume: the id of the last event received (overrides from)' } },
    responses: { 200: { description: 'a stream of `change` events (data: an FsChange) and at most one `error` event (data: an Error)', content: { 'text/event-stream': { type: 'string' } } } },
    errors: [],
    async handler (request, reply) {
      const q = request.query as Query
      const path = pathOf(watchPath, request)
      const fs = await open(request)
      const view = await fs.view()
      // Before the stream opens, so that a path that is not a folder is a plain error.
      if ((await view.stat(path)).type !== 'folder') throw new NotADirectoryError(`'${path}' is a file: watch a folder`)
      const from = resumeFrom(request, q.from as number | undefined) ?? view.version
      checkVersion(from, view.version)
      const stream = ctx.events.open(reply)
      try {
        await sendLettingGoWhenSlow((next) => fs.watch(path, { from: next, recursive: q.recursive as boolean, signal: stream.signal }), from,
          async (event) => {
            await stream.send('change', {
              seqno: event.seqno,
              timestampUs: event.timestampUs,
              version: event.version,
              changes: event.changes.map((c) => ({ path: c.path, ...(c.stat === undefined ? {} : { stat: statJson(c.stat) }) }))
            }, String(event.version))
          },
          (event) => event.version, stream.signal)
        stream.end()
      } catch (err) {
        stream.fail(err as Error)
      }
    }
  }

  return [getPath, headPath, putFile, deletePath, watchPath]
}
