// Rebuilds classic-level's LevelDB binding so that every read checks the CRC
// of each table block it reads (LevelDB's ReadOptions.verify_checksums, off
// by default and not exposed by classic-level), part of `npm run build`.
//
// Why: with unchecked reads, one flipped byte in a table file came back as
// other values (snappy spreads it), or aborted the whole process inside
// LevelDB (an assertion in its key parsing, SIGABRT): a remote `kv list`
// took a server down, again after every restart. Checked, the same damage is
// a "block checksum mismatch", which the store reports as a
// StoreCorruptionError naming the table.
//
// The binding is built from classic-level's own sources (its package ships
// LevelDB and snappy) in a copy, with the one option set in each of its four
// read paths (and paranoid_checks in its repair, which then checks the
// blocks it reads), and installed as build/Release/classic_level.node, which
// node-gyp-build loads before the prebuilt binaries. Where it cannot be built
// (no compiler, no node-gyp, no Node headers, sources of another version),
// this says why and exits 0, and the prebuilt binding (unchecked reads) stays.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

const packageDir = path.resolve('node_modules/classic-level')
const installed = path.join(packageDir, 'build/Release/classic_level.node')
const stampFile = path.join(packageDir, 'build/gdp-verify-checksums.stamp')
// Node's prefix: its headers (include/node) and npm's bundled node-gyp sit under it in every official install.
const prefix = path.resolve(path.dirname(process.execPath), '..')
const nodeGyp = path.join(prefix, 'lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js')

/** The binding's source with verify_checksums set wherever it makes ReadOptions, or a reason it cannot be. */
function patched (source) {
  const edits = [
    [/^(\s*)options_->fill_cache = fillCache;$/m, '$1options_->fill_cache = fillCache;\n$1options_->verify_checksums = true;'],
    [/^(\s*)options_\.fill_cache = \(flags & Flags::FILL_CACHE\) != 0;$/m, '$1options_.fill_cache = (flags & Flags::FILL_CACHE) != 0;\n$1options_.verify_checksums = true;'],
    [/^(\s*)options\.fill_cache = \(flags & Flags::FILL_CACHE\) != 0;$/m, '$1options.fill_cache = (flags & Flags::FILL_CACHE) != 0;\n$1options.verify_checksums = true;'],
    [/^(\s*)options_\.fill_cache = fillCache;$/m, '$1options_.fill_cache = fillCache;\n$1options_.verify_checksums = true;'],
    // Repair (gdp store repair) reads each table with checksums checked only when paranoid: unchecked, a damaged
    // block it meant to drop aborted it as it did reads.
    [/^(\s*)SetStatus\(leveldb::RepairDB\(location_, options\)\);$/m, '$1options.paranoid_checks = true;\n$1SetStatus(leveldb::RepairDB(location_, options));']
  ]
  let out = source
  for (const [pattern, replacement] of edits) {
    if (!pattern.test(out)) return { why: `binding.cc has no line ${pattern.source} (another classic-level version?)` }
    out = out.replace(pattern, replacement)
  }
  // Every place that makes read options sets it: a read path this script does not know would read unchecked.
  const made = (out.match(/leveldb::ReadOptions(\(\)|\s+options_?;)/g) ?? []).length
  if (made !== 4) return { why: `binding.cc makes read options in ${made} places, this script sets the option in 4` }
  return { source: out }
}

// A table's index block (where each data block is), and its meta and filter blocks, are read once as the table opens,
// checked only when the database is paranoid (which also makes log recovery strict). Unchecked, one bit flipped in an
// index block aborted the process inside LevelDB (an assertion in its key parsing) on every read of the table and at
// every start of a node on the store, or sent seeks to the wrong data block, so that rows read as absent: a file or
// a key-value listing gone, exit 0. Checked, it is a "block checksum mismatch" naming the table, as for a data block.
const TABLE_PLACE = 'deps/leveldb/leveldb-1.20/table/table.cc'

/** LevelDB's table.cc with the blocks read at a table's open checked whatever paranoid_checks says, or a reason it cannot be. */
function patchedTable (source) {
  const pattern = /if \((rep_->)?options\.paranoid_checks\) \{\s*opt\.verify_checksums = true;\s*\}/g
  const found = (source.match(pattern) ?? []).length
  if (found !== 3) return { why: `${TABLE_PLACE} checks blocks on paranoid_checks in ${found} places, this script expects 3 (index, meta and filter blocks; another LevelDB version?)` }
  return { source: source.replace(pattern, 'opt.verify_checksums = true;  // gdp-node: checked always (scripts/build-leveldb.mjs)') }
}

// A compaction (LevelDB merging tables, in the background and on a capsule's deletion) read its input checked only
// when the database is paranoid, whatever the reads ask for. Unchecked, one flipped byte in a data block either aborted
// the process inside LevelDB (a key out of order fails an assertion as the new table is written: SIGABRT, at every
// start, as the compaction comes again) or went into the new table, whose checksums then hold: the damage laundered,
// read back as other values with no error. Checked, the compaction fails with "block checksum mismatch", LevelDB
// refuses writes from then on (its background error), and the reads still find the damage: gdp store repair mends it.
const VERSION_SET_PLACE = 'deps/leveldb/leveldb-1.20/db/version_set.cc'

/** LevelDB's version_set.cc with a compaction's input checked whatever paranoid_checks says, or a reason it cannot be. */
function patchedVersionSet (source) {
  const pattern = /(Iterator\* VersionSet::MakeInputIterator\(Compaction\* c\) \{\s*ReadOptions options;\s*)options\.verify_checksums = options_->paranoid_checks;/
  if (!pattern.test(source)) return { why: `${VERSION_SET_PLACE} does not make a compaction's read options as this script expects (another LevelDB version?)` }
  return { source: source.replace(pattern, '$1options.verify_checksums = true;  // gdp-node: checked always (scripts/build-leveldb.mjs)') }
}

// LevelDB checks a CRC-32C of every block it writes, and here of every block it reads: with its portable table, about
// 1 GB/s, as much CPU in a file put as SHA-256. Its SSE 4.2 code is compiled only with -msse4.2, which classic-level's
// build does not give, so it falls back to the table. This file takes the place of port/port_posix_sse.cc: the CPU's
// crc32 instruction in a function compiled for it, used where the CPU has it (checked at run time); elsewhere 0, which
// makes LevelDB keep its table (util/crc32c.cc also checks the answer on a test buffer before it uses this at all).
const CRC32C_SOURCE = `// Written by gdp-node's scripts/build-leveldb.mjs in place of LevelDB's port_posix_sse.cc.
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "port/port.h"
#if defined(__x86_64__) && defined(__GNUC__)
#include <nmmintrin.h>
#endif

namespace leveldb {
namespace port {

#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("sse4.2"))) static uint32_t Crc32cByInstruction(uint32_t crc, const uint8_t* p, size_t n) {
  uint64_t l = crc ^ 0xffffffffu;
  for (; n > 0 && (reinterpret_cast<uintptr_t>(p) & 7) != 0; n--) l = _mm_crc32_u8(static_cast<uint32_t>(l), *p++);
  for (; n >= 8; n -= 8, p += 8) {
    uint64_t word;
    memcpy(&word, p, sizeof(word));
    l = _mm_crc32_u64(l, word);
  }
  for (; n > 0; n--) l = _mm_crc32_u8(static_cast<uint32_t>(l), *p++);
  return static_cast<uint32_t>(l) ^ 0xffffffffu;
}

uint32_t AcceleratedCRC32C(uint32_t crc, const char* buf, size_t size) {
  static const bool have = __builtin_cpu_supports("sse4.2");
  return have ? Crc32cByInstruction(crc, reinterpret_cast<const uint8_t*>(buf), size) : 0;
}
#else
uint32_t AcceleratedCRC32C(uint32_t, const char*, size_t) { return 0; }
#endif

}  // namespace port
}  // namespace leveldb
`
const CRC32C_PLACE = 'deps/leveldb/leveldb-1.20/port/port_posix_sse.cc'

function build () {
  if (!existsSync(path.join(packageDir, 'binding.cc'))) return 'classic-level is not installed'
  if (!existsSync(path.join(packageDir, CRC32C_PLACE))) return `classic-level has no ${CRC32C_PLACE} (another LevelDB version?)`
  if (!existsSync(path.join(packageDir, TABLE_PLACE))) return `classic-level has no ${TABLE_PLACE} (another LevelDB version?)`
  if (!existsSync(path.join(packageDir, VERSION_SET_PLACE))) return `classic-level has no ${VERSION_SET_PLACE} (another LevelDB version?)`
  const result = patched(readFileSync(path.join(packageDir, 'binding.cc'), 'utf8'))
  if (result.why !== undefined) return result.why
  const table = patchedTable(readFileSync(path.join(packageDir, TABLE_PLACE), 'utf8'))
  if (table.why !== undefined) return table.why
  const versionSet = patchedVersionSet(readFileSync(path.join(packageDir, VERSION_SET_PLACE), 'utf8'))
  if (versionSet.why !== undefined) return versionSet.why
  // Built already, from these sources for this Node (an image's build stage gets the one built beside it).
  const stamp = createHash('sha256').update(result.source).update(CRC32C_SOURCE).update(table.source).update(versionSet.source).update(process.version).digest('hex')
  if (existsSync(installed) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return undefined
  if (!existsSync(nodeGyp)) return `no node-gyp at ${nodeGyp}`
  if (!existsSync(path.join(prefix, 'include/node/node_api.h'))) return `no Node headers in ${path.join(prefix, 'include/node')}`
  const work = mkdtempSync(path.join(tmpdir(), 'gdp-classic-level-'))
  try {
    cpSync(packageDir, work, { recursive: true, filter: (p) => !p.startsWith(path.join(packageDir, 'build')) && !p.startsWith(path.join(packageDir, 'prebuilds')) })
    writeFileSync(path.join(work, 'binding.cc'), result.source)
    writeFileSync(path.join(work, CRC32C_PLACE), CRC32C_SOURCE)
    writeFileSync(path.join(work, TABLE_PLACE), table.source)
    writeFileSync(path.join(work, VERSION_SET_PLACE), versionSet.source)
    // binding.gyp asks node for napi-macros' include folder: from the copy in tmpdir, found only through NODE_PATH
    // (npm hoists it to the project's node_modules, out of reach of the copy's own lookup).
    const nodePath = [path.resolve('node_modules'), process.env.NODE_PATH].filter((p) => p !== undefined && p !== '').join(path.delimiter)
    const gyp = spawnSync(process.execPath, [nodeGyp, 'rebuild', `--nodedir=${prefix}`, '-j', 'max'], { cwd: work, encoding: 'utf8', env: { ...process.env, NODE_PATH: nodePath } })
    if (gyp.error !== undefined) return `node-gyp: ${gyp.error.message}`
    if (gyp.status !== 0) return `node-gyp failed: ${(gyp.stderr ?? '').trim().split('\n').slice(-3).join(' ')}`
    mkdirSync(path.dirname(installed), { recursive: true })
    copyFileSync(path.join(work, 'build/Release/classic_level.node'), installed)
    writeFileSync(stampFile, stamp)
    return undefined
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

const why = build()
if (why !== undefined) console.warn(`LevelDB binding with checked block reads not built (${why}): the prebuilt one reads blocks unchecked, so a damaged table may give wrong rows or abort the process`)
