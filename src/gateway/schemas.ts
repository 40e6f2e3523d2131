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

export const COMPONENT_SCHEMAS = {
  Error: {
    type: 'object',
    description: 'Every error answer. `error` is a stable name to branch on; `message` says what was wrong.',
    required: ['error', 'message'],
    additionalProperties: false,
    properties: {
      error: { type: 'string', pattern: '^[A-Za-z]+$' },
      message: { type: 'string' },
      reason: { type: 'string', description: 'For RequestRefusedError: the reason the overlay or the server gave (NO_ROUTE, NOT_FOUND, CONGESTION, ...)' }
    }
  },
  Heartbeat: {
    type: 'object',
    description: "The writer's signed statement of the capsule's state: its size and Merkle root (docs/spec.md).",
    required: ['capsule', 'size', 'root', 'lastRecordHash', 'timestampUs', 'signature'],
    additionalProperties: false,
    properties: { capsule: name43, size: uint, root: hash, lastRecordHash: hexString, timestampUs: uint, signature: hexString }
  },
  Metadata: {
    type: 'object',
    required: ['owner', 'writer', 'createdAtUs', 'expiresAtUs', 'replication', 'appFields', 'nonce', 'ownerSignature', 'encoded'],
    additionalProperties: false,
    properties: {
      owner: name43,
      writer: name43,
      createdAtUs: uint,
      expiresAtUs: { ...uint, description: '0: never expires' },
      replication: {
        type: 'object',
        required: ['replicas', 'writeQuorum', 'alwaysWrite'],
        additionalProperties: false,
        properties: { replicas: uint, writeQuorum: uint, alwaysWrite: { type: 'boolean' } }
      },
      appFields: {
        type: 'array',
        items: { type: 'object', required: ['key', 'value'], additionalProperties: false, properties: { key: { type: 'string' }, value: { type: 'string', contentEncoding: 'base64' } } }
      },
      nonce: hexString,
      ownerSignature: hexString,
      encoded: { type: 'string', contentEncoding: 'base64', description: 'the SignedMetadata protobuf, whose canonical metadata hashes to the name' }
    }
  },
  CapsuleInfo: {
    type: 'object',
    required: ['name', 'metadata', 'head', 'size', 'replicas', 'forked'],
    additionalProperties: false,
    properties: {
      name: name43,
      metadata: ref('Metadata'),
      head: { oneOf: [ref('Heartbeat'), { type: 'null' }], description: 'null for a capsule with no records' },
      size: uint,
      replicas: { type: 'array', items: name43, description: "servers the owner delegated the capsule to, each AdCert checked (empty: one replica, unnamed)" },
      forked: { type: 'boolean', description: 'whether the server holds proof that the writer signed two histories' }
    }
  },
  Record: {
    type: 'object',
    required: ['seqno', 'timestampUs', 'hash', 'prevHash', 'payloadHash', 'payloadLength', 'payload'],
    additionalProperties: false,
    properties: {
      seqno: uint,
      timestampUs: uint,
      hash: hash,
      prevHash: hash,
      payloadHash: hash,
      payloadLength: uint,
      payload: bytesText,
      proof: {
        type: 'object',
        description: 'RFC 6962 inclusion proof of this record in the tree of the heartbeat of size treeSize',
        required: ['treeSize', 'path'],
        additionalProperties: false,
        properties: { treeSize: uint, path: { type: 'array', items: hash } }
      }
    }
  },
  RecordPage: {
    type: 'object',
    required: ['records', 'heartbeats'],
    additionalProperties: false,
    properties: {
      records: { type: 'array', items: ref('Record') },
      heartbeats: { type: 'array', items: ref('Heartbeat'), description: "the heartbeats the records' proofs lead to, one per tree size" },
      next: { ...uint, description: 'present when the page was cut short: the seqno to read on from' }
    }
  },
  ProvenRecord: {
    type: 'object',
    required: ['record', 'heartbeat'],
    additionalProperties: false,
    properties: { record: ref('Record'), heartbeat: ref('Heartbeat') }
  },
  AppendRequest: {
    type: 'object',
    description: 'One batch the writer signed on its device: its records, in order, and the heartbeat that ends it.',
    required: ['records', 'heartbeat'],
    additionalProperties: false,
    properties: {
      records: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['seqno', 'timestampUs', 'prevHash', 'payload'],
          additionalProperties: false,
          properties: { seqno: uint, timestampUs: uint, prevHash: hash, payload: bytesText }
        }
      },
      heartbeat: {
        type: 'object',
        required: ['size', 'root', 'lastRecordHash', 'timestampUs', 'signature'],
        additionalProperties: false,
        properties: { size: uint, root: hash, lastRecordHash: hexString, timestampUs: uint, signature: hexString }
      }
    }
  },
  AppendResult: {
    type: 'object',
    required: ['size', 'acks'],
    additionalProperties: false,
    properties: {
      size: { ...uint, description: 'records in the capsule after the batch' },
      acks: {
        type: 'array',
        description: "each replica's signed acknowledgement, checked by the gateway",
        items: {
          type: 'object',
          required: ['server', 'serverKey', 'size', 'storedAtUs', 'signature'],
          additionalProperties: false,
          properties: { server: name43, serverKey: name43, size: uint, storedAtUs: uint, signature: hexString }
        }
      }
    }
  },
  KvInfo: {
    type: 'object',
    required: ['name', 'version', 'count', 'writable'],
    additionalProperties: false,
    properties: { name: name43, version: uint, count: uint, writable: { type: 'boolean', description: 'whether this node holds the writer key' } }
  },
  KvEntry: {
    type: 'object',
    required: ['key', 'value', 'seqno', 'timestampUs', 'encryptionEpoch'],
    additionalProperties: false,
    properties: { key: bytesText, value: bytesText, seqno: uint, timestampUs: uint, encryptionEpoch: epoch }
  },
  KvEntryPage: {
    type: 'object',
    required: ['version', 'entries'],
    additionalProperties: false,
    properties: {
      version: uint,
      entries: { type: 'array', items: ref('KvEntry') },
      cursor: { type: 'string', description: 'present when more entries follow: pass it as cursor (with the same bounds) for the next page, read at the same version' }
    }
  },
  KvCount: {
    type: 'object',
    required: ['version', 'count'],
    additionalProperties: false,
    properties: { version: uint, count: uint }
  },
  KvHistory: {
    type: 'object',
    required: ['version', 'key', 'history'],
    additionalProperties: false,
    properties: {
      version: uint,
      key: bytesText,
      after: { ...uint, description: 'more writes follow: pass this as `after` (with the same version) for the next page' },
      history: {
        type: 'array',
        items: {
          type: 'object',
          required: ['type', 'seqno', 'timestampUs'],
          additionalProperties: false,
          properties: { type: { enum: ['put', 'delete'] }, seqno: uint, timestampUs: uint, value: bytesText, encryptionEpoch: epoch }
        }
      }
    }
  },
  KvDiff: {
    type: 'object',
    required: ['from', 'to', 'changes'],
    additionalProperties: false,
    properties: {
      from: uint,
      to: uint,
      changes: {
        type: 'array',
        items: {
          type: 'object',
          required: ['key'],
          additionalProperties: false,
          properties: { key: bytesText, before: ref('KvEntry'), after: ref('KvEntry') }
        }
      }
    }
  },
  KvReceipt: {
    type: 'object',
    required: ['seqno', 'version', 'checkpointed'],
    additionalProperties: false,
    properties: { seqno: uint, version: uint, checkpointed: { type: 'boolean' } }
  },
  KvBatchRequest: {
    type: 'object',
    required: ['ops'],
    additionalProperties: false,
    properties: {
      ops: {
        type: 'array',
        minItems: 1,
        maxItems: MAX_BATCH_OPS,
        items: {
          type: 'object',
          required: ['op', 'key'],
          additionalProperties: false,
          properties: { op: { enum: ['put', 'delete'] }, key: bytesText, value: bytesText, encryptionEpoch: epoch }
        }
      },
      conditions: {
        type: 'array',
        maxItems: MAX_BATCH_OPS,
        items: {
          type: 'object',
          description: 'exactly one of absent (true: the key is absent; false: it is present), seqno or valueHash (hex SHA-256 of the value)',
          required: ['key'],
          additionalProperties: false,
          properties: { key: bytesText, absent: { type: 'boolean' }, seqno: uint, valueHash: hash }
        }
      }
    }
  },
  FsStat: {
    type: 'object',
    required: ['type', 'path', 'name'],
    additionalProperties: false,
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
  },
  FsListing: {
    type: 'object',
    required: ['version', 'folder', 'entries'],
    additionalProperties: false,
    properties: {
      version: uint,
      folder: ref('FsStat'),
      entries: { type: 'array', items: ref('FsStat'), description: 'the children, in name order' },
      after: { type: 'string', description: 'present when more children follow: pass it as after (with the same version) for the next page' }
    }
  },
  FsPutResult: {
    type: 'object',
    required: ['file', 'stored', 'receipt'],
    additionalProperties: false,
    properties: {
      file: ref('FsStat'),
      stored: {
        type: 'object',
        description: 'what the put appended: new blobs (chunks and pages) and their bytes, and chunks found stored already',
        required: ['blobs', 'bytes', 'reused'],
        additionalProperties: false,
        properties: { blobs: uint, bytes: uint, reused: uint }
      },
      receipt: ref('KvReceipt')
    }
  },
  FsChange: {
    type: 'object',
    description: 'The data of a files `change` event: what one record wrote below the folder',
    required: ['seqno', 'timestampUs', 'version', 'changes'],
    additionalProperties: false,
    properties: {
      seqno: uint,
      timestampUs: uint,
      version: uint,
      changes: {
        type: 'array',
        items: { type: 'object', required: ['path'], additionalProperties: false, properties: { path: { type: 'string' }, stat: ref('FsStat') } }
      }
    }
  },
  KvChange: {
    type: 'object',
    description: 'The data of a `change` event: what one record did',
    required: ['seqno', 'timestampUs', 'version', 'writes'],
    additionalProperties: false,
    properties: {
      seqno: uint,
      timestampUs: uint,
      version: uint,
      writes: {
        type: 'array',
        items: { type: 'object', required: ['key'], additionalProperties: false, properties: { key: bytesText, entry: ref('KvEntry') } }
      }
    }
  }
} as const satisfies Record<string, JsonSchema>
