// Minimal types for the parts of corestore 7, hyperbee 2 and hyperdrive 13
// that bench/caapi-bench.ts uses (none of them ships type declarations).

declare module 'corestore' {
  import type Hypercore from 'hypercore'

  class Corestore {
    constructor (storage: string)
    /** The named core of this store, created on first use. */
    get (opts: { name: string }): Hypercore
    /** The RocksDB of every core (hypercore-storage); `compact()` compacts all of it. */
    readonly storage: { compact (): Promise<void> }
    ready (): Promise<void>
    close (): Promise<void>
  }

  export default Corestore
}

declare module 'hyperbee' {
  import type Hypercore from 'hypercore'

  interface HyperbeeEntry { seq: number, key: Uint8Array, value: Uint8Array }
  interface HyperbeeRange { gt?: Uint8Array, gte?: Uint8Array, lt?: Uint8Array, lte?: Uint8Array }

  interface HyperbeeBatch {
    put (key: Uint8Array, value: Uint8Array): Promise<void>
    flush (): Promise<void>
  }

  class Hyperbee {
    constructor (core: Hypercore, opts: { keyEncoding: 'binary', valueEncoding: 'binary' })
    /** The length of its core: every put and batch adds blocks to it. */
    readonly version: number
    ready (): Promise<void>
    close (): Promise<void>
    put (key: Uint8Array, value: Uint8Array): Promise<void>
    get (key: Uint8Array): Promise<HyperbeeEntry | null>
    batch (): HyperbeeBatch
    /** A read-only snapshot at an earlier version; close it when done. */
    checkout (version: number): Hyperbee
    createReadStream (range?: HyperbeeRange, opts?: { limit?: number, reverse?: boolean }): AsyncIterable<HyperbeeEntry>
  }

  export default Hyperbee
}

declare module 'hyperdrive' {
  import type Corestore from 'corestore'

  /** A streamx Writable, as far as the bench drives it. */
  interface DriveWriteStream {
    write (data: Uint8Array): boolean
    end (): void
    once (event: 'drain' | 'close', listener: () => void): void
    once (event: 'error', listener: (err: Error) => void): void
  }

  class Hyperdrive {
    /** The drive whose metadata core is the store's core named 'db' (the same drive again when the folder is reopened). */
    constructor (store: Corestore)
    /** The Hyperbee core of file entries. */
    readonly core: { byteLength: number }
    ready (): Promise<void>
    close (): Promise<void>
    /** `dedup`: blocks equal to blocks of the file's previous version are not stored again. */
    createWriteStream (path: string, opts?: { dedup?: boolean }): DriveWriteStream
    createReadStream (path: string): AsyncIterable<Uint8Array>
    /** The Hyperblobs of the drive: its core holds every file's blocks. */
    getBlobs (): Promise<{ core: { byteLength: number } }>
  }

  export default Hyperdrive
}
