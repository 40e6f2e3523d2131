/**
 * The client side of the capsule protocol, over a Forwarder (the client's
 * own overlay node). It verifies everything it receives: metadata against
 * the name, heartbeats against the writer key, every record against a
 * heartbeat by its inclusion proof, and each append acknowledgement against
 * the server's key. Writers sign on this side; servers never see the key.
 */
import { inclusionProofFromPb, recordFromPb, recordToPb, signedHeartbeatFromPb, signedHeartbeatToPb, signedMetadataFromPb, signedMetadataToPb } from '../capsule/codec.js'
import { verifyHeartbeat } from '../capsule/heartbeat.js'
import { MerkleFrontier } from '../capsule/merkle.js'
import { verifySignedMetadata, type Signer } from '../capsule/metadata.js'
import { formatName } from '../capsule/name.js'
import type { CapsuleRecord, SignedHeartbeat, SignedMetadata } from '../capsule/types.js'
import { CapsuleView } from '../capsule/view.js'
import { CapsuleWriter, emptyWriterState, type WriterState } from '../capsule/writer.js'
import { equalBytes } from '../crypto/hash.js'
import { GdpError, InvalidProofError, InvalidSignatureError } from '../errors.js'
import { appendAckFromPb, verifyAppendAck, type AppendAck } from '../routing/append-ack.js'
import type { Forwarder } from '../routing/forwarder.js'
import { signedAdCertToPb, type SignedAdCert } from '../routing/certificates.js'
import { fixedBytes, pb } from '../wire/index.js'

/** A request refused along the way or by the server; `reason` is the NACK reason. */
export class RequestRefusedError extends GdpError {
  readonly reason: keyof typeof pb.NackReason
  constructor (reason: keyof typeof pb.NackReason, detail: string) {
    super(`${reason}: ${detail}`)
    this.reason = reason
  }
}

export interface CapsuleInfo {
  metadata: SignedMetadata
  head: SignedHeartbeat | undefined
  size: number
  /** What a writer needs to extend the capsule, checked against the head. */
  writerState: WriterState
}

export type ReadSelector =
  | { seqno: number }
  | { range: { from: number, to: number } }
  | { last: number }
  | { atUs: number }
  | { hash: Uint8Array }

export interface GdpClientComponents {
  forwarder: Forwarder
}

export interface GdpClientInit {
  /** How long a request may take before it fails. @default 15000 */
  timeoutMs?: number
}

export class GdpClient {
  readonly #forwarder: Forwarder
  readonly #timeoutMs: number
  readonly #views = new Map<string, CapsuleView>()

  constructor (init: GdpClientInit, components: GdpClientComponents) {
    this.#forwarder = components.forwarder
    this.#timeoutMs = init.timeoutMs ?? 15_000
  }

  /** Sends a request and collects responses until the final one. */
  async #call (destination: Uint8Array, request: pb.IRequest): Promise<pb.IResponse[]> {
    return await new Promise((resolve, reject) => {
      const responses: pb.IResponse[] = []
      let nonce: Uint8Array | undefined
      const timer = setTimeout(() => {
        if (nonce !== undefined) this.#forwarder.cancel(nonce)
        reject(new RequestRefusedError('CONGESTION', `no answer from ${formatName(destination)} within ${this.#timeoutMs} ms`))
      }, this.#timeoutMs)
      nonce = this.#forwarder.request(destination, request, (pdu) => {
        if (pdu.nack != null) {
          clearTimeout(timer)
          reject(new RequestRefusedError(pb.NackReason[pdu.nack.reason ?? 0] as keyof typeof pb.NackReason, pdu.nack.detail ?? ''))
          return
        }
        responses.push(pdu.response!)
        if (pdu.response?.final === true) { clearTimeout(timer); resolve(responses) }
      })
    })
  }

  #view (metadata: SignedMetadata, name: Uint8Array): CapsuleView {
    let view = this.#views.get(formatName(name))
    if (view === undefined) {
      view = new CapsuleView(metadata)
      if (!equalBytes(view.name, name)) throw new InvalidSignatureError(`the server sent metadata of ${formatName(view.name)} for capsule ${formatName(name)}`)
      this.#views.set(formatName(name), view)
    }
    return view
  }

  /**
   * Asks the server with node name `server` to host a new capsule; with the
   * owner's AdCert for that server, the server advertises it.
   */
  async create (signed: SignedMetadata, server: Uint8Array, adCert?: SignedAdCert): Promise<Uint8Array> {
    const name = verifySignedMetadata(signed)
    const [response] = await this.#call(server, { create: { metadata: signedMetadataToPb(signed), adcert: adCert === undefined ? null : signedAdCertToPb(adCert) } })
    if (!equalBytes(response?.create?.capsule ?? new Uint8Array(0), name)) throw new GdpError(`the server created ${formatName(response?.create?.capsule ?? new Uint8Array(0))}, not ${formatName(name)}`)
    this.#view(signed, name)
    return name
  }

  /** Metadata, head and what a writer needs, all verified. */
  async info (name: Uint8Array): Promise<CapsuleInfo> {
    const [response] = await this.#call(name, { info: {} })
    const info = response?.info
    if (info == null) throw new GdpError('the server answered an info request with something else')
    const metadata = signedMetadataFromPb(info.metadata)
    const view = this.#view(metadata, name)
    const head = info.head == null ? undefined : signedHeartbeatFromPb(info.head)
    if (head !== undefined) verifyHeartbeat(head, name, metadata.metadata)
    const size = head?.heartbeat.size ?? 0
    const frontier = new MerkleFrontier(size, (info.frontier ?? []).map((h, i) => fixedBytes(h, 32, `frontier[${i}]`)))
    if (head !== undefined) {
      if (!equalBytes(frontier.root(), head.heartbeat.root)) throw new InvalidProofError(`the tree edge sent for ${formatName(name)} does not match its heartbeat`)
      if (view.head === undefined) view.addHeartbeat(head)
    }
    const writerState: WriterState = head === undefined
      ? emptyWriterState(name)
      : { size, lastHash: head.heartbeat.lastRecordHash, lastTimestampUs: head.heartbeat.timestampUs, frontier }
    return { metadata, head, size, writerState }
  }

  /** A writer for `name` that signs with `signer`, starting at the capsule's current tip. */
  async writer (name: Uint8Array, signer: Signer): Promise<CapsuleWriter> {
    const info = await this.info(name)
    return new CapsuleWriter(name, info.metadata.metadata, signer, info.writerState)
  }

  /** Appends the next batch of `writer`; resolves with the server's verified acknowledgement. */
  async append (writer: CapsuleWriter, payloads: Uint8Array[], nowUs: number): Promise<AppendAck> {
    const before = writer.state
    const batch = writer.append(payloads, nowUs)
    try {
      const [response] = await this.#call(writer.name, { append: { records: batch.records.map(recordToPb), heartbeat: signedHeartbeatToPb(batch.heartbeat) } })
      const ack = appendAckFromPb(response?.append)
      verifyAppendAck(ack, batch.heartbeat)
      return ack
    } catch (err) {
      writer.reset(before)
      throw err
    }
  }

  /** Reads records; each is checked by its inclusion proof against a writer-signed heartbeat. */
  async read (name: Uint8Array, selector: ReadSelector, metadata?: SignedMetadata): Promise<CapsuleRecord[]> {
    const signed = metadata ?? this.#views.get(formatName(name))?.signedMetadata ?? (await this.info(name)).metadata
    const view = this.#view(signed, name)
    const responses = await this.#call(name, { read: { ...selector, proofs: true } })
    const records = responses.flatMap((r) => this.#verified(view, r.read))
    if ('hash' in selector && (records.length !== 1 || !equalBytes(records[0]!.hash, selector.hash))) throw new InvalidProofError('the server answered a read by hash with another record')
    return records
  }

  #verified (view: CapsuleView, read: pb.IReadResponse | null | undefined): CapsuleRecord[] {
    if (read == null) throw new GdpError('the server answered a read with something else')
    const records = (read.records ?? []).map(recordFromPb)
    if (records.length === 0) return []
    if (read.heartbeat == null) throw new InvalidProofError('records came without a heartbeat to prove them')
    const heartbeat = signedHeartbeatFromPb(read.heartbeat)
    const proofs = (read.proofs ?? []).map(inclusionProofFromPb)
    if (proofs.length !== records.length) throw new InvalidProofError(`${records.length} records came with ${proofs.length} proofs`)
    records.forEach((record, i) => { view.addRecord(record, proofs[i]!, heartbeat) })
    return records
  }

  /**
   * Streams records from `fromSeqno` on, verified, as they are appended;
   * resumable from the next sequence number after a break.
   */
  async * subscribe (name: Uint8Array, fromSeqno: number, signal?: AbortSignal): AsyncGenerator<CapsuleRecord> {
    const info = await this.info(name)
    const view = this.#view(info.metadata, name)
    const queue: Array<CapsuleRecord[] | Error> = []
    let wake: (() => void) | undefined
    const nonce = this.#forwarder.request(name, { subscribe: { fromSeqno, proofs: true } }, (pdu) => {
      try {
        if (pdu.nack != null) queue.push(new RequestRefusedError(pb.NackReason[pdu.nack.reason ?? 0] as keyof typeof pb.NackReason, pdu.nack.detail ?? ''))
        else queue.push(this.#verified(view, pdu.response?.read))
      } catch (err) {
        queue.push(err as Error)
      }
      wake?.()
    })
    const stop = (): void => { wake?.() }
    signal?.addEventListener('abort', stop)
    try {
      let next = fromSeqno
      while (signal?.aborted !== true) {
        const item = queue.shift()
        if (item === undefined) { await new Promise<void>((resolve) => { wake = resolve }); continue }
        if (item instanceof Error) throw item
        for (const record of item) {
          if (record.header.seqno !== next) throw new GdpError(`subscription skipped from record ${next} to ${record.header.seqno}`)
          next++
          yield record
        }
      }
    } finally {
      signal?.removeEventListener('abort', stop)
      // Tell the server, so it stops sending and the routers on the way forget the subscription.
      this.#call(name, { unsubscribe: { nonce } }).catch(() => {}).finally(() => { this.#forwarder.cancel(nonce) })
    }
  }
}

interface QueuedAppend { payloads: Uint8Array[], resolve: (ack: AppendAck) => void, reject: (err: Error) => void }

export interface AppenderInit {
  /** Batches on the way to the server at once. @default 4 */
  maxInFlight?: number
  /** Records per batch, at most. @default 1000 */
  maxRecords?: number
}

/**
 * Coalesces concurrent appends to one capsule: while batches are in flight,
 * new appends wait and then go out together as one batch with one signed
 * heartbeat. Each append resolves with the acknowledgement of the batch
 * that carried it. After a failure the writer's state is unknown: make a new
 * writer (GdpClient.writer) and a new Appender.
 */
export class Appender {
  readonly #client: GdpClient
  readonly #writer: CapsuleWriter
  readonly #maxInFlight: number
  readonly #maxRecords: number
  #queue: QueuedAppend[] = []
  #inFlight = 0
  #failed: Error | undefined

  constructor (client: GdpClient, writer: CapsuleWriter, init: AppenderInit = {}) {
    this.#client = client
    this.#writer = writer
    this.#maxInFlight = init.maxInFlight ?? 4
    this.#maxRecords = init.maxRecords ?? 1000
  }

  async append (payloads: Uint8Array[]): Promise<AppendAck> {
    if (this.#failed !== undefined) throw this.#failed
    const done = new Promise<AppendAck>((resolve, reject) => { this.#queue.push({ payloads, resolve, reject }) })
    this.#pump()
    return await done
  }

  #pump (): void {
    while (this.#inFlight < this.#maxInFlight && this.#queue.length > 0) {
      const group: QueuedAppend[] = []
      let records = 0
      while (this.#queue.length > 0 && (group.length === 0 || records + this.#queue[0]!.payloads.length <= this.#maxRecords)) {
        const next = this.#queue.shift()!
        group.push(next)
        records += next.payloads.length
      }
      this.#inFlight++
      this.#client.append(this.#writer, group.flatMap((g) => g.payloads), Math.floor((performance.timeOrigin + performance.now()) * 1000)).then((ack) => {
        for (const g of group) g.resolve(ack)
      }, (err: Error) => {
        this.#failed = err
        for (const g of [...group, ...this.#queue.splice(0)]) g.reject(err)
      }).finally(() => {
        this.#inFlight--
        this.#pump()
      })
    }
  }
}
