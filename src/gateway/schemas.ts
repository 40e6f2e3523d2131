/**
 * The JSON schemas of the gateway's answers: the `components.schemas` of its
 * OpenAPI document (docs/openapi.yaml). Routes refer to them by name.
 */
import { MAX_BATCH_OPS } from '../kv/format.js'

export type JsonSchema = Record<string, unknown>

export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` })

// Whole numbers stay exact in JavaScript up to 2^53 - 1: past it a JSON body's seqno or time was a 500 (a varint that
// does not encode) or compared as another number (found by attacking the gateway).
const uint = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER }
/** encryption_epoch is a uint32. */
const epoch = { type: 'integer', minimum: 0, maximum: 2 ** 32 - 1 }
const hexString = { type: 'string', pattern: '^([0-9a-f]{2})*$' }
const hash = { type: 'string', pattern: '^[0-9a-f]{64}$' }
const name43 = { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$', description: '256-bit name or public key, base64url (as gdp prints it)' }
const bytesText = { type: 'string', description: 'bytes in the encoding the request asked for (base64, hex or utf8)' }

/**
 * An object schema that allows no property but those it names: a field the
 * gateway does not know is refused in a request, and never sent in an answer.
 */
function closedObject ({ description, required, properties }: { description?: string, required: string[], properties: Record<string, unknown> }): JsonSchema {
  return { type: 'object', ...(description === undefined ? {} : { description }), required, additionalProperties: false, properties }
}

export const COMPONENT_SCHEMAS = {
  Error: closedObject({
    description: 'Every error answer. `error` is a stable name to branch on; `message` says what was wrong.',
    required: ['error', 'message'],
    properties: {
      error: { type: 'string', pattern: '^[A-Za-z]+$' },
      message: { type: 'string' },
      reason: { type: 'string', description: 'For RequestRefusedError: the reason the overlay or the server gave (NO_ROUTE, NOT_FOUND, CONGESTION, ...)' }
    }
  }),
  Heartbeat: closedObject({
    description: "The writer's signed statement of the capsule's state: its size and Merkle root (docs/spec.md).",
    required: ['capsule', 'size', 'root', 'lastRecordHash', 'timestampUs', 'signature'],
    properties: { capsule: name43, size: uint, root: hash, lastRecordHash: hexString, timestampUs: uint, signature: hexString }
  }),
  Metadata: closedObject({
    required: ['owner', 'writer', 'createdAtUs', 'expiresAtUs', 'replication', 'appFields', 'nonce', 'ownerSignature', 'encoded'],
    properties: {
      owner: name43,
      writer: name43,
      createdAtUs: uint,
      expiresAtUs: { ...uint, description: '0: never expires' },
      replication: closedObject({
        required: ['replicas', 'writeQuorum', 'alwaysWrite'],
        properties: { replicas: uint, writeQuorum: uint, alwaysWrite: { type: 'boolean' } }
      }),
      appFields: {
        type: 'array',
        items: closedObject({ required: ['key', 'value'], properties: { key: { type: 'string' }, value: { type: 'string', contentEncoding: 'base64' } } })
      },
      nonce: hexString,
      ownerSignature: hexString,
      encoded: { type: 'string', contentEncoding: 'base64', description: 'the SignedMetadata protobuf, whose canonical metadata hashes to the name' }
    }
  }),
  CapsuleInfo: closedObject({
    required: ['name', 'metadata', 'head', 'size', 'replicas', 'forked'],
    properties: {
      name: name43,
      metadata: ref('Metadata'),
      head: { oneOf: [ref('Heartbeat'), { type: 'null' }], description: 'null for a capsule with no records' },
      size: uint,
      replicas: { type: 'array', items: name43, description: "servers the owner delegated the capsule to, each AdCert checked (empty: one replica, unnamed)" },
      forked: { type: 'boolean', description: 'whether the server holds proof that the writer signed two histories' }
    }
  }),
  Record: closedObject({
    required: ['seqno', 'timestampUs', 'hash', 'prevHash', 'payloadHash', 'payloadLength', 'payload'],
    properties: {
      seqno: uint,
      timestampUs: uint,
      hash: hash,
      prevHash: hash,
      payloadHash: hash,
      payloadLength: uint,
      payload: bytesText,
      proof: closedObject({
        description: 'RFC 6962 inclusion proof of this record in the tree of the heartbeat of size treeSize',
        required: ['treeSize', 'path'],
        properties: { treeSize: uint, path: { type: 'array', items: hash } }
      })
    }
  }),
  RecordPage: closedObject({
    required: ['records', 'heartbeats'],
    properties: {
      records: { type: 'array', items: ref('Record') },
      heartbeats: { type: 'array', items: ref('Heartbeat'), description: "the heartbeats the records' proofs lead to, one per tree size" },
      next: { ...uint, description: 'present when the page was cut short: the seqno to read on from' }
    }
  }),
  ProvenRecord: closedObject({
    required: ['record', 'heartbeat'],
    properties: { record: ref('Record'), heartbeat: ref('Heartbeat') }
  }),
  AppendRequest: closedObject({
    description: 'One batch the writer signed on its device: its records, in order, and the heartbeat that ends it.',
    required: ['records', 'heartbeat'],
    properties: {
      records: {
        type: 'array',
        minItems: 1,
        items: closedObject({
          required: ['seqno', 'timestampUs', 'prevHash', 'payload'],
          properties: { seqno: uint, timestampUs: uint, prevHash: hash, payload: bytesText }
        })
      },
      heartbeat: closedObject({
        required: ['size', 'root', 'lastRecordHash', 'timestampUs', 'signature'],
        properties: { size: uint, root: hash, lastRecordHash: hexString, timestampUs: uint, signature: hexString }
      })
    }
  }),
  AppendResult: closedObject({
    required: ['size', 'acks'],
    properties: {
      size: { ...uint, description: 'records in the capsule after the batch' },
      acks: {
        type: 'array',
        description: "each replica's signed acknowledgement, checked by the gateway",
        items: closedObject({
          required: ['server', 'serverKey', 'size', 'storedAtUs', 'signature'],
          properties: { server: name43, serverKey: name43, size: uint, storedAtUs: uint, signature: hexString }
        })
      }
    }
  }),
  KvInfo: closedObject({
    required: ['name', 'version', 'count', 'writable'],
    properties: { name: name43, version: uint, count: uint, writable: { type: 'boolean', description: 'whether this node holds the writer key' } }
  }),
  KvEntry: closedObject({
    required: ['key', 'value', 'seqno', 'timestampUs', 'encryptionEpoch'],
    properties: { key: bytesText, value: bytesText, seqno: uint, timestampUs: uint, encryptionEpoch: epoch }
  }),
  KvEntryPage: closedObject({
    required: ['version', 'entries'],
    properties: {
      version: uint,
      entries: { type: 'array', items: ref('KvEntry') },
      cursor: { type: 'string', description: 'present when more entries follow: pass it as cursor (with the same bounds) for the next page, read at the same version' }
    }
  }),
  KvCount: closedObject({
    required: ['version', 'count'],
    properties: { version: uint, count: uint }
  }),
  KvHistory: closedObject({
    required: ['version', 'key', 'history'],
    properties: {
      version: uint,
      key: bytesText,
      after: { ...uint, description: 'more writes follow: pass this as `after` (with the same version) for the next page' },
      history: {
        type: 'array',
        items: closedObject({
          required: ['type', 'seqno', 'timestampUs'],
          properties: { type: { enum: ['put', 'delete'] }, seqno: uint, timestampUs: uint, value: bytesText, encryptionEpoch: epoch }
        })
      }
    }
  }),
  KvDiff: closedObject({
    required: ['from', 'to', 'changes'],
    properties: {
      from: uint,
      to: uint,
      changes: {
        type: 'array',
        items: closedObject({
          required: ['key'],
          properties: { key: bytesText, before: ref('KvEntry'), after: ref('KvEntry') }
        })
      }
    }
  }),
  KvReceipt: closedObject({
    required: ['seqno', 'version', 'checkpointed'],
    properties: { seqno: uint, version: uint, checkpointed: { type: 'boolean' } }
  }),
  KvBatchRequest: closedObject({
    required: ['ops'],
    properties: {
      ops: {
        type: 'array',
        minItems: 1,
        maxItems: MAX_BATCH_OPS,
        items: closedObject({
          required: ['op', 'key'],
          properties: { op: { enum: ['put', 'delete'] }, key: bytesText, value: bytesText, encryptionEpoch: epoch }
        })
      },
      conditions: {
        type: 'array',
        maxItems: MAX_BATCH_OPS,
        items: closedObject({
          description: 'exactly one of absent (true: the key is absent; false: it is present), seqno or valueHash (hex SHA-256 of the value)',
          required: ['key'],
          properties: { key: bytesText, absent: { type: 'boolean' }, seqno: uint, valueHash: hash }
        })
      }
    }
  }),
  FsStat: closedObject({
    required: ['type', 'path', 'name'],
    properties: {
      type: { enum: ['file', 'folder'] },
      path: { type: 'string' },
      name: { type: 'string' },
      size: uint,
      contentHash: hash,
      etag: { type: 'string' },
      seqno: { ...uint, description: 'the record that set the entry (absent for the root folder)' },
      modifiedUs: uint
    }
  }),
  FsListing: closedObject({
    required: ['version', 'folder', 'entries'],
    properties: {
      version: uint,
      folder: ref('FsStat'),
      entries: { type: 'array', items: ref('FsStat'), description: 'the children, in name order' },
      after: { type: 'string', description: 'present when more children follow: pass it as after (with the same version) for the next page' }
    }
  }),
  FsPutResult: closedObject({
    required: ['file', 'stored', 'receipt'],
    properties: {
      file: ref('FsStat'),
      stored: closedObject({
        description: 'what the put appended: new blobs (chunks and pages) and their bytes, and chunks found stored already',
        required: ['blobs', 'bytes', 'reused'],
        properties: { blobs: uint, bytes: uint, reused: uint }
      }),
      receipt: ref('KvReceipt')
    }
  }),
  FsChange: closedObject({
    description: 'The data of a files `change` event: what one record wrote below the folder',
    required: ['seqno', 'timestampUs', 'version', 'changes'],
    properties: {
      seqno: uint,
      timestampUs: uint,
      version: uint,
      changes: {
        type: 'array',
        items: closedObject({ required: ['path'], properties: { path: { type: 'string' }, stat: ref('FsStat') } })
      }
    }
  }),
  KvChange: closedObject({
    description: 'The data of a `change` event: what one record did',
    required: ['seqno', 'timestampUs', 'version', 'writes'],
    properties: {
      seqno: uint,
      timestampUs: uint,
      version: uint,
      writes: {
        type: 'array',
        items: closedObject({ required: ['key'], properties: { key: bytesText, entry: ref('KvEntry') } })
      }
    }
  })
} as const satisfies Record<string, JsonSchema>
