// replaceFile, the one way a key file, a store's evidence, a migration's
// state and the status file are replaced: whole or not at all, with no
// temporary file left by a write that fails.
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { replaceFile } from '../../src/store/replace-file.js'
import { tempDir } from '../helpers.js'

const dir = tempDir()
afterAll(() => { dir.cleanup() })

describe('replaceFile', () => {
  it('replaces a file whole, under the temporary name given, and leaves only the file', () => {
    const folder = join(dir.path, 'whole')
    mkdirSync(folder)
    const path = join(folder, 'state')
    writeFileSync(path, 'old state, longer than the new one')
    replaceFile(path, Buffer.from('new'), { temporary: `${path}.new` })
    expect(readFileSync(path, 'utf8')).toBe('new')
    replaceFile(path, Buffer.from('newer'), { sync: false })
    expect(readFileSync(path, 'utf8')).toBe('newer')
    expect(readdirSync(folder)).toEqual(['state'])
  })

  it('writes a new temporary file, with the mode asked for, in place of one a crash left (of another mode, or a link elsewhere)', () => {
    const folder = join(dir.path, 'stale')
    mkdirSync(folder)
    const path = join(folder, 'secret')
    writeFileSync(`${path}.new`, 'half a secret')
    chmodSync(`${path}.new`, 0o644)
    replaceFile(path, Buffer.from('secret'), { temporary: `${path}.new`, mode: 0o600 })
    expect(statSync(path).mode & 0o777).toBe(0o600)
    const elsewhere = join(dir.path, 'elsewhere')
    writeFileSync(elsewhere, 'not to be written')
    symlinkSync(elsewhere, `${path}.new`)
    replaceFile(path, Buffer.from('another secret'), { temporary: `${path}.new`, mode: 0o600 })
    expect(readFileSync(path, 'utf8')).toBe('another secret')
    expect(readFileSync(elsewhere, 'utf8')).toBe('not to be written')
    expect(readdirSync(folder)).toEqual(['secret'])
  })

  it('a write that cannot replace the file (a folder in its place) throws and leaves no temporary file', () => {
    const folder = join(dir.path, 'refused')
    mkdirSync(join(folder, 'state', 'x'), { recursive: true })
    expect(() => { replaceFile(join(folder, 'state'), Buffer.from('new')) }).toThrow(/EISDIR|ENOTEMPTY|EEXIST/)
    expect(readdirSync(folder)).toEqual(['state'])
  })
})
