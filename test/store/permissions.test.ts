// A store whose files the user running gdp may not open is a permissions
// problem, named as such (StoreAccessError): not damage to repair, and not
// another process holding the store; a read-only mount too. Runs gdp as
// user nobody, and mounts, so root only.
import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BaseRegistry } from '../../src/migration/bases.js'
import { GDP_MAIN, gdpIn } from '../cli/run-gdp.js'

const asRoot = process.getuid?.() === 0 && existsSync('/usr/bin/setpriv')
let dir: string
let capsule: string

/** gdp run as user nobody: its exit code and error line. */
function asNobody (args: string[]): { code: number, out: string, err: string } {
  const r = spawnSync('/usr/bin/setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, GDP_MAIN, ...args], { cwd: dir })
  return { code: r.status ?? -1, out: r.stdout.toString(), err: r.stderr.toString() }
}

describe.runIf(asRoot)('a store the user may not open', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gdp-permissions-'))
    chmodSync(dir, 0o755)
    const { ok } = gdpIn(dir)
    ok(['--data', 'd', 'keys', 'generate'])
    capsule = ok(['--data', 'd', 'capsule', 'create']).trim()
    ok(['--data', 'd', 'capsule', 'append', capsule, '--lines'], 'one\ntwo\nthree\n')
    // Opened again: LevelDB turns its log into a table, which the second case makes unreadable.
    ok(['--data', 'd', 'capsule', 'read', capsule, '--seq', '0'])
  })
  afterAll(() => { rmSync(dir, { recursive: true, force: true }) })

  it('a folder it may not write (LevelDB locks and logs even to read): StoreAccessError, not a bare StoreOpenError', () => {
    // It may see the store (the folders are 0755), not write in it.
    chmodSync(join(dir, 'd'), 0o755)
    chmodSync(join(dir, 'd', 'store'), 0o755)
    const r = asNobody(['--data', 'd', 'capsule', 'read', capsule, '--seq', '0'])
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/^gdp: StoreAccessError: cannot open the store at .*Permission denied.*readable and writable by the user running gdp/)
  })

  it('a store on a read-only mount: StoreAccessError with the way to read it, not a bare StoreOpenError', () => {
    const readOnly = join(dir, 'read-only')
    mkdirSync(readOnly)
    execFileSync('mount', ['--bind', join(dir, 'd'), readOnly])
    try {
      execFileSync('mount', ['-o', 'remount,bind,ro', readOnly])
      const r = gdpIn(dir).gdp(['--data', 'read-only', 'capsule', 'read', capsule, '--seq', '0'])
      expect(r.code).toBe(1)
      expect(r.err).toMatch(/^gdp: StoreAccessError: cannot open the store at .*Read-only file system.*copy a read-only store elsewhere to read it/)
    } finally {
      execFileSync('umount', [readOnly])
    }
  })

  it('a table it may not read: StoreAccessError naming the record, not StoreCorruptionError', () => {
    const store = join(dir, 'd', 'store')
    chmodSync(join(dir, 'd'), 0o777)
    chmodSync(store, 0o777)
    for (const file of readdirSync(store)) chmodSync(join(store, file), /\.(ldb|sst)$/.test(file) ? 0o600 : 0o666)
    const r = asNobody(['--data', 'd', 'capsule', 'read', capsule, '--seq', '1'])
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/StoreAccessError: .*Permission denied: the store's files must be readable by the user running gdp/)
    expect(r.err).not.toMatch(/Corruption/)
  })

  it('store repair on a table it may not read: StoreAccessError saying to let it read the table, not to move the table out of the store (found by attacking the disk)', () => {
    const store = join(dir, 'd', 'store')
    chmodSync(join(dir, 'd'), 0o777)
    chmodSync(store, 0o777)
    for (const file of readdirSync(store)) chmodSync(join(store, file), /\.(ldb|sst)$/.test(file) ? 0o600 : 0o666)
    const tables = (): string[] => readdirSync(store).filter((file) => file.endsWith('.ldb')).sort()
    const before = tables()
    const r = asNobody(['--data', 'd', 'store', 'repair'])
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/^gdp: StoreAccessError: the repair may not read table \d+\.ldb in .*: EACCES: permission denied.*: make the store's files readable and writable by the user running gdp \(chown, chmod\), then run 'gdp --data \S+ store repair' again\n$/)
    expect(r.err).not.toMatch(/move it out/)
    expect(tables()).toEqual(before)
    // Refused before it changed anything: no marker left to have every open say a repair was stopped.
    expect(readdirSync(store)).not.toContain('GDP-REPAIRING')
    for (const file of tables()) chmodSync(join(store, file), 0o666)
    const read = asNobody(['--data', 'd', 'capsule', 'read', capsule, '--seq', '1'])
    expect(read.code, read.err).toBe(0)
  })

  it('a node started on a data folder it may not write (its store writable): FileAccessError naming the control socket and the folder, not an internal error (found by attacking the disk)', () => {
    const { ok } = gdpIn(dir)
    ok(['--data', 'n', 'node', 'init'])
    // The folders a node made there as it first ran.
    for (const folder of ['store', 'migration', 'migrations']) mkdirSync(join(dir, 'n', folder))
    execFileSync('chown', ['-R', '65534:65534', join(dir, 'n')])
    execFileSync('chown', ['0:0', join(dir, 'n')])
    chmodSync(join(dir, 'n'), 0o755)
    const r = spawnSync('/usr/bin/setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, GDP_MAIN, '--data', 'n', 'node', 'start', '--role', 'server', '--listen', '/ip4/127.0.0.1/tcp/0'], { cwd: dir, timeout: 30_000 })
    expect(r.status).toBe(1)
    expect(r.stderr.toString()).toMatch(/^gdp: FileAccessError: cannot make the node's control socket n\/control\.sock: EACCES: permission denied.*: the data folder n must be writable by the user running gdp \(chown, chmod\)\n$/)
  })

  it('a node whose migration folder it may not write: StoreAccessError naming the base index, not StoreInUseError asking whether the node runs (found by attacking the disk)', () => {
    const { ok } = gdpIn(dir)
    ok(['--data', 'p', 'node', 'init'])
    for (const folder of ['store', 'migration/bases/index', 'migration/capsules', 'migrations']) mkdirSync(join(dir, 'p', folder), { recursive: true })
    execFileSync('chown', ['-R', '65534:65534', join(dir, 'p')])
    execFileSync('chown', ['-R', '0:0', join(dir, 'p', 'migration')])
    chmodSync(join(dir, 'p', 'migration'), 0o755)
    const r = spawnSync('/usr/bin/setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, GDP_MAIN, '--data', 'p', 'node', 'start', '--role', 'server', '--listen', '/ip4/127.0.0.1/tcp/0'], { cwd: dir, timeout: 30_000 })
    expect(r.status).toBe(1)
    expect(r.stderr.toString()).toMatch(/^gdp: StoreAccessError: cannot open the base index at p\/migration\/bases: .*Permission denied.*: the folder and its files must be readable and writable by the user running gdp \(chown, chmod\)\n$/)
  })

  it('a listing shows the capsule it cannot read, marked unreadable (not damaged), before it stops', () => {
    const { ok } = gdpIn(dir)
    ok(['--data', 'e', 'keys', 'generate'])
    const name = ok(['--data', 'e', 'capsule', 'create']).trim()
    // Each open turns LevelDB's log into a table: the capsule's metadata in one, its records in the next.
    ok(['--data', 'e', 'capsule', 'list'])
    ok(['--data', 'e', 'capsule', 'append', name, '--lines'], 'one\ntwo\n')
    ok(['--data', 'e', 'capsule', 'list'])
    const store = join(dir, 'e', 'store')
    chmodSync(join(dir, 'e'), 0o777)
    chmodSync(store, 0o777)
    const tables = readdirSync(store).filter((file) => file.endsWith('.ldb')).sort()
    for (const file of readdirSync(store)) chmodSync(join(store, file), file === tables.at(-1) ? 0o600 : 0o666)
    // That table also spans metadata rows the listing walks past, so it cannot go on to the end.
    const r = asNobody(['--data', 'e', 'capsule', 'list'])
    expect(r.code).toBe(1)
    expect(r.out).toContain(`${name}  UNREADABLE: StoreAccessError: capsule ${name}: `)
    expect(r.err).toMatch(new RegExp(`StoreAccessError: the list of capsules, past capsule ${name}: metadata, the last row read: .*Permission denied`))
  })

  // Found by attacking the disk: LevelDB passed over a log it could not read ("Ignoring error ... Permission denied")
  // and deleted it as it opened: the records acknowledged in it were gone, and the store said it went backwards.
  it('a log it may not read: StoreAccessError naming the log, which is left where it is; readable again, every record is there', () => {
    const { ok } = gdpIn(dir)
    ok(['--data', 'l', 'keys', 'generate'])
    const name = ok(['--data', 'l', 'capsule', 'create']).trim()
    ok(['--data', 'l', 'capsule', 'append', name, '--lines'], 'one\ntwo\nthree\n')
    const store = join(dir, 'l', 'store')
    execFileSync('chown', ['-R', '65534:65534', join(dir, 'l')])
    const logs = readdirSync(store).filter((file) => file.endsWith('.log'))
    expect(logs).toHaveLength(1)
    chmodSync(join(store, logs[0]!), 0o200)
    for (const args of [['capsule', 'read', name], ['node', 'start', '--role', 'server', '--listen', '/ip4/127.0.0.1/tcp/0']]) {
      const r = asNobody(['--data', 'l', ...args])
      expect(r.code, args[0]).toBe(1)
      expect(r.err, args[0]).toBe(`gdp: StoreAccessError: cannot open the store at l/store: its log l/store/${logs[0]!} cannot be read (EACCES): LevelDB would pass over it, then delete it, and the writes it holds with it; make the store's files readable and writable by the user running gdp (chown, chmod), then open it again\n`)
      expect(readdirSync(store).filter((file) => file.endsWith('.log')), args[0]).toEqual(logs)
    }
    chmodSync(join(store, logs[0]!), 0o600)
    const r = asNobody(['--data', 'l', 'capsule', 'read', name])
    expect(r.code, r.err).toBe(0)
    expect(r.out.trim().split('\n').map((line) => line.split('\t').at(-1))).toEqual(['one', 'two', 'three'])
  })

  // The base index is a LevelDB of its own, opened apart from the store: it passed over such a log and deleted it, and
  // the node started having forgotten the bases registered in it.
  it('a base index log it may not read: a node start is refused naming the log, which is left where it is; readable again, the base is there', async () => {
    const { ok } = gdpIn(dir)
    ok(['--data', 'b', 'node', 'init'])
    for (const folder of ['store', 'migration', 'migrations']) mkdirSync(join(dir, 'b', folder), { recursive: true })
    const folder = join(dir, 'b', 'migration', 'bases')
    writeFileSync(join(dir, 'base.img'), Buffer.alloc(4096, 7))
    let registry = await BaseRegistry.open({ folder })
    const { hash } = await registry.add(join(dir, 'base.img'))
    await registry.close()
    execFileSync('chown', ['-R', '65534:65534', join(dir, 'b')])
    const index = join(folder, 'index')
    const logs = readdirSync(index).filter((file) => file.endsWith('.log'))
    expect(logs).toHaveLength(1)
    chmodSync(join(index, logs[0]!), 0o200)
    // Bounded: a node that starts runs until stopped.
    const r = spawnSync('/usr/bin/setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, GDP_MAIN, '--data', 'b', 'node', 'start', '--role', 'server', '--listen', '/ip4/127.0.0.1/tcp/0'], { cwd: dir, timeout: 15_000 })
    expect(r.status, r.stderr.toString()).toBe(1)
    expect(r.stderr.toString()).toBe(`gdp: StoreAccessError: cannot open the base index at b/migration/bases/index: its log b/migration/bases/index/${logs[0]!} cannot be read (EACCES): LevelDB would pass over it, then delete it, and the writes it holds with it; ` +
      'make the base index\'s files readable and writable by the user running gdp (chown, chmod), then open it again\n')
    expect(readdirSync(index).filter((file) => file.endsWith('.log'))).toEqual(logs)
    chmodSync(join(index, logs[0]!), 0o600)
    registry = await BaseRegistry.open({ folder })
    try {
      expect(registry.get(hash)).toMatchObject({ size: 4096 })
    } finally {
      await registry.close()
    }
  })

  // Found by attacking the disk: it was "key file ... is not JSON: restore it from a backup", and for a node's key,
  // that a new one comes once the file is removed, which makes it another node.
  it('a key file it may not read, a writer\'s or a node\'s: an access error naming it, not damage to restore it from a backup', () => {
    const { ok } = gdpIn(dir)
    ok(['--data', 'k', 'keys', 'generate'])
    ok(['--data', 'k', 'node', 'init'])
    execFileSync('chown', ['-R', '65534:65534', join(dir, 'k')])
    for (const [key, args] of [['keys/default.key', ['capsule', 'create']], ['node.key', ['node', 'start', '--role', 'server', '--listen', '/ip4/127.0.0.1/tcp/0']]] as const) {
      chmodSync(join(dir, 'k', key), 0o200)
      const r = asNobody(['--data', 'k', ...args])
      expect(r.code, key).toBe(1)
      expect(r.err, key).toMatch(new RegExp(`^gdp: FileAccessError: cannot open (\\./)?k/${key}: permission denied \\(the user running gdp may not\\)\n$`))
      chmodSync(join(dir, 'k', key), 0o600)
    }
  })
})
