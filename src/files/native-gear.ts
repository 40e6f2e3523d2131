/**
 * The chunker addon (src/files/native/gear.c, built into
 * dist/native/gdp-gear.node by `npm run build`): the gear hash loop of
 * cutPoint in C, about three times as fast as the JavaScript reference.
 *
 * Optional: where it was not built or does not load, the chunker runs in
 * JavaScript (the same cuts). Before it is used its cuts are checked
 * against the reference's on a fixed window of pseudo-random bytes, at
 * lengths on both sides of each limit; an addon that disagrees anywhere is
 * not used, as the cuts decide which chunks a file shares with others.
 */
import { loadAddon } from '../crypto/load-addon.js'
import { GEAR, MASK_BEFORE_NORMAL, MASK_FROM_NORMAL, MIN_CHUNK_LENGTH, NORMAL_CHUNK_LENGTH, cutPoint, type CutPoint } from './chunker.js'
import { MAX_CHUNK_LENGTH } from './format.js'

export interface GearAddon {
  cutPoint: (data: Uint8Array, available: number, gear: Uint32Array, min: number, normal: number, max: number, maskBefore: number, maskFrom: number) => number
}

// This module runs from src/files (the tests) and from dist/src/files (the build).
const PLACES = ['../../dist/native/gdp-gear.node', '../../native/gdp-gear.node', '../native/gdp-gear.node']

/** The addon's cutPoint, with chunker.ts's table and limits. */
export function addonCutPoint (addon: GearAddon): CutPoint {
  return (data, available) => addon.cutPoint(data, available, GEAR, MIN_CHUNK_LENGTH, NORMAL_CHUNK_LENGTH, MAX_CHUNK_LENGTH, MASK_BEFORE_NORMAL, MASK_FROM_NORMAL)
}

/** The addon's cutPoint if it cuts where the reference does, else undefined. */
export function checkedCutPoint (addon: GearAddon): CutPoint | undefined {
  const cut = addonCutPoint(addon)
  // xorshift32: the same bytes every time, no I/O.
  const window = new Uint8Array(MAX_CHUNK_LENGTH)
  let x = 0x9e3779b9
  for (let i = 0; i < window.length; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5
    window[i] = x & 0xff
  }
  const lengths = [0, 1, MIN_CHUNK_LENGTH, MIN_CHUNK_LENGTH + 1, NORMAL_CHUNK_LENGTH - 1, NORMAL_CHUNK_LENGTH, NORMAL_CHUNK_LENGTH + 1, MAX_CHUNK_LENGTH - 1, MAX_CHUNK_LENGTH]
  for (let offset = 0; offset < 8 * 4096; offset += 4096) {
    for (const length of lengths) {
      const available = Math.min(length, window.length - offset)
      if (cut(window.subarray(offset), available) !== cutPoint(window.subarray(offset), available)) return undefined
    }
  }
  return cut
}

let checked: { cut: CutPoint | undefined } | undefined

/**
 * The addon's cutPoint, checked; undefined where there is none. Loaded and
 * checked at the first call, not when the module loads: the check runs the
 * JavaScript chunker over a megabyte, which every gdp command paid for at
 * start-up, file command or not.
 */
export function nativeCutPoint (): CutPoint | undefined {
  if (checked === undefined) {
    const loaded = loadAddon<GearAddon>(PLACES, import.meta.url)
    checked = { cut: loaded === undefined ? undefined : checkedCutPoint(loaded) }
  }
  return checked.cut
}
