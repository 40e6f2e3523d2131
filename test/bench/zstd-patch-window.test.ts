// The window the zstd --patch-from baselines of bench:migration ask for: the
// smallest power of two that spans base and modified image, up to zstd's 2^31.
import { describe, expect, it } from 'vitest'
import { patchWindowLog } from '../../bench/migration/baselines.js'

const MiB = 1024 * 1024

describe('zstd --patch-from window', () => {
  it('spans base and modified image, at and past a power of two', () => {
    expect(patchWindowLog(256 * MiB, 64 * MiB)).toBe(29)
    expect(patchWindowLog(384 * MiB, 384 * MiB)).toBe(30)
    expect(patchWindowLog(2 ** 29, 2 ** 29)).toBe(30)
    expect(patchWindowLog(2 ** 29, 2 ** 29 + 1)).toBe(31)
  })

  it('refuses what needs more than zstd\'s largest window, 2^31', () => {
    expect(patchWindowLog(2 ** 30, 2 ** 30)).toBe(31)
    expect(() => patchWindowLog(2 ** 30, 2 ** 30 + 1)).toThrow(/needs a window beyond 2\^31/)
  })
})
