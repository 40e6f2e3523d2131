/**
 * The Merkle tree on disk, in tiles (as in Certificate Transparency tiles, but
 * 16 wide): tile (L, t) holds the perfect-subtree hashes of tree levels 4L to
 * 4L+3 under its span, 16 + 8 + 4 + 2 slots. A proof at 2^20 reads 5 tiles;
 * an append rewrites only the partial tiles on the right edge.
 */
import type { NodeId } from '../capsule/merkle.js'

export const TILE_HEIGHT = 4
export const TILE_WIDTH = 16
const ROW_OFFSETS = [0, 16, 24, 28] as const
export const TILE_SLOTS = 30
export const TILE_BYTES = TILE_SLOTS * 32

export interface TileAddress {
  level: number
  index: number
  /** Byte offset of the node's hash in the tile. */
  offset: number
}

export function tileAddressOf (node: NodeId): TileAddress {
  const level = Math.floor(node.level / TILE_HEIGHT)
  const row = node.level % TILE_HEIGHT
  const rowWidth = TILE_WIDTH >> row
  const index = Math.floor(node.index / rowWidth)
  return { level, index, offset: (ROW_OFFSETS[row as 0 | 1 | 2 | 3] + node.index % rowWidth) * 32 }
}

/** Bottom-row nodes a tile holds in a tree of `size` leaves. */
export function tileWidthAt (level: number, index: number, size: number): number {
  const nodes = Math.floor(size / TILE_WIDTH ** level) // complete nodes at the tile's bottom level
  return Math.max(0, Math.min(TILE_WIDTH, nodes - index * TILE_WIDTH))
}

/**
 * Whether two versions of tile (level, index) hold the same hashes for every
 * node complete in a tree of `size` leaves; slots of nodes not complete yet
 * are not compared (appends fill them in as the tree grows).
 */
export function sameTileAt (a: Uint8Array, b: Uint8Array, level: number, index: number, size: number): boolean {
  for (let row = 0; row < TILE_HEIGHT; row++) {
    const rowWidth = TILE_WIDTH >> row
    const complete = Math.floor(size / 2 ** (level * TILE_HEIGHT + row)) - index * rowWidth
    const slots = Math.max(0, Math.min(rowWidth, complete))
    const from = ROW_OFFSETS[row as 0 | 1 | 2 | 3] * 32
    for (let i = from; i < from + slots * 32; i++) if (a[i] !== b[i]) return false
  }
  return true
}

export interface BuiltTile {
  level: number
  index: number
  bytes: Uint8Array
}

/**
 * The tiles of a tree built afresh from its records: pass `onNode` to
 * MerkleFrontier.append for each leaf in order. Checking stored tiles
 * against records, and writing them again, both start here.
 */
export class TileBuilder {
  /** The tile being filled, by tile level. */
  readonly #building = new Map<number, BuiltTile>()
  #completed: BuiltTile[] = []

  readonly onNode = (level: number, index: number, hash: Uint8Array): void => {
    const address = tileAddressOf({ level, index })
    let tile = this.#building.get(address.level)
    if (tile === undefined || tile.index !== address.index) {
      tile = { level: address.level, index: address.index, bytes: new Uint8Array(TILE_BYTES) }
      this.#building.set(address.level, tile)
    }
    tile.bytes.set(hash, address.offset)
    // The last node of a tile's top row completes it.
    if (level % TILE_HEIGHT === TILE_HEIGHT - 1 && index % 2 === 1) this.#completed.push(tile)
  }

  /** The tiles completed since the last call. */
  takeCompleted (): BuiltTile[] {
    return this.#completed.splice(0)
  }

  /** The tiles still partial in a tree of `size` leaves: the right edge. */
  partial (size: number): BuiltTile[] {
    return [...this.#building.values()].filter((tile) => tileWidthAt(tile.level, tile.index, size) < TILE_WIDTH)
  }
}

/** The partial tiles on the right edge of a tree of `size`: the ones the next append writes into. */
export function edgeTiles (size: number): Array<{ level: number, index: number }> {
  const out: Array<{ level: number, index: number }> = []
  for (let level = 0; TILE_WIDTH ** level <= size; level++) {
    const nodes = Math.floor(size / TILE_WIDTH ** level)
    if (nodes % TILE_WIDTH !== 0) out.push({ level, index: Math.floor(nodes / TILE_WIDTH) })
  }
  return out
}

/** A small LRU of tile contents. Complete nodes never change, so sharing is safe. */
export class TileCache {
  readonly #tiles = new Map<string, Uint8Array>()
  readonly #limit: number

  constructor (limit: number) { this.#limit = limit }

  get (key: string): Uint8Array | undefined {
    const tile = this.#tiles.get(key)
    if (tile !== undefined) { this.#tiles.delete(key); this.#tiles.set(key, tile) }
    return tile
  }

  set (key: string, tile: Uint8Array): void {
    this.#tiles.delete(key)
    this.#tiles.set(key, tile)
    if (this.#tiles.size > this.#limit) this.#tiles.delete(this.#tiles.keys().next().value!)
  }

  delete (key: string): void { this.#tiles.delete(key) }

  clear (): void { this.#tiles.clear() }
}
