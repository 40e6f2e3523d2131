import { Level } from 'level'
import { decodeSignedMetadata, encodeSignedMetadata } from '../capsule/codec.js'
import { verifySignedMetadata } from '../capsule/metadata.js'
import { formatName } from '../capsule/name.js'
import type { SignedMetadata } from '../capsule/types.js'
import { CapsuleNotFoundError, GdpError, StoreClosedError, StoreCorruptionError } from '../errors.js'
import { delegationKey, FORMAT_KEY, metadataKey, metadataRange, nameOfMetadataKey, STORE_FORMAT } from './layout.js'
import { StoredCapsule } from './stored-capsule.js'
import { TileCache } from './tiles.js'
import { WriteQueue, type Db } from './write-queue.js'

export interface CapsuleStoreInit {
  /** Folder of the LevelDB database; created if missing. */
  path: string
  /**
   * fsync every write, so acknowledged appends survive power loss, not only
   * a killed process. Concurrent appends share one fsync (group commit).
   * @default false
   */
  sync?: boolean
  /**
   * Full Merkle tiles kept in memory for proofs (about 1 KiB each).
   * @default 4096
   */
  tileCacheSize?: number
}

/** The LevelDB store of DataCapsules: metadata, records, Merkle tiles and heartbeats. */
export class CapsuleStore {
  readonly path: string
  readonly sync: boolean
  readonly #db: Db
  readonly #writes: WriteQueue
  readonly #tiles: TileCache
  readonly #open = new Map<string, Promise<StoredCapsule>>()
  #closed = false

  private constructor (init: CapsuleStoreInit, db: Db) {
    this.path = init.path
    this.sync = init.sync ?? false
    this.#db = db
    this.#writes = new WriteQueue(db, this.sync)
    this.#tiles = new TileCache(init.tileCacheSize ?? 4096)
  }

  /** See WriteQueue.stats. */
  get writeStats (): { requests: number, batches: number } { return this.#writes.stats }

  static async open (init: CapsuleStoreInit): Promise<CapsuleStore> {
    const db: Db = new Level<Uint8Array, Uint8Array>(init.path, { keyEncoding: 'view', valueEncoding: 'view' })
    try {
      await db.open()
    } catch (err) {
      const cause = (err as { cause?: Error }).cause ?? (err as Error)
      if (/lock/i.test(cause.message)) throw new GdpError(`the store at ${init.path} is in use by another process`, { cause })
      if (/corrupt/i.test(cause.message)) throw new StoreCorruptionError(`the LevelDB database at ${init.path} is corrupt: ${cause.message}`, { cause })
      throw new GdpError(`cannot open the store at ${init.path}: ${cause.message}`, { cause })
    }
    const format = await db.get(FORMAT_KEY)
    if (format === undefined) {
      await db.put(FORMAT_KEY, new Uint8Array(Buffer.from(STORE_FORMAT)), { sync: init.sync ?? false })
    } else if (Buffer.from(format).toString() !== STORE_FORMAT) {
      await db.close()
      throw new StoreCorruptionError(`the database at ${init.path} is not a ${STORE_FORMAT} store (found '${Buffer.from(format).toString()}')`)
    }
    return new CapsuleStore(init, db)
  }

  #check (): void {
    if (this.#closed) throw new StoreClosedError(`the store at ${this.path} is closed`)
  }

  /**
   * Adds a capsule from its owner-signed metadata; returns it. Adding one
   * that already exists returns the stored one.
   */
  async create (signed: SignedMetadata): Promise<StoredCapsule> {
    this.#check()
    const name = verifySignedMetadata(signed)
    if (await this.#db.get(metadataKey(name)) === undefined) {
      await this.#writes.write([{ type: 'put', key: metadataKey(name), value: encodeSignedMetadata(signed) }])
    }
    return await this.capsule(name)
  }

  async has (name: Uint8Array): Promise<boolean> {
    this.#check()
    return await this.#db.get(metadataKey(name)) !== undefined
  }

  /** Opens a capsule, checking its stored state once per store session. */
  async capsule (name: Uint8Array): Promise<StoredCapsule> {
    this.#check()
    const id = formatName(name)
    let opening = this.#open.get(id)
    if (opening === undefined) {
      opening = this.#openCapsule(name)
      this.#open.set(id, opening)
      opening.catch(() => this.#open.delete(id))
    }
    return await opening
  }

  async #openCapsule (name: Uint8Array): Promise<StoredCapsule> {
    const value = await this.#db.get(metadataKey(name))
    if (value === undefined) throw new CapsuleNotFoundError(`no capsule ${formatName(name)} in the store at ${this.path}`)
    let signed: SignedMetadata
    try {
      signed = decodeSignedMetadata(value)
      const stored = verifySignedMetadata(signed)
      if (formatName(stored) !== formatName(name)) throw new Error('it belongs to another capsule')
    } catch (err) {
      throw new StoreCorruptionError(`capsule ${formatName(name)}: stored metadata is invalid: ${(err as Error).message}`)
    }
    return await StoredCapsule.open(name, signed, { db: this.#db, writes: this.#writes, tiles: this.#tiles })
  }

  /**
   * Keeps the owner's delegation of a capsule to this server (the bytes of a
   * routing SignedAdCert; the store does not interpret them).
   */
  async putDelegation (name: Uint8Array, encoded: Uint8Array): Promise<void> {
    this.#check()
    await this.#writes.write([{ type: 'put', key: delegationKey(name), value: encoded }])
  }

  async delegation (name: Uint8Array): Promise<Uint8Array | undefined> {
    this.#check()
    return await this.#db.get(delegationKey(name))
  }

  /** Names of all stored capsules, in name order. */
  async * names (): AsyncGenerator<Uint8Array> {
    this.#check()
    for await (const key of this.#db.keys(metadataRange())) yield nameOfMetadataKey(key)
  }

  async close (): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await Promise.allSettled(this.#open.values())
    await this.#db.close()
  }
}
