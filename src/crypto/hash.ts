import { hash } from 'node:crypto'

export { equalBytes } from './bytes.js'

export const HASH_LENGTH = 32

/** SHA-256 of one byte string. */
export function sha256 (data: Uint8Array): Uint8Array {
  return hash('sha256', data, 'buffer')
}
