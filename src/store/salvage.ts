/**
 * Salvage of a store LevelDB cannot read whole (`gdp store repair`, with no
 * node running): a table block that fails its checksum, a lost MANIFEST or
 * CURRENT. A table whose index block is damaged is given a new one made from
 * its data blocks (src/store/table-index.ts). LevelDB's own repair rebuilds the database from its table and log
 * files, keeping every row it can read and dropping the blocks it cannot.
 * What it dropped is then found the way damage always is: derived state (the
 * key-value indexes) is dropped whole and rebuilt from the records when next
 * used, since a row missing from it would be a key answered as absent; each
 * capsule's records are checked against its signed heartbeats, tree tiles
 * are derived again from whole records, and records that are missing or
 * damaged are reported, to be mended from a replica (docs/store.md). A
 * capsule whose metadata row went with a block is reported too: it is known
 * by its other rows or by the evidence file, and no command on it works until
 * its metadata is back.
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { ClassicLevel } from 'classic-level'
import { formatName, NAME_LENGTH } from '../capsule/name.js'
import { GdpError, StoreCorruptionError, StoreOpenError } from '../errors.js'
import { CapsuleStore, DROP_BATCH_ROWS, dropRows } from './capsule-store.js'
import { Evidence, EVIDENCE_FILE } from './evidence.js'
import { capsuleRanges, tablesRange, tombstoneKey } from './layout.js'
import { REPAIR_MARKER, refuseRepairMarkerFolder, refuseUnreadableLogs, StoreDb, type WriteOp } from './level-db.js'
import { replaceFile, syncFolder } from './replace-file.js'
import { mendTableIndexes, refuseUnmendableTables } from './table-index.js'
import type { SeqRange } from '../capsule/types.js'

/** The tag byte of every table keyed by capsule name (the metadata table among them). */
const CAPSULE_TABLES = capsuleRanges(new Uint8Array(NAME_LENGTH)).map((range) => range.gte[0]!)

/** What a salvage found of one capsule. */
export interface SalvagedCapsule {
  name: string
  /** Records its last heartbeat covers (0 when it could not be checked). */
  size: number
  /** Records still missing or damaged, as ranges [from, to): to be mended from a replica. */
  records: SeqRange[]
  /** Tree tiles derived again from the records. */
  tiles: number
  /** Key-value index rows dropped (rebuilt from the records when next used). */
  indexRows: number
  /** Why the capsule cannot be checked or served (a stored error's message), if so. */
  fault: string | undefined
}

/**
 * Salvages the store at `path`. Refuses a store in use (a node running on
 * it) with StoreInUseError before touching anything. `repair` is how its
 * refusals name it, to be run again (the command line's command, with the
 * data folder it runs on).
 */
export async function salvageStore (path: string, onCapsule: (c: SalvagedCapsule) => void, onTable: (line: string) => void = () => {}, repair?: string): Promise<void> {
  // Opening takes LevelDB's lock: a store in use is refused here, not repaired under a running node. One that
  // cannot be opened for its damage is what this is for.
  try {
    const db = await StoreDb.open(path)
    await db.close()
  } catch (err) {
    if (!(err instanceof StoreCorruptionError)) throw err
  }
  // Refused before anything is touched (an emptied file is refused, naming the way out): read first.
  const claimed = await claimedCapsules(path)
  // From here to the end the store is half repaired: an open refuses it until a repair ends (REPAIR_MARKER).
  refuseRepairMarkerFolder(path)
  // Refused part-way, a repair that changed nothing left its marker all the same, and every open said it was stopped.
  refuseUnmendableTables(path, repair)
  refuseUnreadableLogs(path)
  const marker = join(path, REPAIR_MARKER)
  replaceFile(marker, Buffer.from(`gdp store repair started ${new Date().toISOString()}\n`))
  syncFolder(path)
  // LevelDB's repair drops a table whose index it cannot read, all of it: such a table gets an index from its data blocks first.
  for (const line of mendTableIndexes(path, repair)) onTable(line)
  try {
    await ClassicLevel.repair(path)
  } catch (err) {
    throw new StoreOpenError(`LevelDB could not repair the store at ${path}: ${(err as Error).message}`, { cause: err })
  }
  const names = await knownCapsules(path, claimed)
  await dropHashIndexes(path)
  const store = await CapsuleStore.open({ path, repairing: true })
  try {
    for (const name of names) onCapsule(await salvageCapsule(store, name))
    // A saved count lost with a block read as nothing used, for good, and one kept may be older than the records kept.
    await store.recountOwnerUsage()
  } finally {
    await store.close()
  }
  rmSync(marker)
  syncFolder(path)
}

/** The capsules the evidence file of the store at `path` claims. */
async function claimedCapsules (path: string): Promise<Uint8Array[]> {
  const evidence = Evidence.open(path, false)
  const claimed = evidence.claimedNames()
  await evidence.close()
  return claimed
}

/**
 * Every capsule the store knows of, in name order: by its metadata, or,
 * where a lost block took that, by its other rows or by the claim (in `claimed`) the
 * evidence file holds for it (store.names() lists only the metadata). A
 * capsule deleted by a store from before deletions forgot their claims
 * still has one, beside its tombstone: it is not one.
 */
async function knownCapsules (path: string, claimed: Uint8Array[]): Promise<Uint8Array[]> {
  const known = new Map<string, Uint8Array>()
  const db = await StoreDb.open(path)
  try {
    for (const table of CAPSULE_TABLES) {
      // One seek per capsule, past all its rows: a table holds a row per heartbeat, record chunk or tile.
      for (let from: Uint8Array | undefined = Uint8Array.of(table); from !== undefined;) {
        const [key] = await db.keys({ gte: from, lt: Uint8Array.of(table + 1), limit: 1 }).all()
        if (key === undefined) break
        const name = key.slice(1, 1 + NAME_LENGTH)
        known.set(formatName(name), name)
        from = firstKeyAfter(table, name)
      }
    }
    for (const name of claimed) {
      if (!known.has(formatName(name)) && await db.get(tombstoneKey(name)) === undefined) known.set(formatName(name), name)
    }
  } finally {
    await db.close()
  }
  return [...known.values()].sort(Buffer.compare)
}

/**
 * Drops every capsule's hash index (its rows from a record hash to its
 * seqno, and the row saying how many records they cover): derived, and
 * built again from the records at the next read by hash. Its rows lost with
 * a block while the row of how many it covers stayed, those records were
 * answered "no record with hash" for good (found by damaging a table). The
 * count goes first: a drop stopped part-way reads as covering nothing.
 */
async function dropHashIndexes (path: string): Promise<void> {
  const db = await StoreDb.open(path)
  try {
    // After LevelDB's repair, which dropped every block it could not read: one left is not passed over.
    await dropRows(db, [tablesRange('hashIndexed'), tablesRange('hashes')], (err) => { throw err })
  } finally {
    await db.close()
  }
}

/** The first key of `table` past every row of capsule `name`; undefined after the last possible name. */
function firstKeyAfter (table: number, name: Uint8Array): Uint8Array | undefined {
  const key = Uint8Array.of(table, ...name)
  for (let at = key.length - 1; at > 0; at--) {
    if (key[at] !== 0xff) {
      key[at]!++
      return key
    }
    key[at] = 0
  }
  return undefined
}

async function salvageCapsule (store: CapsuleStore, name: Uint8Array): Promise<SalvagedCapsule> {
  const out: SalvagedCapsule = { name: formatName(name), size: 0, records: [], tiles: 0, indexRows: 0, fault: undefined }
  const rows = store.kvIndexRows(name)
  let drop: WriteOp[] = []
  for await (const key of rows.keys()) {
    drop.push({ type: 'del', key })
    out.indexRows++
    if (drop.length >= DROP_BATCH_ROWS) { await rows.write(drop); drop = [] }
  }
  if (drop.length > 0) await rows.write(drop)
  try {
    if (!await store.has(name)) {
      out.fault = metadataLost(store, out.name)
      return out
    }
    const damage = await store.damage(name)
    out.size = damage.size
    out.records = damage.records
    const mended = damage.metadataDamaged
      ? [`${damage.firstFault ?? 'its metadata row is damaged'}: a running server mends it from its replicas ('gdp capsule repair')`]
      : damage.heartbeats.length === 0 ? [] : [`the heartbeats at sizes ${damage.heartbeats.join(', ')} are damaged: a running server mends them from its replicas ('gdp capsule repair')`]
    if (damage.unrepairable.length + mended.length > 0) out.fault = [...mended, ...damage.unrepairable].join('; ')
    // Tiles are derived state of the records: mended here from the whole records, all at once.
    if (damage.tiles.length > 0 && damage.records.length === 0) out.tiles = (await store.repair(name, [])).tiles.length
  } catch (err) {
    if (!(err instanceof GdpError)) throw err
    out.fault = `${err.name}: ${err.message}`
  }
  return out
}

/**
 * The metadata (owner-signed) of a capsule is lost: the store keeps the
 * rest, but nothing can check or serve it without the metadata. The store
 * refuses to create a capsule it acknowledged afresh (CapsuleStore.create),
 * so the evidence file goes aside for the import.
 */
function metadataLost (store: CapsuleStore, name: string): string {
  return `its metadata (the owner-signed row naming its owner and writer) is lost: the capsule is neither checked nor served until it is back. ` +
    `Restore the store from a backup, or fetch the capsule from a replica: 'gdp capsule export ${name} --node <a node that holds it> --out <file>', ` +
    `then, with no node running, move ${join(store.path, EVIDENCE_FILE)} aside (the store then forgets what it acknowledged, for every capsule) and 'gdp capsule import <file>'`
}
