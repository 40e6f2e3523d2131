/**
 * Salvage of a store LevelDB cannot read whole (`gdp store repair`, with no
 * node running): a table block that fails its checksum, a lost MANIFEST or
 * CURRENT. LevelDB's own repair rebuilds the database from its table and log
 * files, keeping every row it can read and dropping the blocks it cannot.
 * What it dropped is then found the way damage always is: derived state (the
 * key-value indexes) is dropped whole and rebuilt from the records when next
 * used, since a row missing from it would be a key answered as absent; each
 * capsule's records are checked against its signed heartbeats, tree tiles
 * are derived again from whole records, and records that are missing or
 * damaged are reported, to be mended from a replica (docs/store.md).
 */
import { ClassicLevel } from 'classic-level'
import { formatName } from '../capsule/name.js'
import { GdpError, StoreCorruptionError, StoreOpenError } from '../errors.js'
import { CapsuleStore } from './capsule-store.js'
import { StoreDb, type WriteOp } from './level-db.js'
import type { SeqRange } from '../capsule/view.js'

/** Index rows deleted per write: bounds what a drop holds in memory. */
const DROP_BATCH_ROWS = 10_000

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
 * it) with StoreInUseError before touching anything.
 */
export async function salvageStore (path: string, onCapsule: (c: SalvagedCapsule) => void): Promise<void> {
  // Opening takes LevelDB's lock: a store in use is refused here, not repaired under a running node. One that
  // cannot be opened for its damage is what this is for.
  try {
    const db = await StoreDb.open(path)
    await db.close()
  } catch (err) {
    if (!(err instanceof StoreCorruptionError)) throw err
  }
  try {
    await ClassicLevel.repair(path)
  } catch (err) {
    throw new StoreOpenError(`LevelDB could not repair the store at ${path}: ${(err as Error).message}`, { cause: err })
  }
  const store = await CapsuleStore.open({ path })
  try {
    for await (const name of store.names()) onCapsule(await salvageCapsule(store, name))
  } finally {
    await store.close()
  }
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
    const damage = await store.damage(name)
    out.size = damage.size
    out.records = damage.records
    if (damage.unrepairable.length > 0) out.fault = damage.unrepairable.join('; ')
    // Tiles are derived state of the records: mended here from the whole records, all at once.
    if (damage.tiles.length > 0 && damage.records.length === 0) out.tiles = (await store.repair(name, [])).tiles.length
  } catch (err) {
    if (!(err instanceof GdpError)) throw err
    out.fault = `${err.name}: ${err.message}`
  }
  return out
}
