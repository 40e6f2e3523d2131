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

  clear (): void { this.#tiles.clear() }
}
