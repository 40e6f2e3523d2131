/**
 * A server's signed receipt for an order it carried out on a capsule: it
 * created the capsule, or carried out its owner's deletion. Create and delete
 * answers carried nothing signed, so a router on the path could answer them
 * itself: the owner was told "deleted" while every record was still served.
 */
import type { Signer } from '../capsule/metadata.js'
import { formatName } from '../capsule/name.js'
import type { SignedMetadata } from '../capsule/types.js'
import { ED25519_PUBLIC_KEY_LENGTH, ED25519_SIGNATURE_LENGTH, verifyEd25519 } from '../crypto/ed25519.js'
import { equalBytes, sha256 } from '../crypto/hash.js'
import { InvalidSignatureError, MalformedMessageError } from '../errors.js'
import { fixedBytes, pb, safeUint } from '../wire/index.js'
import { signedAdCertFromPb, signedAdCertToPb, verifyAdCert, type SignedAdCert } from './certificates.js'
import { nodeName, ROUTING_TAGS, tagged } from './signing.js'

export type ReceiptKind = 'created' | 'deleted'

export interface ServerReceipt {
  server: Uint8Array
  serverKey: Uint8Array
  capsule: Uint8Array
  kind: ReceiptKind
  /** Deleted: SHA-256 of the SignedCapsuleDeletion as encoded; empty for created. */
  orderHash: Uint8Array
  atUs: number
  /** Deleted: the AdCert the server held the capsule by, if it had one. */
  adCert?: SignedAdCert
  signature: Uint8Array
}

const KINDS: Record<ReceiptKind, pb.ReceiptKind> = { created: pb.ReceiptKind.CREATED, deleted: pb.ReceiptKind.DELETED }

function toPb (r: Omit<ServerReceipt, 'signature'>, signature?: Uint8Array): pb.IServerReceipt {
  return {
    server: r.server,
    serverKey: { algorithm: pb.SignatureAlgorithm.ED25519, key: r.serverKey },
    capsule: r.capsule,
    kind: KINDS[r.kind],
    orderHash: r.orderHash,
    atUs: r.atUs,
    adcert: r.adCert === undefined ? null : signedAdCertToPb(r.adCert),
    signature
  }
}

/** The bytes a receipt's signature covers: the tag, then the receipt without its signature. */
export function receiptSigningBytes (r: Omit<ServerReceipt, 'signature'>): Uint8Array {
  return tagged(ROUTING_TAGS.serverReceipt, pb.ServerReceipt.encode(toPb(r)).finish())
}

export function signServerReceipt (r: Omit<ServerReceipt, 'server' | 'serverKey' | 'signature'>, server: Signer): ServerReceipt {
  const receipt = { ...r, server: nodeName(server.publicKey), serverKey: server.publicKey }
  return { ...receipt, signature: server.sign(receiptSigningBytes(receipt)) }
}

export function serverReceiptToPb (r: ServerReceipt): pb.IServerReceipt {
  return toPb(r, r.signature)
}

/**
 * A receipt as received; `order` says what it is for (`creating capsule
 * ...`), for the error when there is none: a router on the way may have
 * answered, or the server runs a version from before receipts and did
 * carry the order out.
 */
export function serverReceiptFromPb (value: pb.IServerReceipt | null | undefined, order: string): ServerReceipt {
  if (value == null) {
    throw new InvalidSignatureError(`the answer to ${order} carries no receipt signed by the server: a router on the way may have answered for it, or the server runs a version from before receipts and did carry it out (clients, and servers moving a capsule, take these answers from upgraded servers only); \`gdp capsule info\` shows whether it did`)
  }
  if (value.serverKey?.algorithm !== pb.SignatureAlgorithm.ED25519) throw new MalformedMessageError('receipt server key is not Ed25519')
  const kind = value.kind === pb.ReceiptKind.CREATED ? 'created' : value.kind === pb.ReceiptKind.DELETED ? 'deleted' : undefined
  if (kind === undefined) throw new MalformedMessageError(`receipt kind ${String(value.kind)} is unknown`)
  return {
    server: fixedBytes(value.server, 32, 'receipt server'),
    serverKey: fixedBytes(value.serverKey.key, ED25519_PUBLIC_KEY_LENGTH, 'receipt server_key'),
    capsule: fixedBytes(value.capsule, 32, 'receipt capsule'),
    kind,
    orderHash: kind === 'deleted' ? fixedBytes(value.orderHash, 32, 'receipt order_hash') : new Uint8Array(0),
    atUs: safeUint(value.atUs, 'receipt at_us'),
    adCert: value.adcert == null ? undefined : signedAdCertFromPb(value.adcert),
    signature: fixedBytes(value.signature, ED25519_SIGNATURE_LENGTH, 'receipt signature')
  }
}

export interface ExpectedReceipt {
  kind: ReceiptKind
  capsule: Uint8Array
  /** Deleted: the order as encoded. */
  order?: Uint8Array
  /** The server the request went to by name; absent for one sent to the capsule (its nearest replica). */
  server?: Uint8Array
  /** Absent `server`: the capsule's metadata, to check the receipt's AdCert against (the owner placed its server there). */
  metadata?: SignedMetadata
}

/**
 * Checks a receipt: the server's signature, what it is a receipt for, and
 * who signed it: the server the request went to by name, or, for a request
 * sent to the capsule, a server the owner (or its placement delegate)
 * placed the capsule on by an AdCert, whenever that AdCert held.
 */
export function verifyServerReceipt (r: ServerReceipt, expected: ExpectedReceipt): void {
  const what = `the receipt for ${expected.kind === 'created' ? 'creating' : 'the deletion of'} capsule ${formatName(expected.capsule)}`
  if (!equalBytes(r.server, nodeName(r.serverKey))) throw new InvalidSignatureError(`${what} names a server that is not its key`)
  if (!verifyEd25519(r.serverKey, receiptSigningBytes(r), r.signature)) throw new InvalidSignatureError(`${what} is not signed by its server`)
  if (r.kind !== expected.kind || !equalBytes(r.capsule, expected.capsule)) throw new InvalidSignatureError(`${what} is a receipt for something else`)
  if (expected.order !== undefined && !equalBytes(r.orderHash, sha256(expected.order))) throw new InvalidSignatureError(`${what} is for another order`)
  if (expected.server !== undefined) {
    if (!equalBytes(r.server, expected.server)) throw new InvalidSignatureError(`${what} is signed by ${formatName(r.server)}, not by the server asked, ${formatName(expected.server)}`)
    return
  }
  if (r.adCert === undefined || expected.metadata === undefined) throw new InvalidSignatureError(`${what} shows no AdCert placing its server ${formatName(r.server)} there: nothing shows it is a server of the capsule`)
  // Whenever it held: a server may hold the capsule past its AdCert, and the owner's placement is what is shown.
  verifyAdCert(r.adCert, expected.capsule, expected.metadata, r.server, r.adCert.cert.notBeforeUs)
}
