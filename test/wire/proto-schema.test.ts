/**
 * proto/ is the one definition of every wire and stored message: what
 * another implementation compiles, and what src/wire/gen is generated from.
 * These tests hold the two to it: the committed generated code is what
 * proto/ makes now (an edit to a .proto without `npm run proto`, or to the
 * generated code by hand, fails here), and protoc, the reference compiler,
 * reads every message, field, oneof and enum as protobufjs does.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import protobuf from 'protobufjs'
import { tempDir } from '../helpers.js'

const PROTO_ROOT = 'proto'
const protoFiles = readdirSync(join(PROTO_ROOT, 'gdp/v1')).filter((f) => f.endsWith('.proto')).map((f) => `gdp/v1/${f}`)

/** A message as both compilers must see it. */
interface MessageShape {
  fields: Array<{ name: string, number: number, type: string, repeated: boolean, packed: boolean, oneof?: string }>
  reserved: string[]
}
interface Schema {
  messages: Record<string, MessageShape>
  enums: Record<string, Record<string, number>>
}

const PACKABLE = new Set(['double', 'float', 'int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64', 'fixed32', 'fixed64', 'sfixed32', 'sfixed64', 'bool'])

/** What protobufjs reads from proto/ (the parser behind src/wire/gen). */
function schemaOfProtobufjs (): Schema {
  const root = new protobuf.Root()
  root.resolvePath = (_origin, target) => join(PROTO_ROOT, target)
  root.loadSync(protoFiles, { keepCase: true }).resolveAll()
  const schema: Schema = { messages: {}, enums: {} }
  const visit = (ns: protobuf.NamespaceBase): void => {
    for (const item of ns.nestedArray) {
      if (item instanceof protobuf.Type) {
        schema.messages[item.fullName] = {
          fields: item.fieldsArray.map((f) => ({
            name: f.name,
            number: f.id,
            type: f.resolvedType !== null ? f.resolvedType.fullName : f.type,
            repeated: f.repeated,
            packed: f.repeated && f.packed && (PACKABLE.has(f.type) || f.resolvedType instanceof protobuf.Enum),
            ...(f.partOf !== null ? { oneof: f.partOf.name } : {})
          })).sort((a, b) => a.number - b.number),
          reserved: (item.reserved ?? []).map((r) => Array.isArray(r) ? `${r[0]}-${r[1]}` : r).sort()
        }
      } else if (item instanceof protobuf.Enum) {
        schema.enums[item.fullName] = { ...item.values }
      }
      if (item instanceof protobuf.Namespace) visit(item)
    }
  }
  visit(root)
  return schema
}

const SCALAR_OF_DESCRIPTOR_TYPE: Record<number, string> = {
  1: 'double', 2: 'float', 3: 'int64', 4: 'uint64', 5: 'int32', 6: 'fixed64', 7: 'fixed32', 8: 'bool', 9: 'string', 12: 'bytes', 13: 'uint32', 15: 'sfixed32', 16: 'sfixed64', 17: 'sint32', 18: 'sint64'
}
const LABEL_REPEATED = 3
const TYPE_MESSAGE = 11
const TYPE_ENUM = 14

/** The shape of a FileDescriptorSet's descriptors, as far as these tests read them. */
interface DescriptorMessage {
  name: string
  field?: Array<{ name: string, number: number, label: number, type: number, typeName?: string, oneofIndex?: number, options?: { packed?: boolean } }>
  nestedType?: DescriptorMessage[]
  enumType?: DescriptorEnum[]
  oneofDecl?: Array<{ name: string }>
  reservedRange?: Array<{ start: number, end: number }>
  reservedName?: string[]
}
interface DescriptorEnum { name: string, value?: Array<{ name: string, number: number }> }

/** What protoc reads from proto/, from the FileDescriptorSet it writes. */
function schemaOfProtoc (descriptorSet: Uint8Array): Schema {
  const fileDescriptorSet = protobuf.loadSync('node_modules/protobufjs/google/protobuf/descriptor.proto').lookupType('google.protobuf.FileDescriptorSet')
  const set = fileDescriptorSet.toObject(fileDescriptorSet.decode(descriptorSet), { defaults: false }) as { file: Array<{ package?: string, syntax?: string, messageType?: DescriptorMessage[], enumType?: DescriptorEnum[] }> }
  const schema: Schema = { messages: {}, enums: {} }
  const addEnum = (prefix: string, e: DescriptorEnum): void => {
    schema.enums[`${prefix}.${e.name}`] = Object.fromEntries((e.value ?? []).map((v) => [v.name, v.number]))
  }
  const addMessage = (prefix: string, m: DescriptorMessage, proto3: boolean): void => {
    const fullName = `${prefix}.${m.name}`
    schema.messages[fullName] = {
      fields: (m.field ?? []).map((f) => {
        const type = f.type === TYPE_MESSAGE || f.type === TYPE_ENUM ? (f.typeName ?? '') : (SCALAR_OF_DESCRIPTOR_TYPE[f.type] ?? `descriptor type ${f.type}`)
        const repeated = f.label === LABEL_REPEATED
        // proto3 packs repeated numbers and enums unless told not to; proto2 only when told.
        const packable = f.type === TYPE_ENUM || PACKABLE.has(type)
        return {
          name: f.name,
          number: f.number,
          type,
          repeated,
          packed: repeated && packable && (f.options?.packed ?? proto3),
          ...(f.oneofIndex !== undefined ? { oneof: m.oneofDecl?.[f.oneofIndex]?.name ?? '?' } : {})
        }
      }).sort((a, b) => a.number - b.number),
      reserved: [
        // A reserved range's end is exclusive in a descriptor; protobufjs keeps single numbers as [n, n].
        ...(m.reservedRange ?? []).map((r) => `${r.start}-${r.end - 1}`),
        ...(m.reservedName ?? [])
      ].sort()
    }
    for (const nested of m.nestedType ?? []) addMessage(fullName, nested, proto3)
    for (const e of m.enumType ?? []) addEnum(fullName, e)
  }
  for (const file of set.file) {
    const prefix = file.package === undefined ? '' : `.${file.package}`
    for (const m of file.messageType ?? []) addMessage(prefix, m, file.syntax === 'proto3')
    for (const e of file.enumType ?? []) addEnum(prefix, e)
  }
  return schema
}

const protoc = ['/usr/bin/protoc', '/usr/local/bin/protoc'].find((p) => existsSync(p))
/** Why protoc's reading cannot be checked here, or undefined; in CI (GDP_REQUIRE_PROTOC) a missing protoc fails it instead. */
const noProtoc = process.env.GDP_REQUIRE_PROTOC === '1' || protoc !== undefined ? undefined : 'protoc is not installed (apt-get install protobuf-compiler)'

describe('proto/, the one definition of the messages', () => {
  it('src/wire/gen is what proto/ makes now (npm run proto)', () => {
    const out = tempDir('gdp-proto-gen-')
    try {
      execFileSync(process.execPath, ['scripts/gen-proto.mjs', out.path], { stdio: 'pipe' })
      for (const file of ['proto.js', 'proto.d.ts']) {
        const committed = readFileSync(join('src/wire/gen', file), 'utf8')
        const made = readFileSync(join(out.path, file), 'utf8')
        // Not toBe: a failure would print two files of 10,000 lines.
        expect(made === committed, `src/wire/gen/${file} differs from what proto/ makes: run npm run proto`).toBe(true)
      }
    } finally {
      out.cleanup()
    }
  }, 60_000)

  it.skipIf(noProtoc !== undefined)(`protoc compiles it without a warning and reads every message, field, oneof and enum as protobufjs does${noProtoc === undefined ? '' : ` (skipped: ${noProtoc})`}`, () => {
    const out = tempDir('gdp-protoc-')
    try {
      const set = join(out.path, 'gdp.pb')
      execFileSync(protoc ?? 'protoc', ['--fatal_warnings', `-I${PROTO_ROOT}`, `--descriptor_set_out=${set}`, ...protoFiles.map((f) => join(PROTO_ROOT, f))], { stdio: 'pipe' })
      const byProtoc = schemaOfProtoc(readFileSync(set))
      const byProtobufjs = schemaOfProtobufjs()
      expect(Object.keys(byProtoc.messages).length).toBeGreaterThan(50)
      expect(byProtobufjs).toEqual(byProtoc)
    } finally {
      out.cleanup()
    }
  })
})
