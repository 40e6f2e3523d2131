// Minimal types for the parts of hypercore 11 that bench/capsule-bench.ts uses
// (hypercore ships no type declarations).

declare module 'hypercore' {
  interface HypercoreTreeNode { index: number, size: number, hash: Uint8Array }

  /** What `Hypercore#proof` returns and `wire.data` carries. */
  interface HypercoreProof {
    fork: number
    block: { index: number, value: Uint8Array | null, nodes: HypercoreTreeNode[] } | null
    hash: { index: number, nodes: HypercoreTreeNode[] } | null
    seek: { bytes: number, nodes: HypercoreTreeNode[] } | null
    upgrade: { start: number, length: number, nodes: HypercoreTreeNode[], additionalNodes: HypercoreTreeNode[], signature: Uint8Array | null } | null
    manifest: unknown
  }

  interface HypercoreOptions {
    manifest?: unknown
    keyPair?: { publicKey: Uint8Array, secretKey: Uint8Array }
    writable?: boolean
  }

  class Hypercore {
    constructor (storage: string, key?: Uint8Array | null, opts?: HypercoreOptions)
    constructor (storage: string, opts?: HypercoreOptions)
    readonly key: Uint8Array
    readonly discoveryKey: Uint8Array
    readonly length: number
    readonly manifest: unknown
    /** The session state that MerkleTree functions take. */
    readonly state: unknown
    ready (): Promise<void>
    close (): Promise<void>
    append (block: Uint8Array | Uint8Array[]): Promise<{ length: number, byteLength: number }>
    get (index: number, opts?: { wait?: boolean }): Promise<Uint8Array | null>
    createReadStream (opts?: { start?: number, end?: number }): AsyncIterable<Uint8Array>
    proof (opts: { block?: { index: number, nodes: number } | null, upgrade?: { start: number, length: number } | null }): Promise<HypercoreProof>
    /** Checks the tree nodes and the writer's signature of a proof; throws when invalid. */
    verifyFullyRemote (proof: HypercoreProof): Promise<{ length: number, signature: Uint8Array }>
  }

  export default Hypercore
  export type { HypercoreProof, HypercoreTreeNode }
}

declare module 'hypercore/lib/messages.js' {
  import type { HypercoreProof } from 'hypercore'

  interface EncodingState { start: number, end: number, buffer: Uint8Array | null }
  interface Codec<T> {
    preencode: (state: EncodingState, value: T) => void
    encode: (state: EncodingState, value: T) => void
    decode: (state: EncodingState) => T
  }

  const messages: { wire: { data: Codec<HypercoreProof & { request: number }> } }
  export default messages
}

declare module 'hypercore/lib/merkle-tree.js' {
  import type { HypercoreProof } from 'hypercore'

  export const MerkleTree: {
    /** Rebuilds the signed tree from a proof without storage; checks no signature (Hypercore#verifyFullyRemote adds that). */
    verifyFullyRemote: (session: unknown, proof: HypercoreProof) => { length: number, signature: Uint8Array }
  }
}
