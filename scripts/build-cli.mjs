// Bundles the command line (and the migration worker it starts) into
// dist/gdp/, part of `npm run build`, after tsc: `gdp` is dist/gdp/main.js.
//
// Why: unbundled, a `gdp ... --node` command loaded some 1,000 module files
// (870 of them libp2p and its dependencies), and resolving, reading and
// compiling them one by one cost most of its run: about twice the CPU of the
// same command bundled (README, "The gdp command line"). Node 20 has no
// module compile cache to do this instead.
//
// What stays out of the bundle: packages with a native addon (a binding.gyp
// or prebuilt binaries), which load their .node files relative to their own
// folder in node_modules. Our own addons (dist/native) are found relative to
// the bundle (src/crypto/load-addon.ts), the worker beside it
// (src/migration/pool.ts).
import { existsSync, readdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as esbuild from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const outdir = join(root, 'dist/gdp')

/** Every installed package that ships a native addon: left to load from node_modules. */
function packagesWithAddons () {
  const modules = join(root, 'node_modules')
  const names = []
  for (const entry of readdirSync(modules)) {
    const scoped = entry.startsWith('@') ? readdirSync(join(modules, entry)).map((name) => `${entry}/${name}`) : [entry]
    for (const name of scoped) {
      const dir = join(modules, name)
      if (existsSync(join(dir, 'binding.gyp')) || existsSync(join(dir, 'prebuilds'))) names.push(name)
    }
  }
  return names
}

rmSync(outdir, { recursive: true, force: true })
await esbuild.build({
  absWorkingDir: root,
  entryPoints: { main: join(root, 'dist/src/cli/main.js'), worker: join(root, 'dist/src/migration/worker.js') },
  outdir,
  bundle: true,
  // Commands load their modules when called (src/cli/command-table.ts): each stays a chunk of its own.
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Error classes of libraries that name themselves by their class keep their names.
  keepNames: true,
  sourcemap: 'linked',
  external: packagesWithAddons(),
  // CommonJS dependencies call require() for Node's own modules: give the ES module bundle one.
  banner: { js: "import { createRequire as gdpCreateRequire } from 'node:module'; const require = gdpCreateRequire(import.meta.url);" },
  logLevel: 'warning'
})
