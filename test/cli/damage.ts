// Damage done to a store on disk, as a crash or a bad disk would leave it.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'

/** n lines of text to append with --lines, numbered from `from`. */
export const lines = (n: number, from = 0): string => Array.from({ length: n }, (_, i) => `line ${from + i}`).join('\n') + '\n'

/** The store's newest file with this extension (.log, .ldb). */
export const newest = (store: string, ext: string): string => join(store, readdirSync(store).filter((f) => f.endsWith(ext)).sort().at(-1)!)

/**
 * Makes the store at `store` lose the last 10 of the 1010 records of capsule
 * `name` it acknowledged: a byte flipped in the tail of its log drops the
 * last batch, which the store's evidence file remembers, so the store
 * refuses the capsule with StoreRegressionError.
 */
export function regressCapsule (gdp: (args: string[], input?: string) => { code: number }, name: string, store: string): void {
  expect(gdp(['append', name, '--lines'], lines(1000)).code).toBe(0)
  expect(gdp(['append', name, '--lines'], lines(10, 1000)).code).toBe(0)
  const log = newest(store, '.log')
  const bytes = readFileSync(log)
  bytes[bytes.length - 100]! ^= 0xff
  writeFileSync(log, bytes)
}
