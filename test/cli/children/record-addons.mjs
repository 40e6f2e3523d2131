// Preloaded into a gdp run (node --import) by test/cli/client-modules.test.ts: as the
// process exits, writes the native addons it loaded, one path a line, to $GDP_TEST_ADDONS_FILE.
// Every addon (LevelDB's, zstd's, ours) is loaded through process.dlopen.
import { writeFileSync } from 'node:fs'

const loaded = []
const dlopen = process.dlopen
process.dlopen = function (module, filename, ...rest) {
  loaded.push(filename)
  return dlopen.call(this, module, filename, ...rest)
}
process.on('exit', () => { writeFileSync(process.env.GDP_TEST_ADDONS_FILE, loaded.join('\n')) })
