/**
 * Loads one of our native addons from dist/native (built by
 * scripts/build-native.mjs) for a module that runs from src/ (the tests),
 * from dist/src/ (tsc's output) or from the bundle in dist/gdp/ (the `gdp`
 * command, scripts/build-cli.mjs): the first of `places` (relative to `base`,
 * the caller's import.meta.url) that exists. Undefined where none was
 * built or it does not load; the caller checks its answers before use.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export function loadAddon<T extends object> (places: string[], base: string): T | undefined {
  for (const place of places) {
    const file = fileURLToPath(new URL(place, base))
    if (!existsSync(file)) continue
    const module = { exports: {} as T }
    try {
      process.dlopen(module, file)
    } catch {
      return undefined
    }
    return module.exports
  }
  return undefined
}
