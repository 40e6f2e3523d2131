/**
 * The adaptive mode controller. It learns online, from the transfer
 * itself, what each compression mode costs (CPU per byte, measured in the
 * workers) and how much it shrinks the current data (periodic probes of a
 * recent batch with every mode), and how fast the link drains (receiver
 * acknowledgements). It then picks the mode that moves input fastest:
 * min(what the cores can process, what the link can carry).
 */
import { ADAPTIVE_LADDER } from './codecs.js'

export interface ModeEstimate {
  mode: string
  /** Worker CPU µs per uncompressed batch byte. */
  cpuUsPerByte: number
  /** Compressed size / uncompressed batch size on recent data. */
  ratio: number
  /** Input bytes/s the cores could process in this mode. */
  system: number
  /** Input bytes/s the link could carry in this mode. */
  network: number
}

export interface ModeDecision {
  atMs: number
  mode: string
  previous: string
  /** Link throughput estimate, bytes/s, and whether the link limited the transfer when measured. */
  linkBytesPerSecond: number
  linkLimited: boolean
  /** Batch bytes per input byte after zero/dedup elimination. */
  kept: number
  estimates: ModeEstimate[]
  reason: string
}

export interface AdaptiveControllerInit {
  /** Worker threads doing the hashing and compression. */
  workers: number
  /** Modes to choose among, fastest first. */
  ladder?: readonly string[]
  /** Mode until the first decision. */
  initial?: string
  /** A switch needs this much more throughput than the current mode. */
  hysteresis?: number
  /** Acknowledgements over this window give the link throughput. */
  windowMs?: number
}

const ALPHA = 0.3
const ewma = (old: number | undefined, sample: number): number => old === undefined ? sample : old + ALPHA * (sample - old)

export class AdaptiveController {
  current: string
  readonly decisions: ModeDecision[] = []
  readonly #init: Required<AdaptiveControllerInit>
  readonly #cpu = new Map<string, number>()
  readonly #ratio = new Map<string, number>()
  #hashCpuPerByte: number | undefined
  #kept: number | undefined
  #link = Infinity
  #acks: Array<{ atMs: number, bytes: number }> = []
  #busySince: number | undefined
  #busyMs = 0
  #windowStart: number | undefined

  constructor (init: AdaptiveControllerInit) {
    this.#init = { ladder: ADAPTIVE_LADDER, initial: 'zstd-3', hysteresis: 1.05, windowMs: 4000, ...init }
    this.current = this.#init.initial
  }

  /** The link's throughput, bytes/s, once a decision measured it. */
  get linkBytesPerSecond (): number | undefined { return this.#link === Infinity ? undefined : this.#link }

  observeHash (inputBytes: number, cpuUs: number): void {
    if (inputBytes > 0) this.#hashCpuPerByte = ewma(this.#hashCpuPerByte, cpuUs / inputBytes)
  }

  /** Input read and batch bytes it became, per planned chunk. */
  observeKept (inputBytes: number, batchBytes: number): void {
    if (inputBytes > 0) this.#kept = ewma(this.#kept, batchBytes / inputBytes)
  }

  observeCompression (mode: string, rawBytes: number, outBytes: number, cpuUs: number): void {
    if (rawBytes < 4096) return
    this.#cpu.set(mode, ewma(this.#cpu.get(mode), cpuUs / rawBytes))
    this.#ratio.set(mode, ewma(this.#ratio.get(mode), outBytes / rawBytes))
  }

  /** Wire bytes the receiver acknowledged. */
  observeAck (atMs: number, bytes: number): void {
    this.#acks.push({ atMs, bytes })
  }

  /** The sender had bytes it could not send (the window was full) from `atMs`, or stopped having them. */
  linkBusy (atMs: number, busy: boolean): void {
    this.#windowStart ??= atMs
    if (busy && this.#busySince === undefined) this.#busySince = atMs
    if (!busy && this.#busySince !== undefined) { this.#busyMs += atMs - this.#busySince; this.#busySince = undefined }
  }

  /** Re-decides the mode; returns the decision when it has enough measurements. */
  decide (nowMs: number): ModeDecision | undefined {
    this.#acks = this.#acks.filter((a) => a.atMs > nowMs - this.#init.windowMs)
    const kept = this.#kept
    const hashCpu = this.#hashCpuPerByte ?? 0
    if (kept === undefined || this.#acks.length < 2) return undefined
    const span = Math.max(1, nowMs - this.#acks[0]!.atMs)
    if (span < 500) return undefined
    const measured = this.#acks.slice(1).reduce((s, a) => s + a.bytes, 0) * 1000 / span
    const windowMs = Math.max(1, nowMs - (this.#windowStart ?? nowMs))
    const busyMs = this.#busyMs + (this.#busySince === undefined ? 0 : nowMs - this.#busySince)
    const linkLimited = busyMs / windowMs > 0.5
    // Unless the link was what held the transfer back, it can carry at least a bit more than it did:
    // the estimate climbs until the link does limit, and is remembered after.
    this.#link = linkLimited ? measured : Math.max(this.#link === Infinity ? 0 : this.#link, measured * 1.5)
    this.#busyMs = 0
    this.#windowStart = nowMs
    if (this.#busySince !== undefined) this.#busySince = nowMs
    const estimates: ModeEstimate[] = []
    for (const mode of this.#init.ladder) {
      const cpu = this.#cpu.get(mode)
      const ratio = this.#ratio.get(mode)
      if (cpu === undefined || ratio === undefined) continue
      const cpuPerInput = hashCpu + kept * cpu
      const system = cpuPerInput > 0 ? this.#init.workers * 1e6 / cpuPerInput : Infinity
      const network = kept * ratio > 0 ? this.#link / (kept * ratio) : Infinity
      estimates.push({ mode, cpuUsPerByte: cpu, ratio, system, network })
    }
    if (estimates.length === 0) return undefined
    const speed = (e: ModeEstimate): number => Math.min(e.system, e.network)
    const best = estimates.reduce((a, b) => speed(b) > speed(a) ? b : a)
    const current = estimates.find((e) => e.mode === this.current)
    const previous = this.current
    let reason: string
    if (current === undefined || speed(best) > speed(current) * this.#init.hysteresis) {
      this.current = best.mode
      reason = best.mode === previous ? 'kept' : `${best.mode} moves ${fmt(speed(best))}/s of input against ${current === undefined ? 'unmeasured' : fmt(speed(current)) + '/s'} for ${previous} (${speed(best) === best.network ? 'link' : 'CPU'}-bound)`
    } else {
      reason = `kept: ${previous} is within ${Math.round((this.#init.hysteresis - 1) * 100)} % of the best`
    }
    const decision: ModeDecision = { atMs: nowMs, mode: this.current, previous, linkBytesPerSecond: this.#link, linkLimited, kept, estimates, reason }
    this.decisions.push(decision)
    return decision
  }
}

function fmt (bytesPerSecond: number): string {
  return bytesPerSecond === Infinity ? 'unbounded' : `${(bytesPerSecond / 1048576).toFixed(1)} MiB`
}
