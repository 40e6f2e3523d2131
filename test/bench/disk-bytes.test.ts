// The folder size both store benchmarks print for ours and the anchor (bench/disk-bytes.ts).
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { diskBytes } from '../../bench/disk-bytes.js'
import { tempDir } from '../helpers.js'

const dir = tempDir('gdp-bench-disk-bytes-')
afterAll(() => { dir.cleanup() })

describe('diskBytes', () => {
  it('sums the sizes of the files in a folder and in every folder below it; an empty folder is 0', async () => {
    mkdirSync(join(dir.path, 'a', 'b'), { recursive: true })
    mkdirSync(join(dir.path, 'empty'))
    writeFileSync(join(dir.path, 'top'), Buffer.alloc(10))
    writeFileSync(join(dir.path, 'a', 'mid'), Buffer.alloc(200))
    writeFileSync(join(dir.path, 'a', 'b', 'deep'), Buffer.alloc(3000))
    expect(await diskBytes(dir.path)).toBe(3210)
    expect(await diskBytes(join(dir.path, 'empty'))).toBe(0)
  })
})
