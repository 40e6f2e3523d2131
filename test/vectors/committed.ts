// The vectors of docs/vectors/, held to what the code produces.
import { readFileSync, writeFileSync } from 'node:fs'
import { expect, it } from 'vitest'

/**
 * The vectors as committed in `file`, for the describe block that calls
 * this, with a test that they are `vectors` (what the code produces now):
 * UPDATE_VECTORS=1 first rewrites the file from them.
 */
export function committedVectors (file: string, vectors: unknown): ReturnType<typeof JSON.parse> {
  const generated = JSON.stringify(vectors, null, 2) + '\n'
  if (process.env.UPDATE_VECTORS === '1') writeFileSync(file, generated)
  it('the committed vectors are what the code produces', () => {
    expect(generated).toBe(readFileSync(file, 'utf8'))
  })
  return JSON.parse(readFileSync(file, 'utf8'))
}
