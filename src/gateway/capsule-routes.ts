/**
 * Raw capsules through the node's client: metadata and head, reads with
 * the inclusion proofs and heartbeats that make them checkable by anyone,
 * appends of batches the writer signed elsewhere (the gateway holds no
 * writer key), and subscriptions as Server-Sent Events.
 */
import type { FastifyRequest } from 'fastify'
import { recordFromParts, recordFromPb, signedHeartbeatFromPb } from '../capsule/codec.js'
import { formatName, parseName } from '../capsule/name.js'
import type { CapsuleRecord, SignedHeartbeat } from '../capsule/types.js'
import { verifyAppendBatch } from '../capsule/writer.js'
import type { GdpClient } from '../client/client.js'
import { equalBytes, sha256 } from '../crypto/hash.js'
import { ChainMismatchError, InvalidArgumentError } from '../errors.js'
import { decodeProto, pb } from '../wire/index.js'
import { clientHolds } from './conditional.js'
import { ackJson, answerBytes, BYTES_ENCODINGS, decodeBytes, heartbeatJson, hex, metadataJson, recordJson, type BytesEncoding } from './encoding.js'
import { errorBody, statusOf } from '../http/errors.js'
import { ref, type JsonSchema } from './schemas.js'
import type { RouteSpec } from './spec.js'
import { resumeFrom, sendLettingGoWhenSlow, type EventStreams } from './sse.js'

/** What the capsule routes use of the node's GdpClient. */
export type GatewayCapsuleClient = Pick<GdpClient, 'info' | 'size' | 'read' | 'readProven' | 'appendBatch' | 'watch'>

export interface CapsuleRouteContext {
  client: GatewayCapsuleClient
  maxRecordsPerRead: number
  maxReadBytes: number
  /** The gateway's event streams (bounded in number, ended when the gateway stops). */
  events: EventStreams
}

/** Records asked of the overlay at once, at most, while a page is filled. */
const READ_CHUNK = 64

export const NAME_PARAM = {
  schema: { type: 'string', pattern: '^([A-Za-z0-9_-]{43}|[0-9a-fA-F]{64})$' },
  description: 'the capsule name: 43 base64url characters (as gdp prints it) or 64 hex digits'
}
const uint: JsonSchema = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER }
const payloadEncoding = { schema: { enum: BYTES_ENCODINGS, default: 'base64' }, description: 'how payloads are written in JSON: base64 (default), hex or utf8 (refused for a payload that is not UTF-8)' }

type Query = Record<string, unknown>

export function capsuleRoutes (ctx: CapsuleRouteContext): RouteSpec[] {
  const { client } = ctx
  const nameOf = (request: FastifyRequest): Uint8Array => parseName((request.params as { name: string }).name)

  return [
    {
      method: 'GET',
      path: '/v1/capsules/{name}',
      operationId: 'getCapsule',
      tag: 'capsules',
      summary: 'Metadata, head heartbeat, size and replicas of a capsule, all verified',
      params: { name: NAME_PARAM },
      responses: { 200: { description: 'the capsule', content: { 'application/json': ref('CapsuleInfo') } } },
      errors: [],
      async handler (request) {
        const name = nameOf(request)
        const info = await client.info(name)
        return {
          name: formatName(name),
          metadata: metadataJson(info.metadata),
          head: info.head === undefined ? null : heartbeatJson(info.head),
          size: info.size,
          replicas: info.replicas.map((a) => formatName(a.cert.server)),
          forked: info.fork !== undefined
        }
      }
    },
    {
      method: 'GET',
      path: '/v1/capsules/{name}/records',
      operationId: 'readRecords',
      tag: 'capsules',
      summary: 'Records by range (from, to) or the last n, each with its inclusion proof, and the heartbeats the proofs lead to',
      description: `A page holds at most \`limit\` records (at most ${ctx.maxRecordsPerRead}) and stops once its payloads reach ${ctx.maxReadBytes} bytes (the record that reaches it is in the page); \`next\` then says where to go on. A range past the end is cut at the end.`,
      params: { name: NAME_PARAM },
      query: {
        from: { schema: uint, description: 'first seqno' },
        to: { schema: uint, description: 'seqno after the last one (default: from + limit)' },
        last: { schema: { type: 'integer', minimum: 1, maximum: ctx.maxRecordsPerRead }, description: 'the last n records instead of a range (a page holds at most limit of them)' },
        limit: { schema: { type: 'integer', minimum: 1, maximum: ctx.maxRecordsPerRead, default: Math.min(100, ctx.maxRecordsPerRead) }, description: 'records in the page at most' },
        encoding: payloadEncoding
      },
      answerBytes: answerBytes(ctx.maxReadBytes),
      responses: { 200: { description: 'the records, verified by the gateway, with their proofs', content: { 'application/json': ref('RecordPage') } } },
      errors: [],
      async handler (request) {
        const name = nameOf(request)
        const q = request.query as Query
        const limit = q.limit as number
        if ((q.last === undefined) === (q.from === undefined)) throw new InvalidArgumentError('give either from (and optionally to) or last')
        if (q.last !== undefined && q.to !== undefined) throw new InvalidArgumentError('to goes with from, not with last')
        let from: number
        let to: number
        if (q.last !== undefined) {
          const size = await client.size(name)
          from = Math.max(0, size - (q.last as number))
          to = size
        } else {
          from = q.from as number
          // Without `to`: as far as the page goes, and `next` says where to go on.
          to = (q.to as number | undefined) ?? Number.MAX_SAFE_INTEGER
          if (to < from) throw new InvalidArgumentError(`a range must not run backwards: from ${from} to ${to}`)
        }
        // `limit` caps every page, of `last` too: `next` then says where the rest of the last n begins.
        const end = Math.min(to, from + limit)
        const records: unknown[] = []
        const heartbeats = new Map<number, SignedHeartbeat>()
        let next = from
        let bytes = 0
        let largest = 0
        let atCapsuleEnd = false
        while (next < end && bytes < ctx.maxReadBytes && !atCapsuleEnd) {
          // Asked for by what fits, going by the largest payload so far: a page of large records is not fetched whole first.
          const fits = largest === 0 ? 1 : Math.max(1, Math.floor((ctx.maxReadBytes - bytes) / largest))
          const want = Math.min(end - next, READ_CHUNK, fits)
          const proven = await client.readProven(name, { range: { from: next, to: next + want } })
          atCapsuleEnd = proven.length < want
          for (const { record, proof, heartbeat } of proven) {
            if (bytes >= ctx.maxReadBytes) { atCapsuleEnd = false; break }
            records.push(recordJson(record, q.encoding as BytesEncoding, proof))
            heartbeats.set(heartbeat.heartbeat.size, heartbeat)
            bytes += record.payload.length
            largest = Math.max(largest, record.payload.length)
            next = record.header.seqno + 1
          }
        }
        // Cut short by the limit or the byte bound (not by the end of the capsule): say where to go on.
        const cut = !atCapsuleEnd && next < to
        return { records, heartbeats: [...heartbeats.values()].map(heartbeatJson), ...(cut ? { next } : {}) }
      }
    },
    {
      method: 'GET',
      path: '/v1/capsules/{name}/records/{seqno}',
      operationId: 'readRecord',
      tag: 'capsules',
      summary: 'One record with its inclusion proof and the heartbeat it leads to',
      params: { name: NAME_PARAM, seqno: { schema: uint, description: 'the record number, from 0' } },
      query: { encoding: payloadEncoding },
      answerBytes: answerBytes(ctx.maxReadBytes),
      responses: { 200: { description: 'the record, verified by the gateway', content: { 'application/json': ref('ProvenRecord') } } },
      errors: [],
      async handler (request) {
        const name = nameOf(request)
        const seqno = (request.params as { seqno: number }).seqno
        const [proven] = await client.readProven(name, { seqno })
        return { record: recordJson(proven!.record, (request.query as Query).encoding as BytesEncoding, proven!.proof), heartbeat: heartbeatJson(proven!.heartbeat) }
      }
    },
    {
      method: 'GET',
      path: '/v1/capsules/{name}/records/{seqno}/payload',
      operationId: 'readRecordPayload',
      tag: 'capsules',
      summary: "One record's payload as bytes",
      description: 'The record was verified by the gateway; its hash is the ETag (a record never changes).',
      params: { name: NAME_PARAM, seqno: { schema: uint, description: 'the record number, from 0' } },
      headers: { 'If-None-Match': { schema: { type: 'string' }, description: 'ETags of copies the client holds (a list; weak ones match too), or *: 304 when this record is one of them' } },
      responses: {
        200: {
          description: 'the payload',
          content: { 'application/octet-stream': { type: 'string', contentMediaType: 'application/octet-stream' } },
          headers: {
            ETag: { description: 'the record hash, hex, quoted', schema: { type: 'string' } },
            'X-Gdp-Timestamp-Us': { description: "the record's timestamp", schema: { type: 'string' } }
          }
        },
        304: { description: 'the client holds this record already' }
      },
      answerBytes: ctx.maxReadBytes,
      errors: [],
      async handler (request, reply) {
        const name = nameOf(request)
        const seqno = (request.params as { seqno: number }).seqno
        const [record] = await client.read(name, { seqno })
        const etag = `"${hex(record!.hash)}"`
        // A record never changes; the answer is for this token's holder alone (a shared cache would serve it to anyone).
        reply.header('etag', etag).header('cache-control', 'private, max-age=31536000, immutable').header('x-gdp-timestamp-us', String(record!.header.timestampUs))
        if (clientHolds(request.headers['if-none-match'], etag)) return await reply.code(304).send()
        return await reply.type('application/octet-stream').send(Buffer.from(record!.payload.buffer, record!.payload.byteOffset, record!.payload.byteLength))
      }
    },
    {
      method: 'POST',
      path: '/v1/capsules/{name}/records',
      operationId: 'appendRecords',
      tag: 'capsules',
      summary: 'Append one batch the writer signed on its device',
      description: 'The body is the batch: the protobuf gdp.v1.AppendRequest (application/x-protobuf), or its JSON form. ' +
        'The gateway checks it against the capsule\'s tip (hash chain, payload hashes, the writer\'s signature on a heartbeat ' +
        'stating exactly the resulting tree) before it sends it on, and checks every acknowledgement. 409: it does not ' +
        'extend the tip (another writer appended, or it was stored already: read the capsule\'s size).',
      params: { name: NAME_PARAM },
      query: { encoding: { ...payloadEncoding, description: 'how the JSON form writes payloads: base64 (default), hex or utf8' } },
      body: {
        description: 'the signed batch',
        content: {
          'application/json': ref('AppendRequest'),
          'application/x-protobuf': { type: 'string', contentMediaType: 'application/x-protobuf', description: 'gdp.v1.AppendRequest (proto/gdp/v1/pdu.proto), without batch_heartbeats' }
        }
      },
      responses: { 200: { description: 'stored and acknowledged (by the write quorum, for a replicated capsule)', content: { 'application/json': ref('AppendResult') } } },
      errors: [],
      async handler (request, reply) {
        const name = nameOf(request)
        const { records, heartbeat } = Buffer.isBuffer(request.body)
          ? batchFromProtobuf(request.body)
          : batchFromJson(name, request.body as JsonAppend, (request.query as Query).encoding as BytesEncoding)
        const info = await client.info(name)
        const tip = info.writerState
        const first = records[0]?.header
        if (first !== undefined && (first.seqno !== tip.size || !equalBytes(first.prevHash, tip.lastHash))) {
          throw new ChainMismatchError(`the batch starts at record ${first.seqno}${first.seqno === tip.size ? ' on another history' : ''}; capsule ${formatName(name)} holds ${tip.size} records: ` +
            'another writer appended, or this batch is stored already')
        }
        let batch
        try {
          batch = verifyAppendBatch(name, info.metadata.metadata, tip, records, heartbeat)
        } catch (err) {
          // The batch extends the tip but does not hold together (a record or the heartbeat does not match the rest), or
          // is not the writer's: the request's fault, where the same errors from the overlay would be the overlay's.
          const status = statusOf(err as Error) === 409 || statusOf(err as Error) >= 500 ? 400 : statusOf(err as Error)
          return await reply.code(status).send(errorBody(err as Error, status))
        }
        const ack = await client.appendBatch(batch)
        return { size: batch.state.size, acks: [ack, ...ack.replicaAcks].map(ackJson) }
      }
    },
    {
      method: 'GET',
      path: '/v1/capsules/{name}/events',
      operationId: 'subscribeRecords',
      tag: 'capsules',
      summary: 'Records as they are appended, as Server-Sent Events',
      description: 'Each `record` event carries one verified record (without its proof); its id is the next seqno, so a client ' +
        'that reconnects with Last-Event-ID carries on where it stopped. An `error` event ends the stream. Closing the ' +
        'connection ends the subscription on the server.',
      params: { name: NAME_PARAM },
      query: {
        from: { schema: uint, description: 'the first seqno to send, at most the capsule\'s size (the default: new records only)' },
        encoding: payloadEncoding
      },
      headers: { 'Last-Event-ID': { schema: { type: 'string', pattern: '^[0-9]+$' }, description: 'resume: the id of the last event received (overrides from)' } },
      responses: { 200: { description: 'a stream of `record` events (data: a Record) and at most one `error` event (data: an Error)', content: { 'text/event-stream': { type: 'string' } } } },
      errors: [],
      async handler (request, reply) {
        const name = nameOf(request)
        const q = request.query as Query
        // Before the stream opens, so that a capsule that is not there is a plain 404, and a resume point past the end a plain 400.
        const size = await client.size(name)
        const from = resumeFrom(request, q.from as number | undefined) ?? size
        if (from > size) throw new InvalidArgumentError(`from ${from} is past the end: capsule ${formatName(name)} holds ${size} records`)
        const stream = ctx.events.open(reply)
        try {
          await sendLettingGoWhenSlow((next) => client.watch(name, next, stream.signal), from,
            // Every subscriber asking in the same encoding sends a record alike: its frame is built once.
            async (record) => { await stream.sendShared(`record ${Buffer.from(record.hash).toString('hex')} ${String(q.encoding)}`, 'record', () => recordJson(record, q.encoding as BytesEncoding), String(record.header.seqno + 1)) },
            (record) => record.header.seqno + 1, stream.signal)
          stream.end()
        } catch (err) {
          stream.fail(err as Error)
        }
      }
    }
  ]
}

interface JsonAppend {
  records: Array<{ seqno: number, timestampUs: number, prevHash: string, payload: string }>
  heartbeat: { size: number, root: string, lastRecordHash: string, timestampUs: number, signature: string }
}

function batchFromProtobuf (body: Buffer): { records: CapsuleRecord[], heartbeat: SignedHeartbeat } {
  const request = decodeProto(pb.AppendRequest, body, 'the AppendRequest body')
  if ((request.batchHeartbeats ?? []).length > 0) throw new InvalidArgumentError('an append through the gateway is one batch: batch_heartbeats must be empty')
  return { records: (request.records ?? []).map(recordFromPb), heartbeat: signedHeartbeatFromPb(request.heartbeat) }
}

function batchFromJson (name: Uint8Array, body: JsonAppend, encoding: BytesEncoding): { records: CapsuleRecord[], heartbeat: SignedHeartbeat } {
  const records = body.records.map((r, i) => {
    const payload = decodeBytes(r.payload, encoding, `records[${i}].payload`)
    // The payload hash and length follow from the payload: a batch that lied about them would not verify anyway.
    return recordFromParts({ seqno: r.seqno, timestampUs: r.timestampUs, prevHash: decodeBytes(r.prevHash, 'hex', `records[${i}].prevHash`), payloadHash: sha256(payload), payloadLength: payload.length }, payload)
  })
  const h = body.heartbeat
  const heartbeat: SignedHeartbeat = {
    heartbeat: { capsule: name, size: h.size, root: decodeBytes(h.root, 'hex', 'heartbeat.root'), lastRecordHash: decodeBytes(h.lastRecordHash, 'hex', 'heartbeat.lastRecordHash'), timestampUs: h.timestampUs },
    signature: decodeBytes(h.signature, 'hex', 'heartbeat.signature')
  }
  return { records, heartbeat }
}

