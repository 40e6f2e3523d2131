/** This package's version, for `gdp --version` and a node's status. */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** From the package.json above this module (src in the sources, dist/src when built, dist/gdp bundled); null without one. */
export const packageVersion: string | null = ((): string | null => {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json')
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? null
  }
  return null
})()
