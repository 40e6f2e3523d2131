/**
 * The key-value CAAPI over HTTP (src/kv/api.ts): a key's value as bytes
 * with its entry's seqno as ETag (If-Match / If-None-Match make a
 * compare-and-set), scans with cursors that pin the version they started
 * at, reads at any version or time, history, diff, batches, and watch as
 * Server-Sent Events.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { formatName, parseName } from '../capsule/name.js'
import type { CapsuleMetadata } from '../capsule/types.js'
import { ConditionFailedError, InvalidArgumentError, KeyNotFoundError } from '../errors.js'
import type { KvCondition, KvReader, KvWriteReceipt, KvWriter } from '../kv/api.js'
import { boundsOf, checkKey, checkVersion, describeKey, inBounds, MAX_KEY_LENGTH, MAX_VALUE_LENGTH, prefixRange, type KeyRange, type KvOp } from '../kv/format.js'
import type { KvEntry } from '../kv/model.js'
import { clientHolds, writeConditionsHold, writeConditionsOf } from './conditional.js'
import { answerBytes, atOfQuery, decodeBytes, decodePathBytes, encodeBytes, hex, type BytesEncoding } from './encoding.js'
import { AnswerTooLargeError, FacadeUnavailableError, ReadOnlyCapsuleError } from '../http/errors.js'
import { NAME_PARAM } from './capsule-routes.js'
import { ref, type JsonSchema } from './schemas.js'
import { rawQuery, rawRest, type RouteSpec } from './spec.js'
import { resumeFrom, sendLettingGoWhenSlow, type EventStreams } from './sse.js'

/**
 * A key-value capsule as the gateway may use it: `writer` only when this
 * node holds the capsule's writer key (LocalKv and RemoteKv implement
 * KvWriter whether or not they were given the key, so the factory says).
 */
export interface KvCapsule {
  /** The capsule's metadata, checked against its name: the file routes check that it is a file capsule. */
  metadata: CapsuleMetadata
  reader: KvReader
  writer?: KvWriter
}

/**
 * How the gateway reaches key-value capsules (and file capsules). It throws
 * the usual typed errors (CapsuleNotFoundError, MalformedMessageError for a
 * capsule that is not a key-value one, ...) for a capsule it cannot open.
 * @example async (name) => { const kv = await LocalKv.open(store, name, { signer: keyFor(name) }); return { metadata: kv.metadata, reader: kv, writer: keyFor(name) === undefined ? undefined : kv } }
 */
export type KvAccess = (name: Uint8Array) => Promise<KvCapsule>

export interface KvRouteContext {
  kv: KvAccess | undefined
  maxScanLimit: number
  /** Value bytes a history page holds (reached by its last write), and a diff at most. */
  maxReadBytes: number
  /** The gateway's event streams (bounded in number, ended when the gateway stops). */
  events: EventStreams
}

const uint: JsonSchema = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER }
const capsuleParam = { capsule: NAME_PARAM }
const keyParam = {
  schema: { type: 'string', minLength: 1 },
  description: `the key, 1 to ${MAX_KEY_LENGTH} bytes: percent-encoded UTF-8 (slashes may stay as they are), or hex with keyEncoding=hex`
}
const keyEncodingInPath = { schema: { enum: ['utf8', 'hex'], default: 'utf8' }, description: 'how the key in the path is written: utf8 (percent-encoded, default) or hex' }
const keyEncoding = { schema: { enum: ['utf8', 'hex', 'base64'], default: 'utf8' }, description: 'how keys are written in the query and in JSON: utf8 (default), hex or base64' }
const valueEncoding = { schema: { enum: ['base64', 'hex', 'utf8'], default: 'base64' }, description: 'how values are written in JSON: base64 (default), hex or utf8' }
const atParams = {
  version: { schema: uint, description: 'read the state at this version (records applied); default: the latest' },
  at: { schema: { type: 'string', minLength: 1 }, description: 'read the state as of this time: microseconds since the epoch, or ISO 8601' }
}
const boundParams = (what: string): Record<string, { schema: JsonSchema, description: string }> => ({
  gt: { schema: { type: 'string' }, description: `${what} keys after this one (a key: 1 to ${MAX_KEY_LENGTH} bytes)` },
  gte: { schema: { type: 'string' }, description: `${what} keys from this one on (a key: 1 to ${MAX_KEY_LENGTH} bytes)` },
  lt: { schema: { type: 'string' }, description: `${what} keys before this one (a key: 1 to ${MAX_KEY_LENGTH} bytes)` },
  lte: { schema: { type: 'string' }, description: `${what} keys up to this one (a key: 1 to ${MAX_KEY_LENGTH} bytes)` },
  prefix: { schema: { type: 'string' }, description: `${what} keys that begin with this (1 to ${MAX_KEY_LENGTH} bytes; no other bound with it)` }
})
const conditionHeaders = {
  'If-Match': { schema: { type: 'string' }, description: 'the ETag of the entry the write expects (its seqno, quoted), a list of them, or *: any entry; 412 when the key holds another entry or none (a weak W/ tag never matches)' },
  'If-None-Match': { schema: { const: '*' }, description: '*: write only when the key is absent (412 otherwise)' }
}
const receiptResponse = {
  200: {
    description: 'appended; the receipt says where',
    content: { 'application/json': ref('KvReceipt') },
    headers: { ETag: { description: 'for a put: the new entry\'s ETag (its seqno, quoted)', schema: { type: 'string' } } }
  }
}

type Query = Record<string, unknown>

/** A cursor names the version a scan started at and the last key it gave: "<version>.<hex key>". */
function parseCursor (text: string): { version: number, key: Uint8Array } {
  const match = /^(\d{1,15})\.((?:[0-9a-f]{2})+)$/.exec(text)
  // A key past the key length is no key a page gave: it went on as a bound a key may not be (docs/gateway.md "Bounds").
  if (match === null || match[2]!.length > 2 * MAX_KEY_LENGTH) throw new InvalidArgumentError(`cursor '${text.slice(0, 40)}' is not one this gateway gave`)
  return { version: Number(match[1]), key: new Uint8Array(Buffer.from(match[2]!, 'hex')) }
}

const receiptJson = (r: KvWriteReceipt): Record<string, unknown> => ({ seqno: r.seqno, version: r.version, checkpointed: r.checkpointed })

function entryJson (entry: KvEntry, keys: BytesEncoding, values: BytesEncoding): Record<string, unknown> {
  return {
    key: encodeBytes(entry.key, keys, 'a key'),
    value: encodeBytes(entry.value, values, `the value of key ${describeKey(entry.key)}`),
    seqno: entry.seqno,
    timestampUs: entry.timestampUs,
    encryptionEpoch: entry.encryptionEpoch
  }
}

export function kvRoutes (ctx: KvRouteContext): RouteSpec[] {
  const nameOf = (request: FastifyRequest): Uint8Array => parseName((request.params as { capsule: string }).capsule)

  async function capsule (request: FastifyRequest): Promise<KvCapsule> {
    if (ctx.kv === undefined) throw new FacadeUnavailableError('this gateway was started without key-value access')
    return await ctx.kv(nameOf(request))
  }

  const open = async (request: FastifyRequest): Promise<KvReader> => (await capsule(request)).reader

  async function openWriter (request: FastifyRequest): Promise<KvWriter> {
    const { reader, writer } = await capsule(request)
    if (writer === undefined) throw new ReadOnlyCapsuleError(`this node does not hold the writer key of key-value capsule ${formatName(reader.name)}: it serves it read-only`)
    return writer
  }

  /** The key the rest of the path names. */
  const keyOf = (spec: RouteSpec, request: FastifyRequest): Uint8Array => {
    const key = decodePathBytes(rawRest(spec, request), (request.query as Query).keyEncoding as 'utf8' | 'hex', 'the key in the path')
    checkKey(key)
    return key
  }

  /** A key in the query, in the request's key encoding, checked; undefined when absent. */
  const queryKey = (request: FastifyRequest, name: string): Uint8Array | undefined => {
    const raw = rawQuery(request, name)
    if (raw === undefined) return undefined
    const encoding = (request.query as Query).keyEncoding as BytesEncoding
    const bytes = decodePathBytes(raw, 'utf8', `query parameter ${name}`)
    const key = encoding === 'utf8' ? bytes : decodeBytes(Buffer.from(bytes).toString('utf8'), encoding, `query parameter ${name}`)
    // No key is empty, and an empty bound would not reach the server (protobuf leaves empty bytes out): leave it out instead.
    if (key.length === 0) throw new InvalidArgumentError(`query parameter ${name} is empty: keys are 1 to ${MAX_KEY_LENGTH} bytes; leave ${name} out for no bound`)
    // A longer one is no key either: a server holding the capsule refuses it, where this node's index answered no keys.
    checkKey(key, `query parameter ${name}`)
    return key
  }

  /** The key range of gt/gte/lt/lte or prefix in the query. */
  const rangeOf = (request: FastifyRequest): KeyRange => {
    const bound = (name: string): Uint8Array | undefined => queryKey(request, name)
    const prefix = bound('prefix')
    const range: KeyRange = {}
    for (const side of ['gt', 'gte', 'lt', 'lte'] as const) {
      const key = bound(side)
      if (key !== undefined) range[side] = key
    }
    if (prefix === undefined) return range
    if (Object.keys(range).length > 0) throw new InvalidArgumentError('prefix takes no other bound (gt, gte, lt, lte)')
    return prefixRange(prefix)
  }

  /**
   * The compare-and-set condition the request's If-Match / If-None-Match
   * state for `key`, checked once the capsule is open (a capsule that is
   * not there is 404 whatever the condition). If-Match compares strongly,
   * as a file's does (RFC 9110 section 13.1.1): a weak tag, or one that is
   * no entry's (not a seqno), never matches; a list holds when the entry's
   * ETag is among its tags. A header that is no ETag at all is 400.
   */
  const conditionOf = (request: FastifyRequest, key: Uint8Array): ((kv: KvWriter) => Promise<KvCondition | undefined>) => {
    const ifMatch = request.headers['if-match']
    const ifNoneMatch = request.headers['if-none-match']
    if (ifMatch !== undefined && ifNoneMatch !== undefined) throw new InvalidArgumentError('give If-Match or If-None-Match, not both')
    if (ifNoneMatch !== undefined) {
      if (ifNoneMatch.trim() !== '*') throw new InvalidArgumentError('a write takes If-None-Match: * only (write if the key is absent)')
      return async () => ({ key, absent: true })
    }
    if (ifMatch === undefined) return async () => undefined
    const tags = writeConditionsOf(ifMatch, undefined)!.ifMatch!
    if (tags === '*') return async () => ({ key, absent: false })
    // ETags compare as strings (RFC 9110 section 8.8.3.2): "010" is no entry's, where read as a number it was "10"'s.
    const seqnos = [...new Set(tags.filter((t) => !t.weak && /^"(0|[1-9]\d{0,14})"$/.test(t.tag)).map((t) => Number(t.tag.slice(1, -1))))]
    const failed = (holds: string): ConditionFailedError => new ConditionFailedError(`If-Match ${ifMatch.trim().slice(0, 100)} does not hold: ${holds} (an entry's ETag is its seqno, quoted, compared strongly: a W/ tag never matches)`)
    return async (kv) => {
      if (seqnos.length === 0) throw failed(`it names no entry's ETag, and key ${describeKey(key)} holds none of them`)
      if (seqnos.length === 1) return { key, seqno: seqnos[0]! }
      // Several: the write is conditioned on the entry the key holds now, if it is one of them (then as if that one alone was given).
      const entry = await (await kv.view()).get(key)
      if (entry === undefined || !seqnos.includes(entry.seqno)) throw failed(entry === undefined ? `key ${describeKey(key)} holds no entry` : `key ${describeKey(key)} holds the entry of ETag "${entry.seqno}"`)
      return { key, seqno: entry.seqno }
    }
  }

  const keyParamSpec = (path: string): Pick<RouteSpec, 'path' | 'restParam' | 'params'> => ({ path, restParam: 'key', params: { ...capsuleParam, key: keyParam } })

  const getValue: RouteSpec = {
    method: 'GET',
    ...keyParamSpec('/v1/kv/{capsule}/keys/{key}'),
    operationId: 'kvGet',
    tag: 'kv',
    summary: "A key's value, as bytes",
    description: "The entry's seqno is its ETag: send it back as If-Match to write only if nobody wrote the key since.",
    query: { keyEncoding: keyEncodingInPath, ...atParams },
    headers: {
      'If-None-Match': { schema: { type: 'string' }, description: 'ETags of entries the client holds (a list; weak ones match too), or *: 304 when the entry is one of them' },
      'If-Match': { schema: { type: 'string' }, description: 'ETags (strong), or *: 412 unless the entry is one of them' }
    },
    responses: {
      200: {
        description: 'the value',
        content: { 'application/octet-stream': { type: 'string', contentMediaType: 'application/octet-stream' } },
        headers: {
          ETag: { description: "the entry's seqno, quoted", schema: { type: 'string' } },
          'X-Gdp-Version': { description: 'the version read', schema: { type: 'string' } },
          'X-Gdp-Timestamp-Us': { description: 'when the put that set it was appended', schema: { type: 'string' } },
          'X-Gdp-Encryption-Epoch': { description: '0: the value is in clear', schema: { type: 'string' } }
        }
      },
      304: { description: 'the client holds this entry already' }
    },
    answerBytes: MAX_VALUE_LENGTH,
    errors: [412],
    async handler (request, reply) { return await value(getValue, request, reply, true) }
  }

  /** GET and HEAD of a key: its value, or what a GET would answer without it. */
  async function value (spec: RouteSpec, request: FastifyRequest, reply: FastifyReply, withBody: boolean): Promise<unknown> {
    const key = keyOf(spec, request)
    const view = await (await open(request)).view(atOfQuery(request.query as Query))
    const entry = await view.get(key)
    if (entry === undefined) throw new KeyNotFoundError(`no key ${describeKey(key)} at version ${view.version}`)
    const etag = `"${entry.seqno}"`
    reply.header('etag', etag).header('x-gdp-version', String(view.version)).header('x-gdp-timestamp-us', String(entry.timestampUs)).header('x-gdp-encryption-epoch', String(entry.encryptionEpoch))
    // If-Match on a read: the value of this entry, or nothing (RFC 9110 section 13.1.1), as for a file.
    const ifMatch = request.headers['if-match']
    if (ifMatch !== undefined && !writeConditionsHold(writeConditionsOf(ifMatch, undefined)!, etag)) throw new ConditionFailedError(`If-Match does not hold: key ${describeKey(key)} holds the entry of ETag ${etag}`)
    if (clientHolds(request.headers['if-none-match'], etag)) return await reply.code(304).send()
    reply.type('application/octet-stream')
    if (!withBody) return await reply.header('content-length', String(entry.value.length)).send()
    return await reply.send(Buffer.from(entry.value.buffer, entry.value.byteOffset, entry.value.byteLength))
  }

  const headValue: RouteSpec = {
    ...getValue,
    method: 'HEAD',
    operationId: 'kvHead',
    // Its answer has no body to make room for.
    answerBytes: undefined,
    summary: 'What a GET of the key would answer, without the value: its ETag, version and size',
    responses: {
      200: { description: 'the key is there (Content-Length: the size of its value)', headers: getValue.responses[200]!.headers },
      304: { description: 'the client holds this entry already' }
    },
    async handler (request, reply) { return await value(headValue, request, reply, false) }
  }

  const putValue: RouteSpec = {
    method: 'PUT',
    ...keyParamSpec('/v1/kv/{capsule}/keys/{key}'),
    operationId: 'kvPut',
    tag: 'kv',
    summary: 'Set a key to the body (any content type), optionally only if a condition holds',
    query: { keyEncoding: keyEncodingInPath, encryptionEpoch: { schema: { type: 'integer', minimum: 0, maximum: 2 ** 32 - 1 }, description: 'the content key epoch the value is encrypted under (0, default: in clear)' } },
    headers: conditionHeaders,
    rawBodyLimit: MAX_VALUE_LENGTH,
    responses: receiptResponse,
    errors: [412],
    async handler (request, reply) {
      const key = keyOf(putValue, request)
      const conditionIn = conditionOf(request, key)
      const kv = await openWriter(request)
      const condition = await conditionIn(kv)
      const epoch = (request.query as Query).encryptionEpoch as number | undefined
      const receipt = await kv.put(key, new Uint8Array(request.body as Buffer), { ...(epoch === undefined ? {} : { encryptionEpoch: epoch }), ...(condition === undefined ? {} : { condition }) })
      return await reply.header('etag', `"${receipt.seqno}"`).send(receiptJson(receipt))
    }
  }

  const deleteKey: RouteSpec = {
    method: 'DELETE',
    ...keyParamSpec('/v1/kv/{capsule}/keys/{key}'),
    operationId: 'kvDelete',
    tag: 'kv',
    summary: 'Delete a key (a key that is absent stays absent), optionally only if a condition holds',
    query: { keyEncoding: keyEncodingInPath },
    headers: conditionHeaders,
    responses: receiptResponse,
    errors: [412],
    async handler (request) {
      const key = keyOf(deleteKey, request)
      const conditionIn = conditionOf(request, key)
      const kv = await openWriter(request)
      const condition = await conditionIn(kv)
      return receiptJson(await kv.delete(key, condition === undefined ? {} : { condition }))
    }
  }

  const history: RouteSpec = {
    method: 'GET',
    ...keyParamSpec('/v1/kv/{capsule}/history/{key}'),
    operationId: 'kvHistory',
    tag: 'kv',
    summary: 'The writes of a key up to a version, oldest first, a page at a time',
    description: `A page holds at most \`limit\` writes, and values of at most ${ctx.maxReadBytes} bytes in all (or one write, whose value alone may be more); ` +
      '`after` in the answer is where the next page begins (pass it back, with the same version, to go on).',
    query: {
      keyEncoding: keyEncodingInPath,
      valueEncoding,
      after: { schema: uint, description: 'the writes after this seqno (the `after` of the previous page)' },
      limit: { schema: { type: 'integer', minimum: 1, maximum: ctx.maxScanLimit, default: ctx.maxScanLimit }, description: 'writes in the page at most' },
      ...atParams
    },
    answerBytes: answerBytes(ctx.maxReadBytes),
    responses: { 200: { description: 'the writes', content: { 'application/json': ref('KvHistory') } } },
    errors: [],
    async handler (request) {
      const key = keyOf(history, request)
      const q = request.query as Query
      const view = await (await open(request)).view(atOfQuery(q))
      const after = q.after as number | undefined
      const limit = q.limit as number
      // (After 2^53 - 1, which the schema takes: from there, where no record is, not from 2^53.)
      const { writes, more } = await view.history(key, { fromSeqno: after === undefined ? 0 : Math.min(after + 1, Number.MAX_SAFE_INTEGER), limit, maxBytes: ctx.maxReadBytes })
      return {
        version: view.version,
        key: encodeBytes(key, q.keyEncoding as BytesEncoding, 'the key'),
        ...(more ? { after: writes.at(-1)!.seqno } : {}),
        history: writes.map((w) => w.type === 'delete'
          ? { type: 'delete', seqno: w.seqno, timestampUs: w.timestampUs }
          : { type: 'put', seqno: w.seqno, timestampUs: w.timestampUs, value: encodeBytes(w.value, q.valueEncoding as BytesEncoding, `the value put at ${w.seqno}`), encryptionEpoch: w.encryptionEpoch })
      }
    }
  }

  return [
    {
      method: 'GET',
      path: '/v1/kv/{capsule}',
      operationId: 'kvInfo',
      tag: 'kv',
      summary: 'The latest version of a key-value capsule, its key count, and whether this node can write it',
      params: capsuleParam,
      responses: { 200: { description: 'the capsule', content: { 'application/json': ref('KvInfo') } } },
      errors: [],
      async handler (request) {
        const { reader, writer } = await capsule(request)
        const view = await reader.view()
        return { name: formatName(reader.name), version: view.version, count: await view.count(), writable: writer !== undefined }
      }
    },
    getValue,
    headValue,
    putValue,
    deleteKey,
    history,
    {
      method: 'GET',
      path: '/v1/kv/{capsule}/entries',
      operationId: 'kvScan',
      tag: 'kv',
      summary: 'Entries in key order (or reversed) within a range or prefix, a page at a time',
      description: `A page holds at most \`limit\` entries, and keys and values of at most ${ctx.maxReadBytes} bytes in all (or one entry, which alone may be more). ` +
        'A page that is not the last ends with a cursor; the next page, asked with the cursor and the same bounds, is read at the same version, so pages never mix versions.',
      params: capsuleParam,
      query: {
        ...boundParams('entries with'),
        reverse: { schema: { type: 'boolean', default: false }, description: 'in descending key order' },
        limit: { schema: { type: 'integer', minimum: 1, maximum: ctx.maxScanLimit, default: Math.min(100, ctx.maxScanLimit) }, description: 'entries in the page at most' },
        cursor: { schema: { type: 'string' }, description: 'from the previous page: where to go on (instead of version or at)' },
        ...atParams,
        keyEncoding,
        valueEncoding
      },
      answerBytes: answerBytes(ctx.maxReadBytes),
      responses: { 200: { description: 'a page of entries', content: { 'application/json': ref('KvEntryPage') } } },
      errors: [],
      async handler (request) {
        const q = request.query as Query
        const range = rangeOf(request)
        const reverse = q.reverse as boolean
        const limit = q.limit as number
        let at = atOfQuery(q)
        if (q.cursor !== undefined) {
          if (at !== undefined) throw new InvalidArgumentError('a cursor carries its version: give no version or at with it')
          const cursor = parseCursor(q.cursor as string)
          at = { version: cursor.version }
          // A cursor from a page of other bounds would carry the scan outside these (prefix=r answered with keys of n):
          // refused. Within them, its key replaces the bound on its side.
          if (!inBounds(cursor.key, boundsOf(range))) throw new InvalidArgumentError('the cursor is from a page of other bounds: ask for the next page with the bounds of the page that gave it')
          if (reverse) { delete range.lt; delete range.lte; range.lt = cursor.key } else { delete range.gt; delete range.gte; range.gt = cursor.key }
        }
        const view = await (await open(request)).view(at)
        const { entries, more } = await view.rangePage({ ...range, reverse, limit, maxBytes: ctx.maxReadBytes })
        return {
          version: view.version,
          entries: entries.map((e) => entryJson(e, q.keyEncoding as BytesEncoding, q.valueEncoding as BytesEncoding)),
          ...(more ? { cursor: `${view.version}.${hex(entries.at(-1)!.key)}` } : {})
        }
      }
    },
    {
      method: 'GET',
      path: '/v1/kv/{capsule}/count',
      operationId: 'kvCount',
      tag: 'kv',
      summary: 'How many keys lie within a range or prefix',
      params: capsuleParam,
      query: { ...boundParams('count'), ...atParams, keyEncoding },
      responses: { 200: { description: 'the count', content: { 'application/json': ref('KvCount') } } },
      errors: [],
      async handler (request) {
        const range = rangeOf(request)
        const view = await (await open(request)).view(atOfQuery(request.query as Query))
        return { version: view.version, count: await view.count(range) }
      }
    },
    {
      method: 'GET',
      path: '/v1/kv/{capsule}/diff',
      operationId: 'kvDiff',
      tag: 'kv',
      summary: 'Keys whose entries differ between two versions, in key order',
      params: capsuleParam,
      query: {
        from: { schema: uint, description: 'one version', required: true },
        to: { schema: uint, description: 'the other version', required: true },
        ...boundParams('only'),
        keyEncoding,
        valueEncoding
      },
      description: `Refused (413 AnswerTooLargeError) when the keys and values of the changes pass ${ctx.maxReadBytes} bytes: diff a narrower key range or closer versions.`,
      answerBytes: answerBytes(ctx.maxReadBytes),
      responses: { 200: { description: 'the changes', content: { 'application/json': ref('KvDiff') } } },
      errors: [],
      async handler (request) {
        const q = request.query as Query
        const range = rangeOf(request)
        const kv = await open(request)
        // Asked for no more than the gateway answers: a larger diff is never held whole here.
        const { entries: changes, more } = await kv.diff(q.from as number, q.to as number, range, { maxBytes: ctx.maxReadBytes })
        if (more) {
          throw new AnswerTooLargeError(`the diff from ${String(q.from)} to ${String(q.to)} holds more than this gateway's ${ctx.maxReadBytes} bytes of keys and values: diff a narrower key range (gte, lt, prefix) or closer versions`)
        }
        const keys = q.keyEncoding as BytesEncoding
        const values = q.valueEncoding as BytesEncoding
        return {
          from: q.from,
          to: q.to,
          changes: changes.map((c) => ({
            key: encodeBytes(c.key, keys, 'a key'),
            ...(c.before === undefined ? {} : { before: entryJson(c.before, keys, values) }),
            ...(c.after === undefined ? {} : { after: entryJson(c.after, keys, values) })
          }))
        }
      }
    },
    {
      method: 'POST',
      path: '/v1/kv/{capsule}/batch',
      operationId: 'kvBatch',
      tag: 'kv',
      summary: 'Puts and deletes applied together at one version, if every condition holds',
      description: 'Several operations on one key: the last counts. A condition that does not hold at the tip: 412 and nothing is written.',
      params: capsuleParam,
      query: { keyEncoding, valueEncoding },
      body: { description: 'the operations and conditions', content: { 'application/json': ref('KvBatchRequest') } },
      responses: { 200: { description: 'appended', content: { 'application/json': ref('KvReceipt') } } },
      errors: [412],
      async handler (request) {
        const q = request.query as Query
        const keys = q.keyEncoding as BytesEncoding
        const values = q.valueEncoding as BytesEncoding
        const body = request.body as { ops: Array<{ op: 'put' | 'delete', key: string, value?: string, encryptionEpoch?: number }>, conditions?: Array<{ key: string, absent?: boolean, seqno?: number, valueHash?: string }> }
        const ops: KvOp[] = body.ops.map((o, i) => {
          const key = decodeBytes(o.key, keys, `ops[${i}].key`)
          if (o.op === 'delete') {
            if (o.value !== undefined || o.encryptionEpoch !== undefined) throw new InvalidArgumentError(`ops[${i}]: a delete takes no value`)
            return { type: 'delete', key }
          }
          if (o.value === undefined) throw new InvalidArgumentError(`ops[${i}]: a put needs a value`)
          return { type: 'put', key, value: decodeBytes(o.value, values, `ops[${i}].value`), encryptionEpoch: o.encryptionEpoch ?? 0 }
        })
        const conditions: KvCondition[] = (body.conditions ?? []).map((c, i) => {
          const key = decodeBytes(c.key, keys, `conditions[${i}].key`)
          const given = [c.absent, c.seqno, c.valueHash].filter((x) => x !== undefined).length
          if (given !== 1) throw new InvalidArgumentError(`conditions[${i}]: give exactly one of absent, seqno or valueHash`)
          if (c.absent !== undefined) return { key, absent: c.absent }
          if (c.seqno !== undefined) return { key, seqno: c.seqno }
          return { key, valueHash: decodeBytes(c.valueHash!, 'hex', `conditions[${i}].valueHash`) }
        })
        const kv = await openWriter(request)
        return receiptJson(await kv.batch(ops, conditions))
      }
    },
    {
      method: 'GET',
      path: '/v1/kv/{capsule}/watch',
      operationId: 'kvWatch',
      tag: 'kv',
      summary: 'Changes as they are appended, as Server-Sent Events',
      description: 'Each `change` event is what one record did to keys within the bounds; its id is the version after it, so ' +
        'a client that reconnects with Last-Event-ID misses nothing. An `error` event ends the stream.',
      params: capsuleParam,
      query: {
        from: { schema: uint, description: 'send the changes after this version (default: the latest: new changes only)' },
        ...boundParams('only'),
        keyEncoding,
        valueEncoding
      },
      headers: { 'Last-Event-ID': { schema: { type: 'string', pattern: '^[0-9]+$' }, description: 'resume: the id of the last event received (overrides from)' } },
      responses: { 200: { description: 'a stream of `change` events (data: a KvChange) and at most one `error` event (data: an Error)', content: { 'text/event-stream': { type: 'string' } } } },
      errors: [],
      async handler (request, reply) {
        const q = request.query as Query
        const range = rangeOf(request)
        const kv = await open(request)
        const latest = (await kv.view()).version
        const from = resumeFrom(request, q.from as number | undefined) ?? latest
        checkVersion(from, latest)
        await streamChanges(kv, from, range, request, reply, q.keyEncoding as BytesEncoding, q.valueEncoding as BytesEncoding)
      }
    }
  ]

  async function streamChanges (kv: KvReader, from: number, range: KeyRange, request: FastifyRequest, reply: FastifyReply, keys: BytesEncoding, values: BytesEncoding): Promise<void> {
    const stream = ctx.events.open(reply)
    // Every watcher that asks for the same range in the same encodings sends a change alike: its frame is built once.
    const form = `${keys} ${values} ${JSON.stringify(range, (_, v: unknown) => v instanceof Uint8Array ? hex(v) : v)}`
    try {
      await sendLettingGoWhenSlow((next) => kv.watch(next, { range, signal: stream.signal }), from,
        async (change) => {
          await stream.sendShared(`kv change ${hex(change.recordHash)} ${form}`, 'change', () => ({
            seqno: change.seqno,
            timestampUs: change.timestampUs,
            version: change.version,
            writes: change.writes.map((w) => ({ key: encodeBytes(w.key, keys, 'a key'), ...(w.entry === undefined ? {} : { entry: entryJson(w.entry, keys, values) }) }))
          }), String(change.version))
        },
        (change) => change.version, stream.signal)
      stream.end()
    } catch (err) {
      stream.fail(err as Error)
    }
  }
}
