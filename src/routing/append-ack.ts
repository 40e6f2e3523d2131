/**
 * The server's signed acknowledgement of an append: "I stored this capsule
 * up to this heartbeat". A client keeps it as evidence of what the server
 * promised to hold.
 */
import { encodeHeartbeat, signedHeartbeatFromPb, signedHeartbeatToPb } from '../capsule/codec.js'
import type { Signer } from '../capsule/metadata.js'
import type { SignedHeartbeat } from '../capsule/types.js'
import { ED25519_PUBLIC_KEY_LENGTH, ED25519_SIGNATURE_LENGTH, verifyEd25519 } from '../crypto/ed25519.js'
import { equalBytes } from '../crypto/hash.js'
import { InvalidSignatureError, MalformedMessageError } from '../errors.js'
import { fixedBytes, pb, safeUint } from '../wire/index.js'
import { nodeName, ROUTING_TAGS, tagged } from './signing.js'

export interface AppendAck {
  server: Uint8Array
  serverKey: Uint8Array
  heartbeat: SignedHeartbeat
  storedAtUs: number
  signature: Uint8Array
}

function unsigned (a: Omit<AppendAck, 'signature'>): Uint8Array {
  return pb.AppendAck.encode({ server: a.server, serverKey: { algorithm: pb.SignatureAlgorithm.ED25519, key: a.serverKey }, heartbeat: signedHeartbeatToPb(a.heartbeat), storedAtUs: a.storedAtUs }).finish()
}

export function signAppendAck (heartbeat: SignedHeartbeat, storedAtUs: number, server: Signer): AppendAck {
  const ack = { server: nodeName(server.publicKey), serverKey: server.publicKey, heartbeat, storedAtUs }
  return { ...ack, signature: server.sign(tagged(ROUTING_TAGS.appendAck, unsigned(ack))) }
}

export function appendAckToPb (a: AppendAck): pb.IAppendAck {
  return { server: a.server, serverKey: { algorithm: pb.SignatureAlgorithm.ED25519, key: a.serverKey }, heartbeat: signedHeartbeatToPb(a.heartbeat), storedAtUs: a.storedAtUs, signature: a.signature }
}

export function appendAckFromPb (value: pb.IAppendAck | null | undefined): AppendAck {
  if (value == null) throw new MalformedMessageError('append acknowledgement is missing')
  if (value.serverKey?.algorithm !== pb.SignatureAlgorithm.ED25519) throw new MalformedMessageError('append acknowledgement server key is not Ed25519')
  return {
    server: fixedBytes(value.server, 32, 'ack server'),
    serverKey: fixedBytes(value.serverKey.key, ED25519_PUBLIC_KEY_LENGTH, 'ack server_key'),
    heartbeat: signedHeartbeatFromPb(value.heartbeat),
    storedAtUs: safeUint(value.storedAtUs, 'ack stored_at_us'),
    signature: fixedBytes(value.signature, ED25519_SIGNATURE_LENGTH, 'ack signature')
  }
}

/**
 * Checks the server's signature and that the ack is for `heartbeat`: the
 * heartbeat it signs is that one whole, not only the writer's signature (a
 * server could sign that signature under a size of its own making).
 */
export function verifyAppendAck (ack: AppendAck, heartbeat: SignedHeartbeat): void {
  if (!equalBytes(ack.server, nodeName(ack.serverKey))) throw new InvalidSignatureError('append acknowledgement names a server that is not its key')
  if (!equalBytes(ack.heartbeat.signature, heartbeat.signature)) throw new InvalidSignatureError('append acknowledgement is for another heartbeat')
  if (!equalBytes(encodeHeartbeat(ack.heartbeat.heartbeat), encodeHeartbeat(heartbeat.heartbeat))) throw new InvalidSignatureError(`append acknowledgement carries the heartbeat's signature over another heartbeat (size ${ack.heartbeat.heartbeat.size}, not ${heartbeat.heartbeat.size})`)
  if (!verifyEd25519(ack.serverKey, tagged(ROUTING_TAGS.appendAck, unsigned(ack)), ack.signature)) throw new InvalidSignatureError('append acknowledgement is not signed by its server')
}
