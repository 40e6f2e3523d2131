// gdp capsule append through --node cuts what it appends into batches that
// each fit the one PDU they travel in; it reads its input as it comes, a
// record past the largest refused there, the rest unread.
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers.js'
import { MAX_PAYLOAD_LENGTH } from '../../src/capsule/types.js'
import { gdpIn, gdpWithEndlessInput } from './run-gdp.js'
import { gdpThroughServer } from './through-node.js'

const dir = tempDir('gdp-cli-append-batches-')
afterAll(() => { dir.cleanup() })
const { remote, rok } = gdpThroughServer(dir.path)
const { gdp, ok, json } = gdpIn(dir.path)

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

  it('refuses a --lines line past the largest record after the batches before it, saying which were appended', async () => {
    const capsule = JSON.parse(await rok(['capsule', 'create', '--json'])).name as string
    const file = join(dir.path, 'then-too-long.txt')
    writeFileSync(file, Buffer.concat([Buffer.from('x\n'.repeat(10_001)), Buffer.alloc(MAX_PAYLOAD_LENGTH + 1, 0x61)]))
    const refused = await remote(['capsule', 'append', capsule, '--file', file, '--lines'])
    expect([refused.code, refused.err]).toEqual([1, `gdp: InvalidArgumentError: line 10002 of ${file} is over ${MAX_PAYLOAD_LENGTH} bytes, the most one record holds; the first 10000 records of the input were appended (0..9999)\n`])
    expect(JSON.parse(await rok(['capsule', 'info', capsule, '--json'])).size).toBe(10_000)
  }, 60_000)
})

// Found by an audit of the command line's inputs: the input was read whole before a record of it was looked at, so
// `yes | gdp capsule append` or `--file /dev/zero` was held until memory ran out.
describe('gdp capsule append reads its input as it comes', () => {
  let capsule = ''
  const size = (): number => json(['capsule', 'info', capsule]).size

  it(`appends a record of ${MAX_PAYLOAD_LENGTH} bytes from a file; one byte more, from a file or stdin, is refused`, () => {
    capsule = json(['capsule', 'create']).name
    writeFileSync(join(dir.path, 'largest.bin'), Buffer.alloc(MAX_PAYLOAD_LENGTH, 0x61))
    expect(json(['capsule', 'append', capsule, '--file', 'largest.bin'])).toMatchObject({ first: 0, count: 1 })
    writeFileSync(join(dir.path, 'one-past.bin'), Buffer.alloc(MAX_PAYLOAD_LENGTH + 1, 0x61))
    expect(gdp(['capsule', 'append', capsule, '--file', 'one-past.bin']).err).toBe(`gdp: InvalidArgumentError: one-past.bin is over ${MAX_PAYLOAD_LENGTH} bytes, the most one record holds (--lines makes a record of each line)\n`)
    expect(gdp(['capsule', 'append', capsule], Buffer.alloc(MAX_PAYLOAD_LENGTH + 1, 0x61)).err).toMatch(`stdin is over ${MAX_PAYLOAD_LENGTH} bytes`)
    expect(size()).toBe(1)
  }, 60_000)

  it('refuses an endless stdin or --file (a FIFO) once past the largest record, without reading on', async () => {
    const fifo = join(dir.path, 'endless.fifo')
    execFileSync('mkfifo', [fifo])
    for (const [args, through] of [[[], undefined], [['--file', fifo], fifo], [['--lines'], undefined]] as const) {
      const run = await gdpWithEndlessInput(dir.path, ['capsule', 'append', capsule, ...args], 4 * MAX_PAYLOAD_LENGTH, through)
      expect(run.code).toBe(1)
      expect(run.err).toMatch(/InvalidArgumentError: (stdin|.*endless.fifo|line 1 of stdin) is over 67108864 bytes, the most one record holds/)
      expect(run.written).toBeLessThan(MAX_PAYLOAD_LENGTH + 8 * 1024 * 1024)
    }
    expect(size()).toBe(1)
  }, 60_000)

  it('appends --lines a batch at a time: a line past the largest record is refused after the batches before it', () => {
    const input = Buffer.concat([Buffer.from('x\n'.repeat(10_001)), Buffer.alloc(MAX_PAYLOAD_LENGTH + 1, 0x61)])
    expect(gdp(['capsule', 'append', capsule, '--lines'], input).err).toBe(`gdp: InvalidArgumentError: line 10002 of stdin is over ${MAX_PAYLOAD_LENGTH} bytes, the most one record holds; the first 10000 records of the input were appended (1..10000)\n`)
    expect(size()).toBe(10_001)
  }, 60_000)
})
