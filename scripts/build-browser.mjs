// Builds the browser client bundle (docs/browser.md): src/browser/index.ts
// and everything it imports, as one minified ES module, with the browser
// crypto backends in place of node:crypto. `npm run build:browser` writes
// dist/browser/gdp-client.js and prints its size, raw and gzipped.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import * as esbuild from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
export const DEFAULT_OUTFILE = join(root, 'dist/browser/gdp-client.js')

/**
 * Each module of src/crypto with a `.browser.ts` sibling is replaced by it:
 * the rest of the code imports one path and runs the same in both places.
 */
const browserCrypto = {
  name: 'gdp-browser-crypto',
  setup (build) {
    build.onResolve({ filter: /^\.\.?\/.*\.js$/ }, (args) => {
      const path = join(args.resolveDir, args.path.replace(/\.js$/, '.browser.ts'))
      const inCrypto = !relative(join(root, 'src/crypto'), path).startsWith('..')
      return inCrypto && existsSync(path) ? { path } : undefined
    })
  }
}

/**
 * Builds the bundle into `outfile`; resolves with its size in bytes, raw and
 * gzipped (level 9), and the source files it holds.
 */
export async function buildBrowserBundle ({ outfile = DEFAULT_OUTFILE } = {}) {
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [join(root, 'src/browser/index.ts')],
    outfile,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    sourcemap: 'linked',
    metafile: true,
    // Node's setImmediate, which the send and receive queues use, from a module of the bundle's own.
    inject: [join(root, 'src/browser/set-immediate.ts')],
    plugins: [browserCrypto],
    logLevel: 'warning'
  })
  const code = readFileSync(outfile)
  return {
    rawBytes: code.length,
    gzipBytes: gzipSync(code, { level: 9 }).length,
    sources: Object.keys(result.metafile.inputs).filter((p) => p.startsWith('src/'))
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outfile = process.argv[2] ?? DEFAULT_OUTFILE
  const { rawBytes, gzipBytes } = await buildBrowserBundle({ outfile })
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`
  console.log(`${relative(process.cwd(), outfile)}: ${rawBytes} bytes (${kib(rawBytes)}), gzipped ${gzipBytes} bytes (${kib(gzipBytes)})`)
}
