// Byte strings are equal in tests when their bytes are: protobufjs decodes
// bytes fields as Buffers in Node, while hashes (libsodium's) and most of
// our own code make plain Uint8Arrays, and both are the same Uint8Array to
// the code under test.
import { expect } from 'vitest'

expect.addEqualityTesters([
  function sameBytes (a: unknown, b: unknown): boolean | undefined {
    if (!(a instanceof Uint8Array) || !(b instanceof Uint8Array) || a.constructor === b.constructor) return undefined
    return Buffer.compare(a, b) === 0
  }
])
