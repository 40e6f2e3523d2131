// Compiles src/crypto/native/sha256.c into dist/native/gdp-sha256.node, part
// of `npm run build`. The addon is optional: where there is no C compiler, no
// Node headers or another system than Linux and macOS, this says why and
// exits 0, and src/crypto/hash.ts hashes with libsodium or node:crypto.
// CC picks the compiler (default cc).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'

const source = 'src/crypto/native/sha256.c'
const out = 'dist/native/gdp-sha256.node'
// Always made, so that a Docker stage can copy it whether or not it holds the addon.
mkdirSync(path.dirname(out), { recursive: true })
rmSync(out, { force: true })

const skip = (why) => {
  console.warn(`native SHA-256 addon not built (${why}): libsodium or node:crypto hashes instead`)
  process.exit(0)
}

if (process.platform !== 'linux' && process.platform !== 'darwin') skip(`no build recipe for ${process.platform}`)
// Node's own headers (node_api.h and its OpenSSL's) sit beside its binary in every official install.
const headers = path.resolve(path.dirname(process.execPath), '..', 'include', 'node')
if (!existsSync(path.join(headers, 'node_api.h')) || !existsSync(path.join(headers, 'openssl', 'sha.h'))) skip(`no Node headers in ${headers}`)
const compiler = process.env.CC ?? 'cc'
// The OpenSSL symbols are Node's: left undefined here, bound when Node loads the addon.
const linkFlags = process.platform === 'darwin' ? ['-bundle', '-undefined', 'dynamic_lookup'] : ['-shared']
const result = spawnSync(compiler, ['-O2', '-Wall', '-Wextra', '-fPIC', `-I${headers}`, ...linkFlags, '-o', out, source], { encoding: 'utf8' })
if (result.error !== undefined) skip(`${compiler}: ${result.error.message}`)
if (result.status !== 0) skip(`${compiler} failed: ${(result.stderr ?? '').trim()}`)
