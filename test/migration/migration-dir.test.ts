// What else a migration_dir may hold, and what the receiver makes of it.
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../helpers.js'
import { runsAsRoot } from '../small-disk.js'

const receiverModule = resolve('dist/src/migration/receiver.js')

describe.skipIf(!runsAsRoot)('a migration_dir at the root of a disk of its own', () => {
  // Found by attacking the migration receiver: a node not run as root read the disk's lost+found (root's, mode 0700)
  // as a migration whose state file it could not read, listed it as damaged, and 'gdp migrate rm lost+found' was
  // refused for its name.
  it('lists no damaged migration for its lost+found, which no migration can be named, to a node not run as root', () => {
    const dir = tempDir('gdp-migrate-dir-')
    try {
      chmodSync(dir.path, 0o755)
      const folder = join(dir.path, 'migrations')
      mkdirSync(join(folder, 'lost+found'), { recursive: true })
      chmodSync(join(folder, 'lost+found'), 0o700)
      chmodSync(folder, 0o777)
      const script = join(dir.path, 'list.mjs')
      writeFileSync(script, `import { MigrationReceiver } from ${JSON.stringify(receiverModule)}\nconsole.log(JSON.stringify(new MigrationReceiver({ folder: ${JSON.stringify(folder)}, allow: () => true }, {}).list()))\n`)
      const listed = execFileSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, script], { encoding: 'utf8' })
      expect(JSON.parse(listed)).toEqual([])
    } finally {
      dir.cleanup()
    }
  })
})
