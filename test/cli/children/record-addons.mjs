// Preloaded into a gdp run (node --import) by test/cli/client-modules.test.ts: as the
// process exits, writes the native addons it loaded, one path a line, to $GDP_TEST_ADDONS_FILE,
// and has the module files it loads listed in $GDP_TEST_ADDONS_FILE.modules (record-modules-hooks.mjs).
// Every addon (LevelDB's, zstd's, ours) is loaded through process.dlopen.
import { writeFileSync } from 'node:fs'
import { register } from 'node:module'

register('./record-modules-hooks.mjs', import.meta.url)

const loaded = []
const dlopen = process.dlopen
process.dlopen = function (module, filename, ...rest) {
  loaded.push(filename)
  return dlopen.call(this, module, filename, ...rest)
}
process.on('exit', () => { writeFileSync(process.env.GDP_TEST_ADDONS_FILE, loaded.join('\n')) })
