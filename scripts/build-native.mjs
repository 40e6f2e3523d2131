// Compiles the native addons into dist/native, part of `npm run build`:
// src/crypto/native/sha256.c (gdp-sha256.node), src/files/native/gear.c
// (gdp-gear.node) and src/store/native/lock.c (gdp-lock.node). Each is
// optional: where there is no C compiler, no Node headers or another system
// than Linux and macOS, this says why and exits 0, and src/crypto/hash.ts
// hashes with libsodium or node:crypto, the chunker runs in JavaScript, and a
// store on a full disk keeps the tables LevelDB no longer lists until LevelDB
// deletes them. CC picks the compiler (default cc).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'

const addons = [
  { source: 'src/crypto/native/sha256.c', out: 'dist/native/gdp-sha256.node', what: 'SHA-256 addon', otherwise: 'libsodium or node:crypto hashes instead', openssl: true },
  { source: 'src/files/native/gear.c', out: 'dist/native/gdp-gear.node', what: 'chunker addon', otherwise: 'the chunker runs in JavaScript', openssl: false },
  { source: 'src/store/native/lock.c', out: 'dist/native/gdp-lock.node', what: 'store lock addon', otherwise: 'a store on a full disk is not opened by deleting the tables LevelDB no longer uses first (free the room its refusal names instead)', openssl: false }
]
// Always made, so that a Docker stage can copy it whether or not it holds the addons.
mkdirSync('dist/native', { recursive: true })

// Node's own headers (node_api.h and its OpenSSL's) sit beside its binary in every official install.
const headers = path.resolve(path.dirname(process.execPath), '..', 'include', 'node')
const compiler = process.env.CC ?? 'cc'
// The OpenSSL symbols are Node's: left undefined here, bound when Node loads the addon.
const linkFlags = process.platform === 'darwin' ? ['-bundle', '-undefined', 'dynamic_lookup'] : ['-shared']

/** Why `addon` cannot be built here, or undefined once it is. */
function build (addon) {
  rmSync(addon.out, { force: true })
  if (process.platform !== 'linux' && process.platform !== 'darwin') return `no build recipe for ${process.platform}`
  if (!existsSync(path.join(headers, 'node_api.h')) || (addon.openssl && !existsSync(path.join(headers, 'openssl', 'sha.h')))) return `no Node headers in ${headers}`
  const result = spawnSync(compiler, ['-O2', '-Wall', '-Wextra', '-fPIC', `-I${headers}`, ...linkFlags, '-o', addon.out, addon.source], { encoding: 'utf8' })
  if (result.error !== undefined) return `${compiler}: ${result.error.message}`
  if (result.status !== 0) return `${compiler} failed: ${(result.stderr ?? '').trim()}`
  return undefined
}

for (const addon of addons) {
  const why = build(addon)
  if (why !== undefined) console.warn(`native ${addon.what} not built (${why}): ${addon.otherwise}`)
}
