/**
 * The method interface every contender implements (baselines and "ours"),
 * and the wrapper that measures them all the same way: qdisc byte counters
 * before/after, wall time as reported by the method (end to end, including
 * encode/decode on both sides), SHA-256 of the receiver's result.
 */
import { mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import type { Dataset } from './datasets.js'
import type { EmulatedLink } from './netns.js'
import { log, sha256File, sleep, warm } from './util.js'

export interface MethodContext {
  /** Base image; readable by both sides (the receiver already holds it, the sender does too). */
  basePath: string
  /** The image to hand off; the receiver must end up with a byte-identical copy. */
  modifiedPath: string
  modifiedSize: number
  baseSize: number
  rateMbit: number
  /** Sender namespace (A) and receiver namespace (B), and their addresses on the shaped veth. */
  nsA: string
  nsB: string
  addrA: string
  addrB: string
  /** A TCP port free in both namespaces for this run. */
  port: number
  /** Empty scratch folder for this run (receiver output, logs, ...); removed afterwards. */
  workDir: string
  link: EmulatedLink
}

export interface MethodRun {
  /** Wall time from the first byte of work (encode or send) until the receiver's file is complete. */
  seconds: number
  /** File the receiver produced; its SHA-256 is compared with the modified image's. */
  outputPath: string
  note?: string
}

export interface Method {
  id: string
  label: string
  /** Executables the method needs; the harness reports missing ones and skips the method. */
  tools: readonly string[]
  /** Untimed preparation (e.g. put a copy of base at the rsync destination). */
  prepare?: (ctx: MethodContext) => Promise<void>
  run: (ctx: MethodContext) => Promise<MethodRun>
}

export interface Measurement {
  method: string
  label: string
  dataset: string
  rateMbit: number
  ok: boolean
  seconds?: number
  /** Bytes through both qdiscs (A→B data + B→A acks / checksums), headers included. */
  bytesOnWire?: number
  bytesAtoB?: number
  bytesBtoA?: number
  /** A→B bytes × 8 / rate, divided by the wall time. */
  linkBusyPct?: number
  verified?: boolean
  note?: string
  error?: string
}

let nextPort = 20_000

export async function measure (method: Method, ds: Dataset, link: EmulatedLink, scratchRoot: string): Promise<Measurement> {
  const base: Measurement = { method: method.id, label: method.label, dataset: ds.id, rateMbit: link.rate, ok: false }
  const workDir = path.join(scratchRoot, `${ds.id}-${method.id}-${link.rate}`)
  rmSync(workDir, { recursive: true, force: true })
  mkdirSync(workDir, { recursive: true })
  const ctx: MethodContext = {
    basePath: ds.basePath,
    modifiedPath: ds.modifiedPath,
    modifiedSize: ds.modifiedSize,
    baseSize: ds.baseSize,
    rateMbit: link.rate,
    nsA: link.cfg.nsA,
    nsB: link.cfg.nsB,
    addrA: link.cfg.addrA,
    addrB: link.cfg.addrB,
    port: nextPort++,
    workDir,
    link
  }
  try {
    if (method.prepare !== undefined) await method.prepare(ctx)
    await warm(ds.basePath)
    await warm(ds.modifiedPath)
    await sleep(300)
    const before = await link.counters()
    const r = await method.run(ctx)
    const after = await link.counters()
    const aToB = after.aToB - before.aToB
    const bToA = after.bToA - before.bToA
    const verified = (await sha256File(r.outputPath)) === ds.modifiedSha256
    const busy = 100 * (aToB * 8 / (link.rate * 1e6)) / r.seconds
    return { ...base, ok: verified, seconds: r.seconds, bytesOnWire: aToB + bToA, bytesAtoB: aToB, bytesBtoA: bToA, linkBusyPct: busy, verified, ...(r.note !== undefined ? { note: r.note } : {}) }
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err)
    log(`${method.id} @ ${link.rate} Mbit/s failed: ${msg.split('\n')[0]}`)
    return { ...base, error: msg.split('\n')[0]!.slice(0, 200) }
  } finally {
    rmSync(workDir, { recursive: true, force: true })
  }
}
