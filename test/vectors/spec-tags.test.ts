// docs/spec.md section 3.2 lists every domain-separation tag of version 1:
// another implementation reads them there, so a tag the code has and the
// table lacks (the routing ones were only in routing.md, the key-value and
// file ones only in their own docs) is a byte string it cannot make.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TAGS } from '../../src/capsule/signing.js'
import { ROUTING_TAGS } from '../../src/routing/signing.js'
import { KV_TAGS } from '../../src/kv/tree.js'
import { GEAR_TAG } from '../../src/files/chunker.js'

const ROOT = join(import.meta.dirname, '../..')
const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1')

/** Every tag the code defines, as text with its NUL. */
const codeTags = [...Object.values(TAGS), ...Object.values(ROUTING_TAGS), ...Object.values(KV_TAGS)].map(text).concat(GEAR_TAG)

/** The tags the table of section 3.2 lists, as text with its NUL. */
function specTags (): string[] {
  const spec = readFileSync(join(ROOT, 'docs/spec.md'), 'utf8')
  const section = /^### 3\.2 .*$([\s\S]*?)^##/m.exec(spec)?.[1] ?? ''
  return [...section.matchAll(/^\| `"(gdp\/v1\/[a-z-]+)\\0"` \|/gm)].map((m) => `${m[1]!}\0`)
}

function sourceFiles (folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? sourceFiles(join(folder, e.name)) : e.name.endsWith('.ts') ? [join(folder, e.name)] : [])
}

describe('the tags of docs/spec.md section 3.2', () => {
  it('are exactly the tags the code defines, each once', () => {
    expect(new Set(codeTags).size).toBe(codeTags.length)
    expect(specTags().sort()).toEqual([...codeTags].sort())
  })

  it('leave no tag in src outside the four tables the test reads', () => {
    // A tag written as a literal anywhere else would be a byte string the table above never saw.
    const literals = sourceFiles(join(ROOT, 'src')).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/'(gdp\/v1\/[a-z-]+)\\0'/g)].map((m) => `${m[1]!}\0`))
    expect([...new Set(literals)].sort()).toEqual([...codeTags].sort())
  })

  it('are the only tags the comments of proto/ name', () => {
    // A message's comment says what its signature covers: a tag misspelt there would send a reader to sign other bytes.
    const folder = join(ROOT, 'proto/gdp/v1')
    const named = readdirSync(folder).filter((f) => f.endsWith('.proto')).flatMap((f) => [...readFileSync(join(folder, f), 'utf8').matchAll(/"(gdp\/v1\/[a-z-]+)\\0"/g)].map((m) => `${m[1]!}\0`))
    expect(named.length).toBeGreaterThan(0)
    expect(named.filter((tag) => !codeTags.includes(tag))).toEqual([])
  })

  it('are the bytes the vectors give', () => {
    const vectors = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(ROOT, 'docs/vectors', name), 'utf8')) as Record<string, unknown>
    const hexes = [
      ...Object.values(vectors('capsule-v1.json').tags as Record<string, string>),
      ...Object.values(vectors('routing-v1.json').tags as Record<string, string>),
      ...Object.values(vectors('kv-v1.json').tags as Record<string, string>),
      (vectors('files-v1.json').chunking as { gearTag: string }).gearTag
    ]
    expect(hexes.map((h) => Buffer.from(h, 'hex').toString('latin1')).sort()).toEqual([...codeTags].sort())
  })
})
