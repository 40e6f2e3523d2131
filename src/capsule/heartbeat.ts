import { equalBytes } from '../crypto/hash.js'
import { verifyEd25519 } from '../crypto/ed25519.js'
import { InvalidSignatureError } from '../errors.js'
import { encodeHeartbeat } from './codec.js'
import type { Signer } from './metadata.js'
import { formatName } from './name.js'
import { heartbeatSigningBytes } from './signing.js'
import type { CapsuleMetadata, Heartbeat, SignedHeartbeat } from './types.js'

export function signHeartbeat (heartbeat: Heartbeat, writer: Signer): SignedHeartbeat {
  return { heartbeat, signature: writer.sign(heartbeatSigningBytes(encodeHeartbeat(heartbeat))) }
}

/** Throws InvalidSignatureError unless `signed` is a heartbeat of capsule `name` signed by its writer. */
export function verifyHeartbeat (signed: SignedHeartbeat, name: Uint8Array, metadata: CapsuleMetadata): void {
  const hb = signed.heartbeat
  if (!equalBytes(hb.capsule, name)) throw new InvalidSignatureError(`heartbeat is for capsule ${formatName(hb.capsule)}, not ${formatName(name)}`)
  if (!verifyEd25519(metadata.writer.key, heartbeatSigningBytes(encodeHeartbeat(hb)), signed.signature)) {
    throw new InvalidSignatureError(`heartbeat at size ${hb.size} of capsule ${formatName(name)} is not signed by the writer key`)
  }
}
