// RFC 6962 conformance: the transparency-dev/merkle vectors, rejected cases included.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { verifyConsistency, verifyInclusion } from '../../src/capsule/merkle.js'

const root = join(import.meta.dirname, '../fixtures/rfc6962')
const b64 = (s: string | null): Uint8Array => Buffer.from(s ?? '', 'base64')

function vectors (kind: 'inclusion' | 'consistency'): Array<{ file: string, v: any }> {
  const out: Array<{ file: string, v: any }> = []
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith('.json')) out.push({ file: path.slice(root.length + 1), v: JSON.parse(readFileSync(path, 'utf8')) })
    }
  }
  walk(join(root, kind))
  return out
}

describe('RFC 6962 inclusion vectors', () => {
  const all = vectors('inclusion')
  it('has both accepted and rejected cases', () => {
    expect(all.filter((x) => x.v.wantErr).length).toBeGreaterThan(20)
    expect(all.filter((x) => !x.v.wantErr).length).toBeGreaterThan(3)
  })
  it.each(all)('$file', ({ v }) => {
    const ok = verifyInclusion(v.leafIdx, v.treeSize, b64(v.leafHash), (v.proof ?? []).map(b64), b64(v.root))
    expect(ok).toBe(!v.wantErr)
  })
})

describe('RFC 6962 consistency vectors', () => {
  const all = vectors('consistency')
  it.each(all)('$file', ({ v }) => {
    const ok = verifyConsistency(v.size1, v.size2, (v.proof ?? []).map(b64), b64(v.root1), b64(v.root2))
    expect(ok).toBe(!v.wantErr)
  })
})
