/**
 * Compression modes of a migration chunk. The ladder (raw, zstd 1, 3, 9, 19)
 * was chosen by measurement (docs/research/migration-codecs.md): zstd beats
 * lz4 and gzip at every speed on VM images, and xz gains 2 % over zstd 19
 * at a twentieth of its decompression speed. gzip stays available by name
 * for receivers that want a codec from Node's standard library.
 */
import { createRequire } from 'node:module'
import { gunzipSync, gzipSync } from 'node:zlib'
import type zstdBinding from 'zstd-napi/binding.js'
import { InvalidArgumentError, MalformedMessageError } from '../errors.js'
import { pb } from '../wire/index.js'

export interface CompressionMode {
  /** 'raw', 'zstd-3', 'gzip-6'. */
  name: string
  codec: pb.MigrationCodec
  level: number
}

const mode = (name: string, codec: pb.MigrationCodec, level: number): CompressionMode => ({ name, codec, level })

export const MODES: readonly CompressionMode[] = [
  mode('raw', pb.MigrationCodec.MIGRATION_CODEC_RAW, 0),
  mode('zstd-1', pb.MigrationCodec.MIGRATION_CODEC_ZSTD, 1),
  mode('zstd-3', pb.MigrationCodec.MIGRATION_CODEC_ZSTD, 3),
  mode('zstd-9', pb.MigrationCodec.MIGRATION_CODEC_ZSTD, 9),
  mode('zstd-19', pb.MigrationCodec.MIGRATION_CODEC_ZSTD, 19),
  mode('gzip-1', pb.MigrationCodec.MIGRATION_CODEC_GZIP, 1),
  mode('gzip-6', pb.MigrationCodec.MIGRATION_CODEC_GZIP, 6)
]

/** The modes the adaptive controller chooses among, fastest first. */
export const ADAPTIVE_LADDER: readonly string[] = ['raw', 'zstd-1', 'zstd-3', 'zstd-9', 'zstd-19']

export function modeByName (name: string): CompressionMode {
  const found = MODES.find((m) => m.name === name)
  if (found === undefined) throw new InvalidArgumentError(`unknown compression mode '${name}' (known: auto, ${MODES.map((m) => m.name).join(', ')})`)
  return found
}

/**
 * zstd's native addon, loaded by the first zstd chunk of this thread: the
 * command line checks mode and migration names with this module (the latter
 * through entries.ts), compresses nothing, and loaded the addon for nothing.
 */
let zstdAddon: typeof zstdBinding | undefined
const zstd = (): typeof zstdBinding => (zstdAddon ??= createRequire(import.meta.url)('zstd-napi/binding.js') as typeof zstdBinding)

/**
 * One zstd context and output buffer per thread, kept from call to call:
 * zstd-napi's `compress` allocates a buffer of the input's bound for each
 * call, and a fresh buffer of megabytes costs a page fault per 4 KiB (10 to
 * 20 % of compressing a batch, measured).
 */
let zstdContext: { cctx: InstanceType<typeof zstdBinding.CCtx>, level: number } | undefined
let zstdOutput = Buffer.alloc(0)

function zstdCompress (bytes: Uint8Array, level: number): Uint8Array {
  const addon = zstd()
  zstdContext ??= { cctx: new addon.CCtx(), level: Number.NaN }
  if (zstdContext.level !== level) {
    zstdContext.cctx.setParameter(addon.CParameter.compressionLevel, level)
    zstdContext.level = level
  }
  const bound = addon.compressBound(bytes.length)
  if (zstdOutput.length < bound) zstdOutput = Buffer.allocUnsafe(bound)
  const length = zstdContext.cctx.compress2(zstdOutput, bytes)
  // A copy the caller owns: the buffer is the next call's.
  return new Uint8Array(zstdOutput.subarray(0, length))
}

export function compressWith (m: CompressionMode, bytes: Uint8Array): Uint8Array {
  switch (m.codec) {
    case pb.MigrationCodec.MIGRATION_CODEC_ZSTD: return zstdCompress(bytes, m.level)
    case pb.MigrationCodec.MIGRATION_CODEC_GZIP: return gzipSync(bytes, { level: m.level })
    default: return bytes
  }
}

/** One zstd decompression context per thread, kept from call to call like the compression one. */
let zstdDecompressor: InstanceType<typeof zstdBinding.DCtx> | undefined

/**
 * A zstd chunk body decompressed into a buffer of exactly `rawLength`
 * bytes. The body must be one frame declaring that size: zstd-napi's own
 * `decompress` would allocate what every frame of a body declares, or keep
 * all output of a frame that declares none, before any length is checked,
 * and zstd turns a 20 MiB entry of zeros into some 600 GiB (a "bomb").
 * With one frame and a fixed output buffer, zstd itself stops at the bound.
 */
function zstdDecompressExactly (body: Uint8Array, rawLength: number): Uint8Array {
  const addon = zstd()
  const frameBytes = addon.findFrameCompressedSize(body)
  if (frameBytes !== body.length) throw new MalformedMessageError(`a zstd chunk must be one frame: its first frame ends at byte ${frameBytes} of ${body.length}`)
  const claimed = addon.getFrameContentSize(body)
  if (claimed !== rawLength) throw new MalformedMessageError(`zstd frame holds ${String(claimed)} bytes, the chunk says ${rawLength}`)
  zstdDecompressor ??= new addon.DCtx()
  const out = new Uint8Array(rawLength)
  const length = zstdDecompressor.decompress(out, body)
  return out.subarray(0, length)
}

/**
 * A gzip body of whole members (RFC 1952), one or more, and nothing after
 * them; at most `maxOutputLength` bytes are made. Node's gunzip stops at a
 * 0x00 byte after a member and ignores it and every byte after it, a rule
 * of its own that another reader of the format would have to copy (found
 * by a reader written from docs/migration.md alone).
 */
function gunzipWhole (body: Uint8Array, maxOutputLength: number): Uint8Array {
  const { buffer, engine } = gunzipSync(body, { maxOutputLength, info: true }) as unknown as { buffer: Buffer, engine: { bytesWritten: number } }
  if (engine.bytesWritten !== body.length) throw new MalformedMessageError(`a gzip chunk must be whole members and nothing after them: ${body.length} bytes, its members end at byte ${engine.bytesWritten}`)
  return buffer
}

/**
 * Decompresses a chunk body, refusing anything that would not come out at
 * exactly `rawLength` bytes; no codec writes more than `rawLength` (+1 for
 * gzip, to see that it is too long) bytes however the body was made.
 */
export function decompressChunk (codec: pb.MigrationCodec, body: Uint8Array, rawLength: number): Uint8Array {
  let out: Uint8Array
  try {
    switch (codec) {
      case pb.MigrationCodec.MIGRATION_CODEC_RAW:
        out = body
        break
      case pb.MigrationCodec.MIGRATION_CODEC_ZSTD:
        out = zstdDecompressExactly(body, rawLength)
        break
      case pb.MigrationCodec.MIGRATION_CODEC_GZIP:
        out = gunzipWhole(body, rawLength + 1)
        break
      default:
        throw new MalformedMessageError(`unknown codec ${String(codec)}`)
    }
  } catch (err) {
    if (err instanceof MalformedMessageError) throw err
    throw new MalformedMessageError(`migration chunk does not decompress: ${(err as Error).message}`)
  }
  if (out.length !== rawLength) throw new MalformedMessageError(`migration chunk decompressed to ${out.length} bytes, it says ${rawLength}`)
  return out
}
