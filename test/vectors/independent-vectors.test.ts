// An independent reader of docs/vectors/kv-v1.json, files-v1.json,
// routing-v1.json, migration-v1.json and store-files-v1.json (an evidence
// file, writer journal entries), written in Python from docs/spec.md,
// kv.md, files.md, routing.md, migration.md, store.md and proto/ alone
// (test/vectors/independent/gdpcheck.py, standard library only), must
// agree with every vector, good and bad. Where it could not, the documents
// were imprecise; this keeps them precise enough to build a reader from.
// Skipped only when there is no python3; GDP_REQUIRE_PYTHON=1 (CI) makes
// that a failure.
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const CHECKER = join(import.meta.dirname, 'independent/gdpcheck.py')
const VECTORS = join(import.meta.dirname, '../../docs/vectors')
const required = process.env.GDP_REQUIRE_PYTHON === '1'
const havePython = spawnSync('python3', ['--version']).status === 0
if (!havePython && !required) console.warn('independent vectors: no python3 here, so the Python reader of the vectors was not run (GDP_REQUIRE_PYTHON=1 makes this a failure)')

function check (vectors: string): { status: number | null, lines: string[] } {
  const run = spawnSync('python3', [CHECKER, vectors], { encoding: 'utf8', timeout: 120_000 })
  if (run.error !== undefined) throw run.error
  return { status: run.status, lines: `${run.stdout}${run.stderr}`.split('\n').filter((line) => line !== '') }
}

describe.skipIf(!havePython && !required)(havePython ? 'the independent Python reader of the kv, files, routing, migration and store file vectors' : 'NOT RUN: no python3, so the independent reader of the vectors was not run', () => {
  it('agrees with every vector, good and bad, and reads every section', () => {
    if (!havePython) throw new Error('GDP_REQUIRE_PYTHON=1 but there is no python3 to run test/vectors/independent/gdpcheck.py')
    const { status, lines } = check(VECTORS)
    expect(lines.filter((line) => !line.startsWith('ok '))).toEqual([expect.stringMatching(/^\d+ passed, 0 failed$/)])
    expect(status).toBe(0)
    // Every vector of every list is one check at least: 341 once the store file vectors were read.
    expect(Number(/^(\d+) passed/.exec(lines.at(-1)!)![1])).toBeGreaterThanOrEqual(341)
    // The migration image rebuilt, and every batch, chunk and entry the vectors say a receiver refuses refused, for its rule.
    expect(lines).toContain('ok   migration image: rebuilt from the base and the entries, its size, sha256 and block-list digest')
    const migration = JSON.parse(readFileSync(join(VECTORS, 'migration-v1.json'), 'utf8'))
    const refusals = lines.filter((line) => /^ok {3}migration invalid (batch|chunk|entry) \d+ /.test(line))
    expect(refusals).toHaveLength(migration.invalidBatches.length + migration.invalidChunks.length + migration.invalidEntries.length)
    // Every evidence file kept or refused as Evidence.open does, every journal entry taken or refused as the journal does.
    const storeFiles = JSON.parse(readFileSync(join(VECTORS, 'store-files-v1.json'), 'utf8'))
    expect(lines.filter((line) => /^ok {3}evidence file \d+ /.test(line))).toHaveLength(storeFiles.evidence.files.length)
    expect(lines.filter((line) => /^ok {3}journal entry \d+ /.test(line))).toHaveLength(storeFiles.journal.entries.length)
  }, 120_000)

  it('is no rubber stamp: a payload every reader must refuse, made valid, an image digest changed, a damaged group or journal entry said to be whole, fails it', () => {
    if (!havePython) throw new Error('GDP_REQUIRE_PYTHON=1 but there is no python3 to run test/vectors/independent/gdpcheck.py')
    const dir = mkdtempSync(join(tmpdir(), 'gdp-vectors-'))
    try {
      for (const name of ['capsule-v1.json', 'files-v1.json', 'routing-v1.json']) copyFileSync(join(VECTORS, name), join(dir, name))
      const kv = JSON.parse(readFileSync(join(VECTORS, 'kv-v1.json'), 'utf8'))
      kv.invalidRecords[0].payload = '0a060a0161120131' // put a = 1 (kv.md section 2's example)
      writeFileSync(join(dir, 'kv-v1.json'), JSON.stringify(kv))
      const migration = JSON.parse(readFileSync(join(VECTORS, 'migration-v1.json'), 'utf8'))
      migration.invalidBatches[0].batch = '220101' // one ZERO at block 0 (migration.md section 3)
      migration.result.sha256 = migration.result.sha256.replace(/^./, (c: string) => c === '0' ? '1' : '0')
      writeFileSync(join(dir, 'migration-v1.json'), JSON.stringify(migration))
      const storeFiles = JSON.parse(readFileSync(join(VECTORS, 'store-files-v1.json'), 'utf8'))
      const damagedClaim = storeFiles.evidence.files.findIndex((f: { case: string }) => f.case.startsWith('a byte of a claim in the second group changed'))
      storeFiles.evidence.files[damagedClaim].expect.damagedBytes = []
      const damagedPayload = storeFiles.journal.entries.findIndex((e: { case: string }) => e.case === 'a byte of a payload changed')
      storeFiles.journal.entries[damagedPayload].expect = { accepted: { firstSeqno: 2, size: 5 } }
      writeFileSync(join(dir, 'store-files-v1.json'), JSON.stringify(storeFiles))
      const { status, lines } = check(dir)
      expect(status).toBe(1)
      expect(lines.filter((line) => line.startsWith('FAIL'))).toEqual([
        expect.stringMatching(/^FAIL kv invalid record 0: .*: AssertionError: accepted$/),
        expect.stringMatching(/^FAIL migration image: .*: AssertionError: sha256: got '[0-9a-f]{64}', want '[0-9a-f]{64}'$/),
        expect.stringMatching(/^FAIL migration invalid batch 0 \(.*\): AssertionError: accepted$/),
        expect.stringMatching(/^FAIL evidence file \d+ \(a byte of a claim in the second group changed.*\): AssertionError: what is kept: .*'damagedBytes': \[\[315, 470\]\]/),
        expect.stringMatching(/^FAIL journal entry \d+ \(a byte of a payload changed\): AssertionError: what the journal does with it: got \{'refused': 'FileAccessError'\}/)
      ])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 120_000)
})
