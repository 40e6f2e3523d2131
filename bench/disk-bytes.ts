// What a folder takes on disk, as the benchmarks' tables count it for ours and for the anchor alike.
import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'

/** The bytes of every file below `dir`, in every subfolder (file sizes, not blocks allocated). */
export async function diskBytes (dir: string): Promise<number> {
  let total = 0
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name)
    total += entry.isDirectory() ? await diskBytes(p) : (await stat(p)).size
  }
  return total
}
