/**
 * Image pairs (base, modified) for the migration benchmark, cached on disk.
 *
 *  - "face": a synthetic, deterministic (sfc32-seeded) pair calibrated to the
 *    block mix measured on real VM memory images (see `FACE_SPEC`).
 *  - "disk": a real ext4 root file system: Debian bookworm minbase from
 *    debootstrap (base.img), and a copy of that image in which packages were
 *    installed with apt inside a chroot (modified.img).
 *
 * A cache folder holds one sub-folder per parameter set (name = hash of the
 * parameters) with base.img, modified.img and meta.json; meta.json is written
 * last, so a folder without it is an interrupted generation and is redone.
 */
import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { open } from 'node:fs/promises'
import path from 'node:path'
import { onCleanup } from './netns.js'
import { fmtBytes, log, MiB, run, sha256File, which } from './util.js'

export const DEFAULT_DATA_DIR = '/var/tmp/gdp-bench-data'
export const BLOCK = 4096

export interface DatasetStats {
  /** Modified-image blocks that are all zero. */
  zeroBlocks: number
  /** Non-zero modified blocks equal to some base block or to an earlier modified block. */
  dedupBlocks: number
  /** Modified blocks left after zero elimination and dedup (against base and itself). */
  uniqueBlocks: number
  /** Of those, blocks that differ from the base block at the same index in <= 16 bytes. */
  nearSameIndexBlocks: number
  /** Modified blocks that differ from the base block at the same index. */
  changedVsBase: number
  totalBlocks: number
  /** zstd -3 of the whole modified image, bytes. */
  zstd3Bytes: number
  /**
   * Reference point for a block-aware scheme: zstd -3 of (unique blocks, with
   * near-same-index blocks replaced by a 16-byte patch record), bytes.
   */
  blockAwareZstd3Bytes: number
}

export interface Dataset {
  id: 'face' | 'disk'
  title: string
  dir: string
  basePath: string
  modifiedPath: string
  baseSize: number
  modifiedSize: number
  baseSha256: string
  modifiedSha256: string
  stats: DatasetStats
  description: string
  params: unknown
}

interface Meta extends Omit<Dataset, 'dir' | 'basePath' | 'modifiedPath'> { generatedAt: string, generatorVersion: number }

// ---------------------------------------------------------------------------
// PRNG

/** sfc32 (Chris Doty-Humphrey's Small Fast Counter), 32-bit output. */
export class Sfc32 {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor (seed: number) {
    this.a = 0x9e3779b9
    this.b = 0x243f6a88
    this.c = 0xb7e15162
    this.d = seed >>> 0
    for (let i = 0; i < 15; i++) this.u32()
  }

  u32 (): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** Uniform in [0, 1). */
  float (): number { return this.u32() / 4294967296 }

  /** Uniform integer in [0, n). */
  int (n: number): number { return Math.floor(this.float() * n) }

  /** Uniform integer in [lo, hi]. */
  range (lo: number, hi: number): number { return lo + this.int(hi - lo + 1) }

  fill (buf: Buffer): void {
    const words = buf.length >>> 2
    for (let i = 0; i < words; i++) buf.writeUInt32LE(this.u32(), i * 4)
    for (let i = words * 4; i < buf.length; i++) buf[i] = this.u32() & 0xff
  }

  shuffle<T> (arr: T[] | Uint8Array | Int32Array): void {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = this.int(i + 1)
      const t = arr[i]!
      arr[i] = arr[j]!
      arr[j] = t
    }
  }
}

// ---------------------------------------------------------------------------
// Block content generators

const ONSETS = ['', '', 'b', 'c', 'd', 'f', 'g', 'h', 'j', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w', 'y', 'z', 'ch', 'sh', 'th', 'st', 'tr', 'pl', 'br', 'gr', 'qu', 'wh']
const NUCLEI = ['a', 'e', 'i', 'o', 'u', 'a', 'e', 'i', 'o', 'ea', 'ou', 'ai', 'io', 'ee', 'oo', 'y']
const CODAS = ['', '', '', '', 'n', 'r', 's', 't', 'l', 'm', 'nd', 'st', 'ng', 'ck', 'rt', 'x', 'th']

/** English-looking text: a syllable-built vocabulary sampled with Zipf's law, in lines of 60–90 chars. */
export class TextGen {
  private readonly words: string[] = []
  private readonly cdf: Float64Array
  private line = ''
  private lineTarget = 75
  private sentenceLeft = 0
  private capitalize = true

  constructor (private readonly rng: Sfc32, vocabulary = 6000, zipfS = 1.07) {
    const seen = new Set<string>()
    while (this.words.length < vocabulary) {
      const syllables = [1, 1, 1, 2, 2, 2, 2, 3, 3, 4][rng.int(10)]!
      let w = ''
      for (let s = 0; s < syllables; s++) w += ONSETS[rng.int(ONSETS.length)]! + NUCLEI[rng.int(NUCLEI.length)]! + CODAS[rng.int(CODAS.length)]!
      if (w.length < 1 || seen.has(w)) continue
      seen.add(w)
      this.words.push(w)
    }
    // Short words tend to be frequent: rank the vocabulary mostly by length.
    this.words.sort((x, y) => (x.length + rng.float() * 4) - (y.length + rng.float() * 4))
    this.cdf = new Float64Array(vocabulary)
    let acc = 0
    for (let r = 0; r < vocabulary; r++) { acc += 1 / Math.pow(r + 1, zipfS); this.cdf[r] = acc }
    for (let r = 0; r < vocabulary; r++) this.cdf[r] = this.cdf[r]! / acc
  }

  private word (): string {
    const u = this.rng.float()
    let lo = 0
    let hi = this.cdf.length - 1
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (this.cdf[mid]! < u) lo = mid + 1; else hi = mid }
    return this.words[lo]!
  }

  private number (): string {
    const r = this.rng
    switch (r.int(5)) {
      case 0: return String(r.range(1, 99))
      case 1: return String(r.range(1900, 2030))
      case 2: return `${r.range(0, 999)}.${String(r.int(100)).padStart(2, '0')}`
      case 3: return `${r.range(1, 12)}/${r.range(1, 28)}`
      default: return String(r.range(100, 99999))
    }
  }

  private token (): string {
    const r = this.rng
    if (this.sentenceLeft <= 0) { this.sentenceLeft = r.range(4, 18); this.capitalize = true }
    let t = r.int(100) < 6 ? this.number() : this.word()
    if (this.capitalize) { t = t.charAt(0).toUpperCase() + t.slice(1); this.capitalize = false }
    this.sentenceLeft--
    if (this.sentenceLeft === 0) {
      const p = r.int(20)
      t += p < 16 ? '.' : p < 18 ? '?' : p < 19 ? '!' : ':'
    } else if (r.int(100) < 8) {
      t += r.int(4) === 0 ? ';' : ','
    } else if (r.int(200) === 0) {
      t = `(${t})`
    }
    return t
  }

  /** The next `BLOCK` bytes of the text stream. */
  block (): Buffer {
    let out = ''
    while (out.length < BLOCK) {
      const t = this.token()
      if (this.line.length > 0 && this.line.length + 1 + t.length > this.lineTarget) {
        out += this.line + '\n'
        this.line = t
        this.lineTarget = this.rng.range(60, 90)
      } else {
        this.line = this.line.length > 0 ? `${this.line} ${t}` : t
      }
    }
    return Buffer.from(out.slice(0, BLOCK), 'latin1')
  }
}

/**
 * A sparse pointer-heap page: zeros with 8-byte little-endian pointers,
 * 8-aligned, every 16–64 bytes; values look like 0x00007f0X_XXXXXXX0 and share
 * their high bits within the page (same upper word and same top byte of the
 * lower word).
 */
export function heapPage (rng: Sfc32): Buffer {
  const page = Buffer.alloc(BLOCK)
  const hi = (0x00007f00 | rng.int(16)) >>> 0
  const top = rng.u32() & 0xff000000
  let off = 8 * rng.int(4)
  while (off + 8 <= BLOCK) {
    const lo = (top | (rng.u32() & 0x00fffff0)) >>> 0
    page.writeUInt32LE(lo, off)
    page.writeUInt32LE(hi, off + 4)
    off += 8 * rng.range(2, 8) // 16..64 bytes
  }
  return page
}

/** Splits `total` items by `fractions` (largest remainder), in the order given. */
export function apportion (total: number, fractions: ReadonlyArray<readonly [string, number]>): Array<[string, number]> {
  const sum = fractions.reduce((a, [, f]) => a + f, 0)
  if (Math.abs(sum - 1) > 1e-9) throw new Error(`fractions sum to ${sum}, not 1`)
  const exact = fractions.map(([k, f]) => [k, f * total] as const)
  const out = exact.map(([k, x]) => [k, Math.floor(x)] as [string, number])
  let left = total - out.reduce((a, [, n]) => a + n, 0)
  const order = exact.map(([, x], i) => [x - Math.floor(x), i] as const).sort((p, q) => q[0] - p[0] || p[1] - q[1])
  for (const [, i] of order) { if (left-- <= 0) break; out[i]![1]++ }
  return out
}

// ---------------------------------------------------------------------------
// Face-like synthetic pair

export const FACE_SPEC = {
  generatorVersion: 1,
  seed: 0x6d696772, // "migr"
  blockSize: BLOCK,
  baseMiB: 256,
  modifiedMiB: 64,
  base: [['zero', 0.40], ['text', 0.30], ['heap', 0.20], ['random', 0.10]] as const,
  modified: [['zero', 0.30], ['copy', 0.25], ['repeat', 0.17], ['text', 0.12], ['heap', 0.10], ['patched', 0.02], ['random', 0.04]] as const
}

const T = { zero: 0, text: 1, heap: 2, random: 3, copy: 4, repeat: 5, patched: 6 } as const
type TypeName = keyof typeof T

function buildTypes (rng: Sfc32, total: number, mix: ReadonlyArray<readonly [string, number]>, exclude?: Set<string>): Uint8Array {
  const types = new Uint8Array(total)
  let i = 0
  for (const [name, n] of apportion(total, mix)) {
    if (exclude?.has(name) === true) continue
    types.fill(T[name as TypeName], i, i + n)
    i += n
  }
  const filled = types.subarray(0, i)
  rng.shuffle(filled)
  return filled
}

function generateFace (): { base: Buffer, modified: Buffer } {
  const S = FACE_SPEC
  const rng = new Sfc32(S.seed)
  const text = new TextGen(rng)
  const nBase = S.baseMiB * MiB / BLOCK
  const nMod = S.modifiedMiB * MiB / BLOCK

  // --- base
  const baseTypes = buildTypes(rng, nBase, S.base)
  const base = Buffer.alloc(nBase * BLOCK)
  for (let i = 0; i < nBase; i++) {
    const at = i * BLOCK
    switch (baseTypes[i]) {
      case T.text: text.block().copy(base, at); break
      case T.heap: heapPage(rng).copy(base, at); break
      case T.random: rng.fill(base.subarray(at, at + BLOCK)); break
      default: break // zero
    }
  }
  const nonZeroBase: number[] = []
  for (let i = 0; i < nBase; i++) if (baseTypes[i] !== T.zero) nonZeroBase.push(i)

  // --- modified: place the "patched" blocks first, at indices whose base block is non-zero.
  const counts = new Map(apportion(nMod, S.modified))
  const nPatched = counts.get('patched')!
  const modTypes = new Uint8Array(nMod).fill(255)
  const candidates = nonZeroBase.filter((i) => i < nMod)
  rng.shuffle(candidates)
  for (const i of candidates.slice(0, nPatched)) modTypes[i] = T.patched
  const rest = buildTypes(rng, nMod, S.modified, new Set(['patched']))
  let k = 0
  for (let i = 0; i < nMod; i++) if (modTypes[i] === 255) modTypes[i] = rest[k++]!
  if (k !== rest.length) throw new Error('internal: modified block layout mismatch')

  const modified = Buffer.alloc(nMod * BLOCK)
  const uniqueIdx: number[] = []
  for (let i = 0; i < nMod; i++) {
    const at = i * BLOCK
    const dst = modified.subarray(at, at + BLOCK)
    switch (modTypes[i]) {
      case T.copy: {
        const j = nonZeroBase[rng.int(nonZeroBase.length)]!
        base.copy(dst, 0, j * BLOCK, (j + 1) * BLOCK)
        break
      }
      case T.patched: {
        base.copy(dst, 0, at, at + BLOCK)
        const w = rng.int(BLOCK / 8) * 8
        const before = dst.readBigUInt64LE(w)
        let v = before
        while (v === before) v = (BigInt(rng.u32()) << 32n) | BigInt(rng.u32())
        dst.writeBigUInt64LE(v, w)
        uniqueIdx.push(i)
        break
      }
      case T.text: text.block().copy(dst); uniqueIdx.push(i); break
      case T.heap: heapPage(rng).copy(dst); uniqueIdx.push(i); break
      case T.random: rng.fill(dst); uniqueIdx.push(i); break
      default: break // zero; repeats are filled below
    }
  }
  for (let i = 0; i < nMod; i++) {
    if (modTypes[i] !== T.repeat) continue
    const j = uniqueIdx[rng.int(uniqueIdx.length)]!
    modified.copy(modified, i * BLOCK, j * BLOCK, (j + 1) * BLOCK)
  }
  return { base, modified }
}

// ---------------------------------------------------------------------------
// Statistics (the calibration check printed with each dataset)

async function zstdSize (feed: (write: (b: Buffer) => Promise<void>) => Promise<void>): Promise<number> {
  const child = spawn('zstd', ['-3', '-q', '-c'], { stdio: ['pipe', 'pipe', 'inherit'] })
  let n = 0
  child.stdout.on('data', (d: Buffer) => { n += d.length })
  const closed = new Promise<number | null>((resolve, reject) => { child.on('error', reject); child.on('close', resolve) })
  let failed: Error | undefined
  child.stdin.on('error', (err) => { failed = err })
  const write = (b: Buffer): Promise<void> => new Promise((resolve, reject) => {
    if (failed !== undefined) { reject(failed); return }
    if (child.stdin.write(b)) resolve()
    else child.stdin.once('drain', resolve)
  })
  await feed(write)
  child.stdin.end()
  const code = await closed
  if (code !== 0) throw new Error(`zstd exited with ${code}`)
  return n
}

const ZERO_BLOCK = Buffer.alloc(BLOCK)

async function computeStats (basePath: string, modifiedPath: string): Promise<DatasetStats> {
  const digest = (b: Buffer): string => createHash('sha1').update(b).digest('base64')
  const seen = new Set<string>()
  const CH = 16 * MiB
  const bf = await open(basePath, 'r')
  const mf = await open(modifiedPath, 'r')
  try {
    const baseSize = (await bf.stat()).size
    const modSize = (await mf.stat()).size
    const buf = Buffer.alloc(CH)
    for (let off = 0; off < baseSize; off += CH) {
      const { bytesRead } = await bf.read(buf, 0, CH, off)
      for (let o = 0; o + BLOCK <= bytesRead; o += BLOCK) seen.add(digest(buf.subarray(o, o + BLOCK)))
    }
    const stats: DatasetStats = { zeroBlocks: 0, dedupBlocks: 0, uniqueBlocks: 0, nearSameIndexBlocks: 0, changedVsBase: 0, totalBlocks: Math.ceil(modSize / BLOCK), zstd3Bytes: 0, blockAwareZstd3Bytes: 0 }
    const mbuf = Buffer.alloc(CH)
    const bbuf = Buffer.alloc(CH)
    stats.blockAwareZstd3Bytes = await zstdSize(async (write) => {
      for (let off = 0; off < modSize; off += CH) {
        const { bytesRead } = await mf.read(mbuf, 0, CH, off)
        const baseRead = off < baseSize ? (await bf.read(bbuf, 0, CH, off)).bytesRead : 0
        for (let o = 0; o < bytesRead; o += BLOCK) {
          const blk = mbuf.subarray(o, Math.min(o + BLOCK, bytesRead))
          const same = o + blk.length <= baseRead ? bbuf.subarray(o, o + blk.length) : undefined
          if (same === undefined || !same.equals(blk)) stats.changedVsBase++
          if (blk.equals(ZERO_BLOCK.subarray(0, blk.length))) { stats.zeroBlocks++; continue }
          const h = digest(blk)
          if (seen.has(h)) { stats.dedupBlocks++; continue }
          seen.add(h)
          stats.uniqueBlocks++
          if (same !== undefined) {
            let first = -1
            let last = -1
            for (let x = 0; x < blk.length; x++) if (blk[x] !== same[x]) { if (first < 0) first = x; last = x }
            if (first >= 0 && last - first < 16) {
              stats.nearSameIndexBlocks++
              const rec = Buffer.alloc(24)
              rec.writeUInt32LE((off + o) / BLOCK, 0)
              rec.writeUInt16LE(first, 4)
              rec.writeUInt16LE(last - first + 1, 6)
              blk.copy(rec, 8, first, last + 1)
              await write(rec)
              continue
            }
          }
          await write(Buffer.from(blk))
        }
      }
    })
    stats.zstd3Bytes = await zstdSize(async (write) => {
      for (let off = 0; off < modSize; off += CH) {
        const { bytesRead } = await mf.read(mbuf, 0, CH, off)
        await write(Buffer.from(mbuf.subarray(0, bytesRead)))
      }
    })
    return stats
  } finally {
    await bf.close()
    await mf.close()
  }
}

export function describeStats (d: Dataset): string {
  const s = d.stats
  const pct = (n: number): string => `${(100 * n / s.totalBlocks).toFixed(1)} %`
  return `${d.title}: base ${fmtBytes(d.baseSize)}, modified ${fmtBytes(d.modifiedSize)} (${s.totalBlocks} blocks of 4 KiB); ` +
    `zero ${pct(s.zeroBlocks)}, dedup-able ${pct(s.dedupBlocks)}, left after zero/dedup ${pct(s.uniqueBlocks)} ` +
    `(of which ${s.nearSameIndexBlocks} are small same-index patches); changed vs base at same index ${pct(s.changedVsBase)}; ` +
    `zstd -3 of modified = ${(s.zstd3Bytes / d.modifiedSize).toFixed(3)}; ` +
    `block-aware reference (unique blocks + patches, zstd -3) = ${(s.blockAwareZstd3Bytes / d.modifiedSize).toFixed(3)} of modified`
}

// ---------------------------------------------------------------------------
// Cache handling

function paramsKey (params: unknown): string {
  return createHash('sha256').update(JSON.stringify(params)).digest('hex').slice(0, 12)
}

function loadCached (dir: string, params: unknown): Meta | undefined {
  const metaPath = path.join(dir, 'meta.json')
  if (!existsSync(metaPath)) return undefined
  try {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as Meta
    if (JSON.stringify(meta.params) !== JSON.stringify(params)) return undefined
    if (statSync(path.join(dir, 'base.img')).size !== meta.baseSize) return undefined
    if (statSync(path.join(dir, 'modified.img')).size !== meta.modifiedSize) return undefined
    return meta
  } catch {
    return undefined
  }
}

function toDataset (dir: string, meta: Meta): Dataset {
  return { ...meta, dir, basePath: path.join(dir, 'base.img'), modifiedPath: path.join(dir, 'modified.img') }
}

async function finish (id: Dataset['id'], title: string, description: string, dir: string, params: unknown): Promise<Dataset> {
  const basePath = path.join(dir, 'base.img')
  const modifiedPath = path.join(dir, 'modified.img')
  log(`${id}: hashing and computing block statistics`)
  const meta: Meta = {
    id, title, description, params,
    baseSize: statSync(basePath).size,
    modifiedSize: statSync(modifiedPath).size,
    baseSha256: await sha256File(basePath),
    modifiedSha256: await sha256File(modifiedPath),
    stats: await computeStats(basePath, modifiedPath),
    generatedAt: new Date().toISOString(),
    generatorVersion: 1
  }
  writeFileSync(path.join(dir, 'meta.json'), JSON.stringify(meta, null, 2) + '\n')
  return toDataset(dir, meta)
}

export async function faceDataset (dataDir = DEFAULT_DATA_DIR): Promise<Dataset> {
  const params = FACE_SPEC
  const dir = path.join(dataDir, `face-${paramsKey(params)}`)
  const cached = loadCached(dir, params)
  if (cached !== undefined) { log(`face: using cached ${dir}`); return toDataset(dir, cached) }
  log(`face: generating ${FACE_SPEC.baseMiB} MiB base + ${FACE_SPEC.modifiedMiB} MiB modified into ${dir}`)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const t0 = performance.now()
  const { base, modified } = generateFace()
  writeFileSync(path.join(dir, 'base.img'), base)
  writeFileSync(path.join(dir, 'modified.img'), modified)
  log(`face: generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  return await finish('face', 'face-like (synthetic VM memory)', 'seeded sfc32 synthetic pair per the calibrated block mix', dir, params)
}

// ---------------------------------------------------------------------------
// Real disk image pair (Debian minbase, before / after apt-get install)

export interface DiskOptions {
  dataDir?: string
  imageMiB?: number
  packages?: string[]
  suite?: string
  mirror?: string
}

/** The Debian mirror configured for apt on this machine (first non-security URI), or deb.debian.org. */
export function configuredMirror (): string {
  const files: string[] = []
  if (existsSync('/etc/apt/sources.list')) files.push('/etc/apt/sources.list')
  if (existsSync('/etc/apt/sources.list.d')) {
    for (const f of readdirSync('/etc/apt/sources.list.d').sort()) {
      if (f.endsWith('.list') || f.endsWith('.sources')) files.push(path.join('/etc/apt/sources.list.d', f))
    }
  }
  for (const f of files) {
    for (const line of readFileSync(f, 'utf8').split('\n')) {
      const l = line.trim()
      let uri: string | undefined
      const deb822 = /^URIs:\s*(\S+)/i.exec(l)
      const oneLine = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)/.exec(l)
      if (deb822 !== null) uri = deb822[1]
      else if (oneLine !== null) uri = oneLine[1]
      if (uri !== undefined && /^https?:\/\//.test(uri) && !uri.includes('security')) return uri.replace(/\/+$/, '')
    }
  }
  return 'http://deb.debian.org/debian'
}

export async function diskDataset (opts: DiskOptions = {}): Promise<Dataset> {
  const dataDir = opts.dataDir ?? DEFAULT_DATA_DIR
  const params = {
    generatorVersion: 1,
    suite: opts.suite ?? 'bookworm',
    variant: 'minbase',
    mirror: opts.mirror ?? configuredMirror(),
    imageMiB: opts.imageMiB ?? 384,
    packages: opts.packages ?? ['python3'],
    fs: 'ext4 -T default -b 4096'
  }
  const dir = path.join(dataDir, `disk-${paramsKey(params)}`)
  const cached = loadCached(dir, params)
  if (cached !== undefined) { log(`disk: using cached ${dir}`); return toDataset(dir, cached) }

  const missing = ['debootstrap', 'mkfs.ext4', 'mount', 'umount', 'chroot', 'truncate'].filter((t) => which(t) === undefined)
  if (missing.length > 0) throw new Error(`disk dataset needs ${missing.join(', ')} (apt-get install debootstrap e2fsprogs)`)
  if (!existsSync('/dev/loop-control')) throw new Error('disk dataset needs loop devices (/dev/loop-control is absent)')

  // 1. debootstrap, cached separately (independent of image size and packages).
  const rootfsKey = paramsKey({ suite: params.suite, variant: params.variant, mirror: params.mirror })
  const rootfs = path.join(dataDir, `rootfs-${params.suite}-${params.variant}-${rootfsKey}`)
  if (!existsSync(path.join(rootfs, '.gdp-bench-complete'))) {
    const partial = `${rootfs}.partial`
    rmSync(partial, { recursive: true, force: true })
    mkdirSync(dataDir, { recursive: true })
    log(`disk: debootstrap --variant=${params.variant} ${params.suite} from ${params.mirror} (about a minute)`)
    await run('debootstrap', [`--variant=${params.variant}`, params.suite, partial, params.mirror], { maxOutput: 1 << 16 })
    rmSync(rootfs, { recursive: true, force: true })
    renameSync(partial, rootfs)
    writeFileSync(path.join(rootfs, '.gdp-bench-complete'), new Date().toISOString() + '\n')
  } else {
    log(`disk: using cached root file system ${rootfs}`)
  }

  // 2. base.img: an ext4 file system made from the tree (mkfs.ext4 -d), fixed UUID and hash seed.
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const basePath = path.join(dir, 'base.img')
  const modPath = path.join(dir, 'modified.img')
  log(`disk: building ${params.imageMiB} MiB ext4 base image`)
  await run('truncate', ['-s', `${params.imageMiB}M`, basePath])
  await run('mkfs.ext4', ['-F', '-q', '-T', 'default', '-b', '4096', '-L', 'gdpbench',
    '-U', '5f1c0d2e-6a4b-4c3d-9e8f-0a1b2c3d4e5f', '-E', 'hash_seed=0b7e1c52-3a9d-4f60-8e21-7c4d5b6a3f10',
    '-d', rootfs, basePath], { env: { ...process.env, E2FSPROGS_FAKE_TIME: '1700000000' } })

  // 3. modified.img: the same image, mounted, with packages installed by apt in a chroot.
  await run('cp', ['--sparse=always', basePath, modPath])
  const mnt = path.join(dir, 'mnt')
  mkdirSync(mnt, { recursive: true })
  const mounted: string[] = []
  const unmountAllSync = (): void => {
    for (const m of mounted.splice(0).reverse()) {
      spawnSync('umount', ['-l', m], { stdio: 'ignore' })
    }
  }
  const dropCleanup = onCleanup(unmountAllSync)
  let usage = ''
  try {
    await run('mount', ['-o', 'loop', modPath, mnt]); mounted.push(mnt)
    await run('mount', ['-t', 'proc', 'proc', path.join(mnt, 'proc')]); mounted.push(path.join(mnt, 'proc'))
    await run('mount', ['--bind', '/dev', path.join(mnt, 'dev')]); mounted.push(path.join(mnt, 'dev'))
    if (existsSync('/etc/resolv.conf')) writeFileSync(path.join(mnt, 'etc/resolv.conf'), readFileSync('/etc/resolv.conf'))
    const before = (await run('df', ['-B1', '--output=used', mnt])).stdout.trim().split('\n').pop()
    log(`disk: chroot apt-get install --no-install-recommends ${params.packages.join(' ')}`)
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive', LC_ALL: 'C', PATH: '/usr/sbin:/usr/bin:/sbin:/bin' }
    await run('chroot', [mnt, 'apt-get', 'install', '-y', '-q', '--no-install-recommends', ...params.packages], { env, maxOutput: 1 << 16 })
    const after = (await run('df', ['-B1', '--output=used', mnt])).stdout.trim().split('\n').pop()
    usage = `file system used ${fmtBytes(Number(before))} → ${fmtBytes(Number(after))}`
    log(`disk: ${usage}`)
  } finally {
    for (const m of mounted.splice(0).reverse()) await run('umount', [m], { allowFail: true })
    dropCleanup()
  }
  rmSync(mnt, { recursive: true, force: true })
  const description = `Debian ${params.suite} ${params.variant} (debootstrap, ${params.mirror}) in a ${params.imageMiB} MiB ext4 image; ` +
    `modified = same image after chroot apt-get install --no-install-recommends ${params.packages.join(' ')} (${usage})`
  return await finish('disk', `disk image (Debian ${params.suite} minbase + ${params.packages.join(' ')})`, description, dir, params)
}
