// router.yaml, the settings a router brought when it moved (src/node/standby.ts writeBroughtSettings), is replaced
// whole or not at all: a kill part way through its write is played here through node:fs, half the bytes written.
import * as fs from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { BROUGHT_SETTINGS_FILE, DEFAULT_CONFIG } from '../../src/node/config.js'
import { loadConfig } from '../../src/node/config-file.js'
import { writeBroughtSettings } from '../../src/node/standby.js'
import { tempDir } from '../helpers.js'

/** While set, the next write writes the first half of its bytes and throws: a process killed part way. */
const killed = vi.hoisted(() => ({ midWrite: false }))
vi.mock('node:fs', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:fs')>()
  const halfThenDie = (): Error => { killed.midWrite = false; return new Error('killed part way through the write') }
  return {
    ...original,
    writeFileSync: (path: fs.PathOrFileDescriptor, data: string | NodeJS.ArrayBufferView, options?: fs.WriteFileOptions) => {
      if (!killed.midWrite) { original.writeFileSync(path, data, options); return }
      const bytes = Buffer.from(typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength))
      original.writeFileSync(path, bytes.subarray(0, bytes.length >> 1))
      throw halfThenDie()
    },
    writeSync: (fd: number, buffer: Uint8Array, offset?: number, ...rest: unknown[]) => {
      if (!killed.midWrite) return (original.writeSync as (...a: unknown[]) => number)(fd, buffer, offset, ...rest)
      original.writeSync(fd, buffer, offset ?? 0, (buffer.length - (offset ?? 0)) >> 1)
      throw halfThenDie()
    }
  }
})

const cleanups: Array<() => void> = []
afterEach(() => { for (const c of cleanups.splice(0)) c(); killed.midWrite = false })

describe('the settings a moved router brought (router.yaml)', () => {
  it('are written whole or not at all: a kill part way through leaves the file before whole, loading as it did', () => {
    const dir = tempDir()
    cleanups.push(dir.cleanup)
    const name = new Uint8Array(32).fill(7)
    const first = { role: 'router' as const, advertiseIntervalMs: 1234, trustedDomains: [Buffer.alloc(32, 3).toString('base64url')] }
    writeBroughtSettings(dir.path, name, first)
    const file = join(dir.path, BROUGHT_SETTINGS_FILE)
    const before = fs.readFileSync(file, 'utf8')
    expect(loadConfig(file, {}, {})).toMatchObject(first)
    killed.midWrite = true
    expect(() => { writeBroughtSettings(dir.path, name, { ...first, advertiseIntervalMs: 5678 }) }).toThrow('killed part way')
    expect(fs.readFileSync(file, 'utf8')).toBe(before)
    expect(loadConfig(file, {}, {})).toMatchObject(first)
    expect(DEFAULT_CONFIG.advertiseIntervalMs).not.toBe(1234)
  })
})
