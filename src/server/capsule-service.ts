/**
 * The capsule service of a storage server: answers create, append, read,
 * subscribe and info requests for the capsules in its store. It verifies
 * everything a writer sends (signatures, chain, tree) and never holds a
 * writer's key; it signs an acknowledgement of each append with its own key.
 */
import { inclusionProofToPb, recordFromPb, recordToPb, signedHeartbeatFromPb, signedHeartbeatToPb, signedMetadataFromPb, signedMetadataToPb } from '../capsule/codec.js'
import type { Signer } from '../capsule/metadata.js'
import { formatName } from '../capsule/name.js'
import type { CapsuleRecord, SignedHeartbeat } from '../capsule/types.js'
import { verifyAppendBatch } from '../capsule/writer.js'
import { CertificateError, ChainMismatchError, GdpError, InvalidArgumentError, InvalidSignatureError, MalformedMessageError, CapsuleNotFoundError } from '../errors.js'
import { appendAckToPb, signAppendAck } from '../routing/append-ack.js'
import { CLOCK_SKEW_US, decodeSignedAdCert, encodeSignedAdCert, signedAdCertFromPb, verifyAdCert, type AdvertisedCapsule } from '../routing/certificates.js'
import { verifySignedMetadata } from '../capsule/metadata.js'
import type { LocalService } from '../routing/forwarder.js'
import type { CapsuleStore } from '../store/capsule-store.js'
import type { StoredCapsule } from '../store/stored-capsule.js'
import { pb } from '../wire/index.js'
import { equalBytes } from '../crypto/hash.js'
import { nodeName } from '../routing/signing.js'

export interface CapsuleServiceInit {
  /** Records per read response; longer reads arrive in several responses. @default 256 */
  maxRecordsPerResponse?: number
  /** Payload bytes per read response (a single larger record still goes alone). @default 4 MiB */
  maxBytesPerResponse?: number
  /** Live subscriptions, at most. @default 10000 */
  maxSubscriptions?: number
}

export interface CapsuleServiceComponents {
  store: CapsuleStore
  /** The server's node key: signs append acknowledgements. */
  signer: Signer
  clock: () => number
}

type Reply = Parameters<LocalService['handle']>[1]

/** `sending` orders what goes out: the backlog first, then each append. */
interface Subscription { next: number, proofs: boolean, reply: Reply, sending: Promise<void>, capsule: string }

const key = (name: Uint8Array): string => formatName(name)

export class CapsuleService implements LocalService {
  readonly #init: Required<CapsuleServiceInit>
  readonly #c: CapsuleServiceComponents
  readonly #self: Uint8Array
  readonly #hosted = new Set<string>()
  readonly #subscriptions = new Map<string, Map<string, Subscription>>()
  #subscriptionCount = 0

  constructor (init: CapsuleServiceInit, components: CapsuleServiceComponents) {
    this.#init = { maxRecordsPerResponse: 256, maxBytesPerResponse: 4 * 1024 * 1024, maxSubscriptions: 10_000, ...init }
    this.#c = components
    this.#self = nodeName(components.signer.publicKey)
  }

  /** Learns the capsules already in the store. */
  async start (): Promise<void> {
    for await (const name of this.#c.store.names()) this.#hosted.add(key(name))
  }

  /** Live subscriptions. */
  get subscriptions (): number { return this.#subscriptionCount }

  /** Names served here. */
  hosted (): Uint8Array[] {
    return [...this.#hosted].map((k) => new Uint8Array(Buffer.from(k, 'base64url')))
  }

  /** Its capsules, and its own node name (where create requests go). */
  serves (name: Uint8Array): boolean {
    return this.#hosted.has(key(name)) || equalBytes(name, this.#self)
  }

  /**
   * The hosted capsules this server may advertise: those with an owner's
   * delegation to it that is valid now (at most `limit`).
   */
  async advertisable (nowUs: number, limit: number): Promise<AdvertisedCapsule[]> {
    const out: AdvertisedCapsule[] = []
    for (const k of this.#hosted) {
      if (out.length >= limit) break
      const name = new Uint8Array(Buffer.from(k, 'base64url'))
      const encoded = await this.#c.store.delegation(name)
      if (encoded === undefined) continue
      const adCert = decodeSignedAdCert(encoded)
      if (adCert.cert.notAfterUs < nowUs || adCert.cert.notBeforeUs > nowUs + CLOCK_SKEW_US) continue
      out.push({ metadata: (await this.#c.store.capsule(name)).signedMetadata, adCert })
    }
    return out
  }

  /** Called with the names this service starts to host, so the node can advertise them. */
  onHosted: (name: Uint8Array) => void = () => {}

  handle (pdu: pb.IPdu, reply: Reply): void {
    this.#dispatch(pdu, reply).catch((err: Error) => { reply({ nack: nackFor(err) }) })
  }

  async #create (request: pb.ICreateRequest): Promise<pb.IResponse> {
    const signed = signedMetadataFromPb(request.metadata)
    const name = verifySignedMetadata(signed)
    // Check the delegation before storing anything: a bad one refuses the whole create.
    const adCert = request.adcert == null ? undefined : signedAdCertFromPb(request.adcert)
    if (adCert !== undefined) verifyAdCert(adCert, name, signed, this.#self, this.#c.clock())
    const capsule = await this.#c.store.create(signed)
    if (adCert !== undefined) await this.#c.store.putDelegation(name, encodeSignedAdCert(adCert))
    if (!this.#hosted.has(key(capsule.name))) {
      this.#hosted.add(key(capsule.name))
      this.onHosted(capsule.name)
    }
    return { final: true, create: { capsule: capsule.name } }
  }

  async #dispatch (pdu: pb.IPdu, reply: Reply): Promise<void> {
    const request = pdu.request!
    const name = pdu.destination!
    if (equalBytes(name, this.#self)) {
      if (request.create == null) throw new InvalidArgumentError('a server\'s node name takes create requests only')
      reply({ response: await this.#create(request.create) })
      return
    }
    if (request.create != null) throw new InvalidArgumentError('send create requests to a server\'s node name, not to a capsule name')
    const capsule = await this.#c.store.capsule(name)
    if (request.append != null) reply({ response: await this.#append(capsule, request.append) })
    else if (request.read != null) await this.#read(capsule, request.read, reply)
    else if (request.info != null) {
      const head = capsule.head
      reply({ response: { final: true, info: { metadata: signedMetadataToPb(capsule.signedMetadata), head: head === undefined ? null : signedHeartbeatToPb(head), size: capsule.size, frontier: await capsule.frontierAt(head?.heartbeat.size ?? 0) } } })
    }
    else if (request.subscribe != null) await this.#subscribe(capsule, request.subscribe, pdu.nonce!, reply)
    else if (request.unsubscribe != null) reply({ response: { final: true, unsubscribe: { found: this.#unsubscribe(capsule, request.unsubscribe.nonce ?? new Uint8Array(0)) } } })
    else throw new MalformedMessageError('unknown request')
  }

  async #append (capsule: StoredCapsule, request: pb.IAppendRequest): Promise<pb.IResponse> {
    const records = (request.records ?? []).map(recordFromPb)
    const heartbeat = signedHeartbeatFromPb(request.heartbeat)
    // Verified against the tip, which already includes appends still being written, and handed
    // to the store at once: pipelined appends verify in arrival order and share LevelDB writes.
    const batch = verifyAppendBatch(capsule.name, capsule.metadata, capsule.writerState, records, heartbeat)
    const stored = await capsule.append(batch)
    this.#notify(capsule, stored)
    return { final: true, append: appendAckToPb(signAppendAck(stored, this.#c.clock(), this.#c.signer)) }
  }

  async #read (capsule: StoredCapsule, request: pb.IReadRequest, reply: Reply): Promise<void> {
    const size = capsule.size
    let from: number
    let to: number
    switch (request.selector) {
      case 'seqno': from = request.seqno!; to = from + 1; break
      case 'range': from = request.range!.from ?? 0; to = Math.min(request.range!.to ?? size, size); break
      case 'last': from = Math.max(0, size - request.last!); to = size; break
      case 'atUs': {
        const found = capsule.findByTimestamp(request.atUs!)
        if (found === undefined) throw new CapsuleNotFoundError(`capsule ${formatName(capsule.name)} has no record at or after that time`)
        from = found; to = found + 1
        break
      }
      case 'hash': {
        const record = await capsule.findByHash(request.hash!)
        if (record === undefined) throw new CapsuleNotFoundError(`capsule ${formatName(capsule.name)} has no record with that hash`)
        from = record.header.seqno; to = from + 1
        break
      }
      default: throw new MalformedMessageError('a read request needs a selector')
    }
    if (from >= size && request.selector === 'seqno') throw new CapsuleNotFoundError(`capsule ${formatName(capsule.name)} has ${size} records; there is no record ${from}`)
    await this.#sendRecords(capsule, from, to, request.proofs === true, reply, true)
  }

  /** Sends records [from, to) in responses of bounded size; the last one is final when `final`. */
  async #sendRecords (capsule: StoredCapsule, from: number, to: number, proofs: boolean, reply: Reply, final: boolean): Promise<void> {
    const head = capsule.head
    let records: CapsuleRecord[] = []
    let bytes = 0
    const flush = async (last: boolean): Promise<void> => {
      const read: pb.IReadResponse = { records: records.map(recordToPb), heartbeat: head === undefined ? null : signedHeartbeatToPb(head) }
      if (proofs && head !== undefined) read.proofs = await Promise.all(records.map(async (r) => inclusionProofToPb(await capsule.inclusionProof(r.header.seqno, head.heartbeat.size))))
      reply({ response: { final: last && final, read } })
      records = []
      bytes = 0
    }
    if (from >= to) { await flush(true); return }
    for await (const record of capsule.readRange(from, to)) {
      if (records.length > 0 && (records.length >= this.#init.maxRecordsPerResponse || bytes + record.payload.length > this.#init.maxBytesPerResponse)) await flush(false)
      records.push(record)
      bytes += record.payload.length
    }
    await flush(true)
  }

  async #subscribe (capsule: StoredCapsule, request: pb.ISubscribeRequest, nonce: Uint8Array, reply: Reply): Promise<void> {
    if (this.#subscriptionCount >= this.#init.maxSubscriptions) throw new GdpError('too many subscriptions on this server')
    const from = request.fromSeqno ?? 0
    const subscription: Subscription = { next: Math.max(from, capsule.size), proofs: request.proofs === true, reply, sending: Promise.resolve(), capsule: key(capsule.name) }
    const subs = this.#subscriptions.get(key(capsule.name)) ?? new Map()
    subs.set(Buffer.from(nonce).toString('hex'), subscription)
    this.#subscriptions.set(key(capsule.name), subs)
    this.#subscriptionCount++
    // What exists already, then live records as they are appended.
    if (from < capsule.size) this.#queue(subscription, capsule, from, subscription.next)
  }

  /** Ends a subscription (its requester went away). */
  cancel (nonce: Uint8Array): void {
    const id = Buffer.from(nonce).toString('hex')
    for (const subs of this.#subscriptions.values()) if (subs.delete(id)) this.#subscriptionCount--
  }

  /** Ends a subscription on its requester's word: a final, empty response releases the routers' state. */
  #unsubscribe (capsule: StoredCapsule, nonce: Uint8Array): boolean {
    const id = Buffer.from(nonce).toString('hex')
    const subs = this.#subscriptions.get(key(capsule.name))
    const s = subs?.get(id)
    if (s === undefined) return false
    subs!.delete(id)
    this.#subscriptionCount--
    s.sending = s.sending.then(() => { s.reply({ response: { final: true, read: { records: [] } } }) })
    return true
  }

  #notify (capsule: StoredCapsule, heartbeat: SignedHeartbeat): void {
    const subs = this.#subscriptions.get(key(capsule.name))
    if (subs === undefined) return
    for (const s of subs.values()) {
      const from = s.next
      s.next = heartbeat.heartbeat.size
      if (from < s.next) this.#queue(s, capsule, from, s.next)
    }
  }

  #queue (s: Subscription, capsule: StoredCapsule, from: number, to: number): void {
    s.sending = s.sending.then(async () => { await this.#sendRecords(capsule, from, to, s.proofs, s.reply, false) }).catch((err: Error) => {
      s.reply({ nack: nackFor(err) })
    })
  }
}

/** The NACK that tells a requester what was wrong. */
export function nackFor (err: Error): pb.INack {
  const reason = err instanceof InvalidSignatureError || err instanceof CertificateError
    ? pb.NackReason.UNAUTHORIZED
    : err instanceof ChainMismatchError
      ? pb.NackReason.CONFLICT
      : err instanceof CapsuleNotFoundError
        ? pb.NackReason.NOT_FOUND
        : err instanceof MalformedMessageError || err instanceof InvalidArgumentError
          ? pb.NackReason.MALFORMED
          : pb.NackReason.SERVER_ERROR
  return { reason, detail: err instanceof GdpError ? err.message : `server error: ${err.message}` }
}
