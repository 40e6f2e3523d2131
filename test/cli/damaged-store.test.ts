// The gdp command line on a store damaged on disk: one line on stderr that
// names what is wrong, never "valid", never an internal error.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parseName } from '../../src/capsule/name.js'
import { metadataKey } from '../../src/store/layout.js'
import { StoreDb } from '../../src/store/level-db.js'
import { BaseRegistry } from '../../src/migration/bases.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { tempDir } from '../helpers.js'
import { lines, newest, regressCapsule } from './damage.js'

const main = join(import.meta.dirname, '../../dist/gdp/main.js')
const cleanups: Array<() => void> = []
afterEach(() => { for (const c of cleanups.splice(0)) c() })

/** A data folder with a key and one capsule; `gdp` runs in it. */
function setup (): { gdp: (args: string[], input?: string) => { code: number, out: string, err: string }, name: string, store: string } {
  const dir = tempDir('gdp-cli-damage-')
  cleanups.push(dir.cleanup)
  const gdp = (args: string[], input?: string): { code: number, out: string, err: string } => {
    const r = spawnSync(process.execPath, [main, ...args], { cwd: dir.path, input })
    return { code: r.status ?? -1, out: r.stdout.toString(), err: r.stderr.toString() }
  }
  const ok = (args: string[], input?: string): string => {
    const r = gdp(args, input)
    if (r.code !== 0) throw new Error(`gdp ${args.join(' ')} failed: ${r.err}`)
    return r.out
  }
  ok(['keys', 'generate'])
  const name = JSON.parse(ok(['capsule', 'create', '--json'])).name as string
  return { gdp, name, store: join(dir.path, 'data/store') }
}


/** setup() with 2,000 records, moved from LevelDB's log into a table by the next open: the table and its bytes. */
function inOneTable (): ReturnType<typeof setup> & { table: string, bytes: Buffer } {
  const made = setup()
  expect(made.gdp(['append', made.name, '--lines'], lines(2000)).code).toBe(0)
  expect(made.gdp(['info', made.name]).code).toBe(0)
  const table = newest(made.store, '.ldb')
  return { ...made, table, bytes: readFileSync(table) }
}

/** The data folder holding `store` moved elsewhere, and a node's configuration file naming it there. */
function dataElsewhere (store: string): { moved: string, config: string } {
  const moved = `${join(store, '..')}-elsewhere`
  renameSync(join(store, '..'), moved)
  cleanups.push(() => { rmSync(moved, { recursive: true, force: true }) })
  const config = `${moved}.yaml`
  writeFileSync(config, `role: server\ndata: ${moved}\nlisten: [/ip4/127.0.0.1/tcp/0]\n`)
  cleanups.push(() => { rmSync(config, { force: true }) })
  return { moved, config }
}

describe('gdp on a damaged store', () => {
  it('a store that lost its CURRENT file: refused, naming CURRENT (not "no capsule")', () => {
    const { gdp, name, store } = setup()
    expect(gdp(['append', name, '--lines'], lines(20)).code).toBe(0)
    unlinkSync(join(store, 'CURRENT'))
    for (const args of [['verify', name], ['read', name]]) {
      const r = gdp(args)
      expect(r.code, args[0]).toBe(1)
      expect(r.err, args[0]).toMatch(/^gdp: StoreCorruptionError: the store at \.\/data\/store has lost its CURRENT file \(it names the MANIFEST to read\) but still holds MANIFEST-\d+, 1 table file, 1 log file; .* so it was not opened\. Restore CURRENT from a backup, recreate it from the newest MANIFEST: printf 'MANIFEST-\d+\\n' > data\/store\/CURRENT\ngdp: the store in \.\/data is damaged: with no node running on it, 'gdp --data \.\/data store repair' keeps every row LevelDB can read.*\n$/)
    }
  })

  it('a store whose CURRENT file is damaged: refused, naming CURRENT, what it holds and how to point it at the newest MANIFEST', () => {
    const { gdp, name, store } = setup()
    expect(gdp(['append', name, '--lines'], lines(20)).code).toBe(0)
    const current = readFileSync(join(store, 'CURRENT'))
    // A bit flipped in the word MANIFEST, or in the newline that ends the name.
    for (const at of [0, 5, current.length - 1]) {
      const damaged = Buffer.from(current)
      damaged[at]! ^= 0x01
      writeFileSync(join(store, 'CURRENT'), damaged)
      const r = gdp(['read', name])
      expect(r.code, `byte ${at}`).toBe(1)
      expect(r.err, `byte ${at}`).toMatch(/^gdp: StoreCorruptionError: the store at \.\/data\/store has a damaged CURRENT file \(it holds ".*", not the name of a MANIFEST and a newline\); restore the store from a backup, point CURRENT at the newest MANIFEST: printf 'MANIFEST-\d+\\n' > data\/store\/CURRENT\ngdp: the store in \.\/data is damaged: with no node running on it, 'gdp --data \.\/data store repair' keeps every row LevelDB can read.*\n$/)
    }
    // Pointed at the newest MANIFEST as it says, the store reads again.
    const newestManifest = readdirSync(store).filter((f) => f.startsWith('MANIFEST-')).sort().at(-1)!
    writeFileSync(join(store, 'CURRENT'), `${newestManifest}\n`)
    expect(gdp(['read', name]).code).toBe(0)
  })

  it('a node whose base index has a damaged block, or whose migration store lost its CURRENT file: refused in one line naming it and its own way out, not an internal error, nor a store repair that does not touch it', async () => {
    const { gdp, store } = setup()
    const data = join(store, '..')
    writeFileSync(join(data, 'base.img'), Buffer.alloc(64 * 4096, 3))
    const folder = join(data, 'migration', 'bases')
    const registry = await BaseRegistry.open({ folder })
    await registry.add(join(data, 'base.img'))
    await registry.close()
    await (await BaseRegistry.open({ folder })).close()
    const index = join(folder, 'index')
    const table = join(index, readdirSync(index).filter((f) => f.endsWith('.ldb'))[0]!)
    const bytes = readFileSync(table)
    bytes[20]! ^= 0x10
    writeFileSync(table, bytes)
    const r = gdp(['node', 'start', '--role', 'server', '--listen', '/ip4/127.0.0.1/tcp/0'])
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/^gdp: StoreCorruptionError: the base index at data\/migration\/bases\/index is damaged \(reading the bases registered: LevelDB: Corruption: block checksum mismatch\); with the node stopped, move data\/migration\/bases away \(the copies in it with it\), then register the bases again: gdp base add <file>\n$/)
    // The migration store that lost its CURRENT file: its own way out, not the store repair of <data>/store.
    rmSync(folder, { recursive: true })
    const migrations = join(data, 'migration', 'capsules')
    await (await CapsuleStore.open({ path: migrations })).close()
    await (await CapsuleStore.open({ path: migrations })).close()
    expect(readdirSync(migrations).some((f) => f.endsWith('.ldb'))).toBe(true)
    rmSync(join(migrations, 'CURRENT'))
    const m = gdp(['node', 'start', '--role', 'server', '--listen', '/ip4/127.0.0.1/tcp/0'])
    expect(m.code).toBe(1)
    expect(m.err).toMatch(/^gdp: StoreCorruptionError: the migration store at data\/migration\/capsules has lost its CURRENT file .* or with the node stopped, move data\/migration\/capsules away: the migrations received whole stay \(their folders and 'gdp migrate list'\); one being received is sent again\n$/)
  })

  // Found by attacking the disk: a command that opened the store dealt with the damage (the file kept aside, its
  // claims that verify written again) and said nothing, so a node started after it had nothing to report either.
  it('a damaged evidence file: the command that opens the store says on stderr what it found and did, once, and goes on', () => {
    const { gdp, name, store } = setup()
    expect(gdp(['append', name, '--lines'], lines(20)).code).toBe(0)
    const file = join(store, 'GDP-EVIDENCE')
    const bytes = readFileSync(file)
    // In the first group's claim, after the magic line and the count.
    bytes[15 + 4 + 10]! ^= 1
    writeFileSync(file, bytes)
    const r = gdp(['read', name])
    expect(r.code).toBe(0)
    expect(r.out.split('\n').filter((l) => l !== '')).toHaveLength(20)
    expect(r.err).toMatch(/^gdp: warning: the store found damage as it opened, and dealt with it: the evidence file \S+GDP-EVIDENCE was damaged \(.*\): the claims there were dropped, .*the damaged file is kept as \S+GDP-EVIDENCE\.damaged-\S+\n$/)
    // Dealt with: the next command finds nothing to say.
    expect(gdp(['read', name]).err).toBe('')
  })

  // Found by attacking the disk: an evidence file emptied (or cut short after a clean close) was taken for a new
  // one, or a torn one, in silence: the store forgot what it acknowledged.
  it('an emptied evidence file: commands that open the store, a repair among them, refuse it naming the file and the way out', () => {
    const { gdp, name, store } = setup()
    expect(gdp(['append', name, '--lines'], lines(20)).code).toBe(0)
    const file = join(store, 'GDP-EVIDENCE')
    writeFileSync(file, '')
    for (const args of [['read', name], ['store', 'repair']]) {
      const r = gdp(args)
      expect(r.code, args.join(' ')).toBe(1)
      expect(r.err, args.join(' ')).toMatch(/^gdp: StoreEvidenceError: the evidence file \S*data\/store\/GDP-EVIDENCE holds 0 bytes, .*: it was emptied or cut short, .*Restore the file from a backup of the store, or delete it to serve what the store holds, checked against nothing it acknowledged before \(for every capsule\)\n$/)
    }
    unlinkSync(file)
    const r = gdp(['read', name])
    expect(r.code).toBe(0)
    expect(r.out.split('\n').filter((l) => l !== '')).toHaveLength(20)
  })

  it('a byte flipped in the tail of the log: verify says the store went backwards, not "valid", after what LevelDB dropped as the store opened', () => {
    const { gdp, name, store } = setup()
    regressCapsule(gdp, name, store)
    const r = gdp(['verify', name])
    expect(r.code).toBe(1)
    const [dropped, refused, ...rest] = r.err.trim().split('\n')
    expect(dropped).toMatch(/^gdp: warning: the store found damage as it opened, and dealt with it: LevelDB dropped part of its log at open \(.*\d+\.log: dropping \d+ bytes; Corruption: checksum mismatch\): every key-value index and hash index is rebuilt from the records$/)
    expect(refused).toMatch(new RegExp(`^gdp: StoreRegressionError: capsule ${name}: the store went backwards: it acknowledged 1010 records and holds 1000; .*delete data/store/GDP-EVIDENCE to serve what is left`))
    expect(rest).toEqual([])
    // Said once: the next command finds the regression alone.
    expect(gdp(['verify', name]).err.trim().split('\n')).toHaveLength(1)
  })

  it('one capsule that went backwards: status and capsule list still list every capsule, the damaged one marked with its error (capsule list then exits 1)', () => {
    const { gdp, name, store } = setup()
    const healthy = JSON.parse(gdp(['capsule', 'create', '--json']).out).name as string
    expect(gdp(['append', healthy, 'fine']).code).toBe(0)
    regressCapsule(gdp, name, store)
    const status = gdp(['status', '--json'])
    expect(status.code).toBe(0)
    const capsules = JSON.parse(status.out).capsules
    expect(capsules).toHaveLength(2)
    expect(capsules).toContainEqual({ name: healthy, size: 1 })
    expect(capsules).toContainEqual({ name, size: null, error: { name: 'StoreRegressionError', message: expect.stringMatching(/the store went backwards: it acknowledged 1010 records and holds 1000/) } })
    const human = gdp(['status'])
    expect(human.code).toBe(0)
    expect(human.out).toMatch(/\(2 capsules, 1 records, 1 DAMAGED\)/)
    expect(human.out).toContain(`capsule ${name}  DAMAGED: StoreRegressionError: capsule ${name}: the store went backwards`)
    // Every capsule listed, and a status that says not all is well (as ls does for entries it cannot read).
    const list = gdp(['capsule', 'list'])
    expect(list.code).toBe(1)
    expect(list.out).toContain(`${healthy}  1 records\n`)
    expect(list.out).toContain(`${name}  DAMAGED: StoreRegressionError:`)
  })

  it('a capsule whose metadata row was lost (found from the evidence file alone): status and capsule list list it marked with its error, as a node does, not an emptier store with exit 0 (found by attacking the disk)', async () => {
    const { gdp, name, store } = setup()
    const healthy = JSON.parse(gdp(['capsule', 'create', '--json']).out).name as string
    expect(gdp(['append', name, '--lines'], lines(20)).code).toBe(0)
    const db = await StoreDb.open(store)
    await db.batch([{ type: 'del', key: metadataKey(parseName(name)) }], { sync: true })
    await db.close()
    const status = gdp(['status', '--json'])
    expect(status.code).toBe(0)
    const capsules = JSON.parse(status.out).capsules
    expect(capsules).toHaveLength(2)
    expect(capsules).toContainEqual({ name: healthy, size: 0 })
    expect(capsules).toContainEqual({ name, size: null, error: { name: 'StoreRegressionError', message: expect.stringMatching(/it acknowledged this capsule with 20 records and no longer holds its metadata/) } })
    expect(gdp(['status']).out).toMatch(/\(2 capsules, 0 records, 1 DAMAGED\)/)
    const list = gdp(['capsule', 'list'])
    expect(list.code).toBe(1)
    // After the capsules whose rows the listing found.
    expect(list.out.split('\n').filter((l) => l !== '').map((l) => l.split(' ')[0])).toEqual([healthy, name])
    expect(list.out).toContain(`${name}  DAMAGED: StoreRegressionError:`)
  })

  it('a node started with --config on a store that lost a table: the hint names the configuration\'s data folder, not ./data (found by attacking the gateway)', () => {
    const { gdp, name, store } = setup()
    expect(gdp(['append', name, '--lines'], lines(20)).code).toBe(0)
    expect(gdp(['info', name]).code).toBe(0) // opened again: the log becomes a table
    unlinkSync(join(store, readdirSync(store).find((f) => f.endsWith('.ldb'))!))
    const { moved, config } = dataElsewhere(store)
    const started = gdp(['node', 'start', '--config', config])
    expect(started.code).toBe(1)
    expect(started.err).toContain(`gdp: the store in ${moved} is damaged: with no node running on it, 'gdp --data ${moved} store repair'`)
  })

  // The store said 'or rebuild it from the tables: gdp store repair', which as printed ran on ./data.
  it('a node started with --config on a store that lost its CURRENT file, or whose MANIFEST is damaged: the store repair it names runs on the configuration\'s data folder', () => {
    const { gdp, name, store } = setup()
    expect(gdp(['append', name, '--lines'], lines(20)).code).toBe(0)
    expect(gdp(['info', name]).code).toBe(0) // opened again: a new MANIFEST lists the table the log became
    const { moved, config } = dataElsewhere(store)
    const movedStore = join(moved, 'store')
    const manifest = join(movedStore, readFileSync(join(movedStore, 'CURRENT'), 'latin1').trim())
    const current = readFileSync(join(movedStore, 'CURRENT'))
    const damage: Array<[string, () => void]> = [
      ['lost CURRENT', () => { unlinkSync(join(movedStore, 'CURRENT')) }],
      ['damaged MANIFEST', () => {
        writeFileSync(join(movedStore, 'CURRENT'), current)
        const bytes = readFileSync(manifest)
        bytes[Math.floor(bytes.length / 2)]! ^= 0x01
        writeFileSync(manifest, bytes)
      }]
    ]
    for (const [what, make] of damage) {
      make()
      const started = gdp(['node', 'start', '--config', config])
      expect(started.code, what).toBe(1)
      expect(started.err, what).toContain(`'gdp --data ${moved} store repair'`)
      expect(started.err, what).not.toMatch(/: gdp store repair\b/)
    }
  })

  it('a capsule whose metadata row was lost with a block: store repair names it, says how to get its metadata back, and exits 1', async () => {
    const { gdp, name, store } = setup()
    expect(gdp(['append', name, '--lines'], lines(20)).code).toBe(0)
    const db = await StoreDb.open(store)
    await db.batch([{ type: 'del', key: metadataKey(parseName(name)) }], { sync: true })
    await db.close()
    expect(gdp(['info', name]).err).toMatch(/no longer holds its metadata/)
    const repair = gdp(['store', 'repair'])
    expect(repair.err).toBe('')
    expect(repair.out).toMatch(new RegExp(`^capsule ${name}: its metadata \\(the owner-signed row naming its owner and writer\\) is lost: .*'gdp capsule export ${name} --node <a node that holds it> --out <file>'.*'gdp capsule import <file>'\n$`))
    expect(repair.code).toBe(1)
  })

  it('an unreadable table: verify and read name the capsule, the record chunk, the table and the store, and how to mend it', () => {
    const { gdp, name, table, bytes } = inOneTable()
    // Keys sort metadata < record chunks < tiles: about a quarter in, record chunks.
    bytes.fill(0xff, Math.floor(bytes.length * 0.23), Math.floor(bytes.length * 0.25))
    writeFileSync(table, bytes)
    const named = new RegExp(`^gdp: StoreCorruptionError: capsule ${name}: record chunk \\d+: LevelDB: Corruption: [^(]+ \\(table ${table.slice(-10)}; store at \\./data/store\\)\n` +
      'gdp: the store in ./data is damaged: with no node running on it, \'gdp --data ./data store repair\' keeps every row LevelDB can read and lists what was lost; ' +
      'a running server mends a capsule from its replicas \\(\'gdp --data ./data capsule repair <capsule>\'\\)\n$')
    const verify = gdp(['verify', name])
    expect(verify.code).toBe(1)
    expect(verify.err).toMatch(named)
    const read = gdp(['read', name])
    expect(read.code).toBe(1)
    expect(read.err).toMatch(named)
    expect(read.err).toBe(verify.err)
  })

  // Found by an audit: a scan's error named a bare 'gdp store repair', which under 'gdp node start --config' with the
  // data elsewhere ran on ./data, and left out the hint that names the data folder.
  it('the block of the last record chunk: the scan that meets it says so, and the hint names the data folder\'s store repair', () => {
    const { gdp, name, table, bytes } = inOneTable()
    // A hash does not compress: the last record's payload hash is in the table as it is. From there to past its block's end.
    const at = bytes.indexOf(createHash('sha256').update('line 1999').digest())
    expect(at).toBeGreaterThan(0)
    bytes.fill(0xff, at, at + 5000)
    writeFileSync(table, bytes)
    const r = gdp(['read', name])
    expect(r.code).toBe(1)
    expect(r.err).toMatch(new RegExp(`^gdp: StoreCorruptionError: capsule ${name}: record chunk \\d+ and after: LevelDB: Corruption: [^(]+ \\(table ${table.slice(-10)}; store at \\./data/store\\); ` +
      'the unreadable block is at or just past these rows, so the damage may be in another capsule\'s rows: a store repair \\(with no node running on the store\\) finds whose rows it holds and keeps every row it can read\n' +
      'gdp: the store in ./data is damaged: with no node running on it, \'gdp --data ./data store repair\' keeps every row LevelDB can read and lists what was lost; .*\n$'))
  })

  it('a damaged first block met by a local command: its warnings and the capsules listed as damaged, then a hint, once, naming the data folder\'s store repair', () => {
    const { gdp, name, store } = inOneTable()
    // The table that starts with the format entry (the lowest key): its first block holds the store's own rows and the capsule's first.
    const table = readdirSync(store).filter((f) => f.endsWith('.ldb')).map((f) => join(store, f)).find((f) => readFileSync(f).subarray(0, 64).includes('format'))!
    const bytes = readFileSync(table)
    bytes[20]! ^= 0x10
    writeFileSync(table, bytes)
    const hint = 'gdp: the store in ./data is damaged: with no node running on it, \'gdp --data ./data store repair\' keeps every row LevelDB can read and lists what was lost; ' +
      'a running server mends a capsule from its replicas (\'gdp --data ./data capsule repair <capsule>\')\n'
    const list = gdp(['capsule', 'list'])
    expect(list.code).toBe(1)
    expect(list.out).toMatch(new RegExp(`^${name}  DAMAGED: StoreCorruptionError: capsule ${name}: .*LevelDB: Corruption: .*\n$`))
    const [warning, ...rest] = list.err.split('\n')
    expect(warning).toMatch(/^gdp: warning: the store is damaged: the store format entry: LevelDB: Corruption: .*\(a store repair, with no node running on the store, keeps every row LevelDB can read\)$/)
    expect(rest.join('\n')).toBe(hint)
    // Written again as it opened: the next command meets the block through the capsule alone.
    const status = gdp(['status'])
    expect(status.code).toBe(0)
    expect(status.out).toContain(`capsule ${name}  DAMAGED: StoreCorruptionError:`)
    expect(status.err).toBe(hint)
  })

  // Found by attacking the disk: both were internal errors (EISDIR from reading the table, EEXIST making lost/).
  it('store repair on a folder where a table should be, or on a file named lost where LevelDB keeps what it sets aside: refused naming it and the way out, before it changed anything, not an internal error', () => {
    const { gdp, name, store, table, bytes } = inOneTable()
    // A folder in place of the table.
    renameSync(table, `${table}.moved`)
    mkdirSync(table)
    const folder = gdp(['store', 'repair'])
    expect(folder.code).toBe(1)
    expect(folder.err).toMatch(new RegExp(`^gdp: StoreOpenError: the repair cannot read table ${table.slice(-10)} in \\./data/store: EISDIR: .*; move it out of the store \\(what only it holds is lost unless a backup has it\\), then run 'gdp --data \\./data store repair' again\n$`))
    // Refused before it changed anything: no marker to have every open say a repair was stopped.
    expect(readdirSync(store)).not.toContain('GDP-REPAIRING')
    rmdirSync(table)
    // The table back, with its index damaged (its last bytes: the footer), and a file named lost.
    bytes.fill(0, bytes.length - 20)
    writeFileSync(table, bytes)
    rmSync(`${table}.moved`)
    rmSync(join(store, 'lost'), { recursive: true, force: true })
    writeFileSync(join(store, 'lost'), 'not a folder')
    const lost = gdp(['store', 'repair'])
    expect(lost.code).toBe(1)
    expect(lost.err).toMatch(/^gdp: StoreOpenError: data\/store\/lost is not a folder: a store repair keeps there what it sets aside; move it away, then run 'gdp --data \.\/data store repair' again\n$/)
    expect(readdirSync(store)).not.toContain('GDP-REPAIRING')
    rmSync(join(store, 'lost'))
    const mended = gdp(['store', 'repair'])
    expect(mended.code, mended.err).toBe(0)
    expect(mended.out).toMatch(new RegExp(`capsule ${name}: 2000 records whole`))
    expect(gdp(['verify', name]).code).toBe(0)
  })

  // Found by attacking the disk: "the LevelDB database at ./data/store is corrupt: Corruption: 1 missing files; e.g.:
  // ./data/store/000005.ldb", and the hint after it of a damaged block, not what was gone nor how to get it back.
  it('a table its MANIFEST lists gone from the folder: refused naming every table gone and the ways back; put back, nothing is lost', () => {
    const { gdp, name, table } = inOneTable()
    const aside = `${table}.aside`
    renameSync(table, aside)
    for (const args of [['verify', name], ['status'], ['node', 'start', '--role', 'server', '--listen', '/ip4/127.0.0.1/tcp/0']]) {
      const r = gdp(args)
      expect(r.code, args[0]).toBe(1)
      expect(r.err, args[0]).toBe(`gdp: StoreCorruptionError: the store at ${args[0] === 'node' ? 'data/store' : './data/store'} is missing 1 table file its MANIFEST lists: ${table.slice(-10)} (deleted or moved away): put it back from where it went or from a backup of the store\n` +
        'gdp: the store in ./data is damaged: with no node running on it, \'gdp --data ./data store repair\' keeps every row LevelDB can read and lists what was lost; a running server mends a capsule from its replicas (\'gdp --data ./data capsule repair <capsule>\')\n')
    }
    renameSync(aside, table)
    const verified = gdp(['verify', name])
    expect(verified.code, verified.err).toBe(0)
    expect(verified.out).toContain('2000 records')
  })

  // Found by attacking the disk: "cannot open the store at ./data/store: IO error: ./data/store/CURRENT: Is a
  // directory", naming no way out.
  // A folder where the log goes LevelDB passed over as a log it dropped part of, and the store said it went backwards.
  it('a folder where LevelDB keeps a file (CURRENT, LOCK, the MANIFEST, the log): refused in one line naming it and to move it away; moved away, the store says what is missing, if anything', () => {
    const { gdp, name, store } = inOneTable()
    expect(gdp(['append', name, '--lines'], lines(10, 2000)).code).toBe(0)
    const manifest = readdirSync(store).find((f) => f.startsWith('MANIFEST-'))!
    const log = readdirSync(store).find((f) => f.endsWith('.log'))!
    for (const file of ['LOCK', 'CURRENT', manifest, log]) {
      const path = join(store, file)
      renameSync(path, `${path}.aside`)
      mkdirSync(path)
      const r = gdp(['verify', name])
      expect(r.code, file).toBe(1)
      // Named as LevelDB names it, or, for the log, found before LevelDB is asked.
      const named = file === log ? `data/store/${file}` : `./data/store/${file}`
      expect(r.err, file).toBe(`gdp: StoreAccessError: cannot open the store at ./data/store: ${named} is a folder, where LevelDB keeps a file of its own: move the folder away, then open the store again (it then says what is missing, if anything, and the way back)\n`)
      rmdirSync(path)
      renameSync(`${path}.aside`, path)
    }
    const verified = gdp(['verify', name])
    expect(verified.code, verified.err).toBe(0)
    expect(verified.out).toContain('2010 records')
  })

  // Found by attacking the disk: opening said a store repair was stopped and to run it again, and the repair then
  // failed renaming GDP-REPAIRING.tmp, a file the user never made, over the folder.
  it('a folder named as the file a store repair leaves until it ends: refused naming it and to move it away, by an open and by a repair', () => {
    const { gdp, name, store } = setup()
    mkdirSync(join(store, 'GDP-REPAIRING'))
    for (const args of [['verify', name], ['store', 'repair']]) {
      const r = gdp(args)
      expect(r.code, args[0]).toBe(1)
      expect(r.err, args[0]).toBe('gdp: StoreAccessError: data/store/GDP-REPAIRING is a folder, where a store repair keeps the file that says it has not ended; no repair made it: move it away, then run the command again\n')
    }
    rmdirSync(join(store, 'GDP-REPAIRING'))
    expect(gdp(['verify', name]).code).toBe(0)
  })

  // Found by attacking the disk: "LevelDB: IO error: <table>: No such device", as a damaged block.
  it('a folder in place of a table: a read names it and to move it away, not damage; the table back, nothing is lost', () => {
    const { gdp, name, table } = inOneTable()
    renameSync(table, `${table}.aside`)
    mkdirSync(table)
    const r = gdp(['verify', name])
    expect(r.code).toBe(1)
    expect(r.err).toMatch(new RegExp(`^gdp: StoreAccessError: capsule ${name}: metadata: table ${table.slice(-10)} is a folder, where LevelDB keeps that table \\(store at \\./data/store\\): move the folder away, or put the table back in its place; the store then says if anything is missing, and the way back\n$`))
    rmdirSync(table)
    renameSync(`${table}.aside`, table)
    const verified = gdp(['verify', name])
    expect(verified.code, verified.err).toBe(0)
    expect(verified.out).toContain('2000 records')
  })
})
