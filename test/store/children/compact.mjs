// Compacts the whole LevelDB at argv[2], then writes a row, and says how it
// went: "compacted and wrote", or "refused: <LevelDB's error>" (LevelDB's
// compactRange says nothing of a compaction that failed: the write after it
// meets the error). A process that LevelDB aborts says nothing (its parent
// sees the signal).
import { ClassicLevel } from 'classic-level'

const db = new ClassicLevel(process.argv[2], { keyEncoding: 'view', valueEncoding: 'view' })
await db.open()
try {
  await db.compactRange(new Uint8Array([0]), new Uint8Array(64).fill(0xff))
  await db.put(new Uint8Array([1]), new Uint8Array([1]), { sync: true })
  process.stdout.write('compacted and wrote\n')
} catch (err) {
  process.stdout.write(`refused: ${err.message}\n`)
}
await db.close().catch(() => {})
