// gdp capsule append through --node cuts what it appends into batches that
// each fit the one PDU they travel in.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers.js'
import { gdpIn } from './run-gdp.js'
import { gdpThroughServer } from './through-node.js'

const dir = tempDir('gdp-cli-append-batches-')
afterAll(() => { dir.cleanup() })
const { rok } = gdpThroughServer(dir.path)
const { ok } = gdpIn(dir.path)

describe('gdp capsule append --lines through --node', () => {
  // Cut at 64 MiB of payload alone, these made one batch of 67 MB with 0.9 MB of record fields: refused TOO_LARGE.
  it('appends 10,000 lines of 6,700 bytes (67 MB, under 64 MiB of payload) in batches that each fit one PDU', async () => {
    ok(['keys', 'generate'])
    const capsule = JSON.parse(await rok(['capsule', 'create', '--json'])).name as string
    const line = 'x'.repeat(6_699) + '\n'
    const file = join(dir.path, 'lines.txt')
    writeFileSync(file, line.repeat(10_000))
    const appended = await rok(['capsule', 'append', capsule, '--file', file, '--lines', '--json'])
    expect(JSON.parse(appended)).toMatchObject({ first: 0, count: 10_000, heartbeat: { size: 10_000 } })
    // Two batches, each ended by a heartbeat of the writer.
    expect(await rok(['capsule', 'verify', capsule])).toMatch(/: 10000 records, 2 heartbeats: valid/)
  }, 120_000)
})
