import { createHash, hash } from 'node:crypto'

export const HASH_LENGTH = 32

/** SHA-256 of one byte string. */
export function sha256 (data: Uint8Array): Uint8Array {
  return hash('sha256', data, 'buffer')
}

/** SHA-256 of the concatenation of `parts`, without building it. */
export function sha256Concat (...parts: Uint8Array[]): Uint8Array {
  const h = createHash('sha256')
  for (const part of parts) h.update(part)
  return h.digest()
}

export function equalBytes (a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
