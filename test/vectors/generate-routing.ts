/**
 * Routing test vectors for docs/routing.md, generated from fixed keys and
 * times: every signed statement, its encoding, the bytes signed and the
 * signature (Ed25519 is deterministic).
 */
import { EMPTY_SET_DIGEST, encodeAdCert, encodeAdvertisement, encodeDomainMembership, encodeSignedAdvertisement, signAdCert, signAdvertisement, signDomainMembership } from '../../src/routing/certificates.js'
import { encodeRouteAnnouncement, signRouteAnnouncement } from '../../src/routing/announcements.js'
import { appendAckToPb, signAppendAck } from '../../src/routing/append-ack.js'
import { receiptSigningBytes, serverReceiptToPb, signServerReceipt } from '../../src/routing/receipt.js'
import { encodeSignedDeletion, signDeletion } from '../../src/capsule/deletion.js'
import { sha256 } from '../../src/crypto/hash.js'
import { pb } from '../../src/wire/index.js'
import { encodeLookupRecord, lookupKey, signServerLookupRecord } from '../../src/routing/lookup.js'
import { nodeName, ROUTING_TAGS, tagged } from '../../src/routing/signing.js'
import { capsuleName, newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import { encodeSignedMetadata } from '../../src/capsule/codec.js'
import { CapsuleWriter, emptyWriterState } from '../../src/capsule/writer.js'
import { Ed25519Signer } from '../../src/crypto/ed25519.js'
import { signPlacementDelegation } from '../../src/capsule/delegation.js'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { libp2pIdentity } from '../../src/node/libp2p-identity.js'
import { encodeSignedAdCert } from '../../src/routing/certificates.js'
import { generateRoutingAcceptances, generateRoutingRefusals, type RefusalContext } from './generate-routing-refusals.js'

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
const seed = (first: number): Uint8Array => new Uint8Array(32).map((_, i) => first + i)
const seeded = (first: number): Ed25519Signer => new Ed25519Signer(seed(first))
/** The first byte of each key's seed: the seed is that byte and the 31 that follow it. */
const SEEDS = { owner: 0x00, server: 0x40, router: 0x60, parent: 0x70, domain: 0x90, operator: 0xa0 }
const T0 = 1_767_225_600_000_000 // 2026-01-01T00:00:00Z
const DAY = 86_400_000_000

export function generateRoutingVectors (): unknown {
  const owner = seeded(SEEDS.owner)
  const server = seeded(SEEDS.server)
  const router = seeded(SEEDS.router)
  const parent = seeded(SEEDS.parent)
  const domain = seeded(SEEDS.domain)
  const operator = seeded(SEEDS.operator)
  const routerPeerId = peerIdFromPrivateKey(libp2pIdentity(router)).toString()
  const metadata = newMetadata({ owner: owner.publicKey, writer: owner.publicKey, createdAtUs: T0, nonce: new Uint8Array(16).fill(0x42) })
  const name = capsuleName(metadata)
  const adCert = signAdCert({ capsule: name, server: nodeName(server.publicKey), notBeforeUs: T0, notAfterUs: T0 + 30 * DAY }, owner)
  // The owner delegates the capsule's placement to an operator key, which signs an AdCert for another server.
  const delegation = signPlacementDelegation({ capsule: name, delegate: operator.publicKey, notBeforeUs: T0, notAfterUs: T0 + 90 * DAY }, owner)
  const delegatedAdCert = signAdCert({ capsule: name, server: nodeName(parent.publicKey), notBeforeUs: T0 + DAY, notAfterUs: T0 + 31 * DAY }, operator, delegation)
  const membership = signDomainMembership({ router: nodeName(router.publicKey), parent: new Uint8Array(0), notBeforeUs: T0, notAfterUs: T0 + 365 * DAY }, domain)
  const advertisement = signAdvertisement({ serverKey: server.publicKey, router: nodeName(router.publicKey), sequence: T0 + 1, issuedAtUs: T0 + 1, expiresAtUs: T0 + 121_000_000, cost: 0, added: [{ metadata: signMetadata(metadata, owner), adCert }], withdrawn: [], set: { count: 1, digest: name } }, server)
  // The server's next update withdraws that capsule: its set is empty (count 0, left out; digest 32 zero bytes).
  const emptied = signAdvertisement({ serverKey: server.publicKey, router: nodeName(router.publicKey), sequence: T0 + 8, issuedAtUs: T0 + 8, expiresAtUs: T0 + 128_000_000, cost: 0, added: [], withdrawn: [name], set: { count: 0, digest: EMPTY_SET_DIGEST } }, server)
  const announcement = signRouteAnnouncement({ routerKey: router.publicKey, parent: nodeName(parent.publicKey), sequence: T0 + 2, issuedAtUs: T0 + 2, expiresAtUs: T0 + 122_000_000, membership, advertisements: [advertisement], cost: 1 }, router)
  // The same router leaving that parent (a graft): no advertisements, field 9 set.
  const leaving = signRouteAnnouncement({ routerKey: router.publicKey, parent: nodeName(parent.publicKey), sequence: T0 + 5, issuedAtUs: T0 + 5, expiresAtUs: T0 + 125_000_000, membership, advertisements: [], cost: 1, leaving: true }, router)
  // The same router telling that parent it lost its link to the server: field 10, alone.
  const lost = signRouteAnnouncement({ routerKey: router.publicKey, parent: nodeName(parent.publicKey), sequence: T0 + 6, issuedAtUs: T0 + 6, expiresAtUs: T0 + 126_000_000, membership, advertisements: [], cost: 1, lostServers: [nodeName(server.publicKey)] }, router)
  const batch = new CapsuleWriter(name, metadata, owner, emptyWriterState(name)).append([Buffer.from('hello')], T0 + 3)
  const ack = signAppendAck(batch.heartbeat, T0 + 4, server)
  // The server's receipts: the capsule created, then its owner's deletion carried out (with the AdCert it held it by).
  const created = signServerReceipt({ kind: 'created', capsule: name, orderHash: new Uint8Array(0), atUs: T0 + 5 }, server)
  const deletion = signDeletion(name, T0 + 6, owner)
  const deleted = signServerReceipt({ kind: 'deleted', capsule: name, orderHash: sha256(encodeSignedDeletion(deletion)), atUs: T0 + 7, adCert }, server)
  const receipt = (r: typeof created): unknown => {
    const signingBytes = receiptSigningBytes(r)
    return { encoding: hex(signingBytes.subarray(ROUTING_TAGS.serverReceipt.length)), signingBytes: hex(signingBytes), signature: hex(r.signature), signerPublicKey: hex(server.publicKey), signed: hex(pb.ServerReceipt.encode(serverReceiptToPb(r)).finish()) }
  }
  const statement = (tag: Uint8Array, encoding: Uint8Array, signature: Uint8Array, signer: Ed25519Signer): unknown => ({
    encoding: hex(encoding), signingBytes: hex(tagged(tag, encoding)), signature: hex(signature), signerPublicKey: hex(signer.publicKey)
  })
  const edges: RefusalContext = {
    keys: { owner, server, router, parent, domain, operator },
    signedMetadata: signMetadata(metadata, owner),
    name,
    adCert,
    delegation,
    membership,
    advertisement,
    routerPeerId,
    parentPeerId: peerIdFromPrivateKey(libp2pIdentity(parent)).toString(),
    t0: T0,
    day: DAY
  }
  return {
    description: 'gdp routing v1 test vectors; see docs/routing.md. All byte strings are hex; node and domain names are SHA-256 of the public key. ' +
      'Each key is Ed25519 from its 32-byte seed in seeds (owner: the capsule\'s owner and writer; operator: the delegate of its placement). ' +
      'names.parent is the router the announcements are for, and the server of delegatedAdCert; names.routerPeerId is the libp2p peer id of the router key.',
    seeds: Object.fromEntries(Object.entries(SEEDS).map(([k, v]) => [k, hex(seed(v))])),
    tags: Object.fromEntries(Object.entries(ROUTING_TAGS).map(([k, v]) => [k, hex(v)])),
    names: { capsule: hex(name), server: hex(nodeName(server.publicKey)), router: hex(nodeName(router.publicKey)), parent: hex(nodeName(parent.publicKey)), domain: hex(nodeName(domain.publicKey)), routerPeerId },
    adCert: statement(ROUTING_TAGS.adCert, encodeAdCert(adCert.cert), adCert.ownerSignature, owner),
    delegatedAdCert: { ...statement(ROUTING_TAGS.adCert, encodeAdCert(delegatedAdCert.cert), delegatedAdCert.ownerSignature, operator) as object, signedMetadata: hex(encodeSignedMetadata(signMetadata(metadata, owner))), signed: hex(encodeSignedAdCert(delegatedAdCert)) },
    domainMembership: statement(ROUTING_TAGS.domainMembership, encodeDomainMembership(membership.membership), membership.domainSignature, domain),
    advertisement: { ...statement(ROUTING_TAGS.advertisement, encodeAdvertisement(advertisement.advertisement), advertisement.serverSignature, server) as object, signed: hex(encodeSignedAdvertisement(advertisement)) },
    emptySetAdvertisement: { ...statement(ROUTING_TAGS.advertisement, encodeAdvertisement(emptied.advertisement), emptied.serverSignature, server) as object, signed: hex(encodeSignedAdvertisement(emptied)) },
    routeAnnouncement: statement(ROUTING_TAGS.routeAnnouncement, encodeRouteAnnouncement(announcement.announcement), announcement.routerSignature, router),
    leavingRouteAnnouncement: statement(ROUTING_TAGS.routeAnnouncement, encodeRouteAnnouncement(leaving.announcement), leaving.routerSignature, router),
    lostServersRouteAnnouncement: statement(ROUTING_TAGS.routeAnnouncement, encodeRouteAnnouncement(lost.announcement), lost.routerSignature, router),
    createdReceipt: receipt(created),
    deletedReceipt: { ...receipt(deleted) as object, deletion: hex(encodeSignedDeletion(deletion)) },
    // The server's acknowledgement of the owner's first batch: one record, payload 'hello', stamped T0 + 3, stored at T0 + 4.
    appendAck: {
      ...statement(ROUTING_TAGS.appendAck, pb.AppendAck.encode({ ...appendAckToPb(ack), signature: undefined }).finish(), ack.signature, server) as object,
      batch: { capsule: hex(name), seqno: 0, payload: hex(Buffer.from('hello')), timestampUs: T0 + 3, heartbeatTimestampUs: batch.heartbeat.heartbeat.timestampUs, storedAtUs: T0 + 4, heartbeatSignature: hex(batch.heartbeat.signature) },
      signed: hex(pb.AppendAck.encode(appendAckToPb(ack)).finish())
    },
    // Two records: the capsule's (under its name: metadata and AdCert) names the server; the server's (under the
    // server's name: its signed update and its router's addresses) says where it is reached: the address ends in the
    // peer id of the router the update is addressed to, which signs the record (field 4).
    lookup: {
      capsule: { key: Buffer.from(lookupKey(name)).toString(), record: hex(encodeLookupRecord({ capsule: { metadata: signMetadata(metadata, owner), adCert } })) },
      server: { key: Buffer.from(lookupKey(nodeName(server.publicKey))).toString(), record: hex(encodeLookupRecord(signServerLookupRecord(advertisement, [`/ip4/127.0.0.1/tcp/4040/p2p/${routerPeerId}`], router))) }
    },
    mustRefuse: generateRoutingRefusals(edges),
    mustAccept: generateRoutingAcceptances(edges)
  }
}
