// An independent reader of docs/vectors/kv-v1.json, files-v1.json and
// routing-v1.json, written in Python from docs/spec.md, kv.md, files.md,
// routing.md and proto/ alone
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

describe.skipIf(!havePython && !required)(havePython ? 'the independent Python reader of the kv, files and routing vectors' : 'NOT RUN: no python3, so the independent reader of the vectors was not run', () => {
  it('agrees with every vector, good and bad, and reads every section', () => {
    if (!havePython) throw new Error('GDP_REQUIRE_PYTHON=1 but there is no python3 to run test/vectors/independent/gdpcheck.py')
    const { status, lines } = check(VECTORS)
    expect(lines.filter((line) => !line.startsWith('ok '))).toEqual([expect.stringMatching(/^\d+ passed, 0 failed$/)])
    expect(status).toBe(0)
    // Every vector of every list is one check at least: 267 when this was written.
    expect(Number(/^(\d+) passed/.exec(lines.at(-1)!)![1])).toBeGreaterThanOrEqual(267)
  }, 120_000)

  it('is no rubber stamp: a payload every reader must refuse, made valid, fails it', () => {
    if (!havePython) throw new Error('GDP_REQUIRE_PYTHON=1 but there is no python3 to run test/vectors/independent/gdpcheck.py')
    const dir = mkdtempSync(join(tmpdir(), 'gdp-vectors-'))
    try {
      for (const name of ['capsule-v1.json', 'files-v1.json', 'routing-v1.json']) copyFileSync(join(VECTORS, name), join(dir, name))
      const kv = JSON.parse(readFileSync(join(VECTORS, 'kv-v1.json'), 'utf8'))
      kv.invalidRecords[0].payload = '0a060a0161120131' // put a = 1 (kv.md section 2's example)
      writeFileSync(join(dir, 'kv-v1.json'), JSON.stringify(kv))
      const { status, lines } = check(dir)
      expect(status).toBe(1)
      expect(lines.filter((line) => line.startsWith('FAIL'))).toEqual([expect.stringMatching(/^FAIL kv invalid record 0: .*: AssertionError: accepted$/)])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 120_000)
})
