// Migrations between `gdp node start` processes on loopback, driven by
// `gdp migrate send` as an operator runs it: the receiver's limits as its
// configuration file sets them, across a sender killed mid-handoff and a
// receiver killed and started again.
import type { ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDir, waitFor } from '../helpers.js'
import { gdpIn, startNode, type StartedNode } from './run-gdp.js'

const dir = tempDir('gdp-migrate-processes-')
const children: ChildProcess[] = []
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
  dir.cleanup()
})
const { gdpAsync, ok } = gdpIn(dir.path)

type Started = StartedNode
const start = async (data: string, args: string[]): Promise<Started> => await startNode(dir.path, children, data, args)

async function kill9 (node: Started): Promise<void> {
  node.child.kill('SIGKILL')
  await node.exited
}

type Listed = Array<{ name: string, status: string, entries: number }>
const list = (data: string): Listed => JSON.parse(ok(['--data', data, 'migrate', 'list', '--json']))

describe('gdp migrate send between node processes', () => {
  it('migration_unfinished_per_sender from the receiver\'s config file: at the limit a resend of the unfinished name is taken, past it a new name is refused, across a restart of the receiver', async () => {
    const port = 5900 + Math.floor(Math.random() * 900)
    const sender = await start('a', ['--role', 'server', '--listen', `/ip4/127.0.0.1/tcp/${port}`])
    const config = join(dir.path, 'b.yaml')
    writeFileSync(config, `role: server\nlisten: [/ip4/127.0.0.1/tcp/${port + 1}]\nmigration_allow: [${sender.first.name}]\nmigration_unfinished_per_sender: 1\n`)
    let receiver = await start('b', ['--config', config])
    const to = `/ip4/127.0.0.1/tcp/${port + 1}/p2p/${receiver.first.peerId}`
    const image = join(dir.path, 'disk.img')
    writeFileSync(image, randomBytes(256 * 1024))

    // A live send whose pause step never ends, its node killed there: the receiver keeps 'one' unfinished.
    const hung = gdpAsync(['--data', 'a', 'migrate', 'send', '--to', to, '--name', 'one', '--image', `disk=${image}`, '--live', '--pause-command', 'sleep 15'])
    await waitFor(() => list('b').some((m) => m.name === 'one' && m.entries > 0), { timeoutMs: 20_000, intervalMs: 100, what: 'the first round of \'one\' to arrive' })
    await kill9(sender)
    await hung
    expect(list('b')).toMatchObject([{ name: 'one', status: 'receiving' }])

    const again = await start('a', ['--role', 'server', '--listen', `/ip4/127.0.0.1/tcp/${port}`])
    const send = async (name: string): Promise<{ code: number, err: string }> => await gdpAsync(['--data', 'a', 'migrate', 'send', '--to', to, '--name', name, '--image', `disk=${image}`, '--mode', 'raw'])
    // Past the limit: a second migration not finished here.
    const refused = await send('two')
    expect(refused.code).toBe(1)
    expect(refused.err).toMatch(/QuotaExceededError|takes at most 1 from one sender at once/)
    expect(refused.err).toContain('one')

    // The limit holds across a receiver killed and started again.
    await kill9(receiver)
    receiver = await start('b', ['--config', config])
    const stillRefused = await send('two')
    expect(stillRefused.code).toBe(1)
    expect(stillRefused.err).toMatch(/takes at most 1 from one sender at once/)
    expect(list('b').map((m) => m.name)).toEqual(['one'])

    // At the limit: a new send of the unfinished name replaces it; once it is complete, the other name is taken.
    expect((await send('one')).code).toBe(0)
    expect((await send('two')).code).toBe(0)
    expect(list('b').map((m) => [m.name, m.status])).toEqual([['one', 'complete'], ['two', 'complete']])
    await kill9(again)
    await kill9(receiver)
  }, 120_000)

  it('a receiver killed with SIGKILL mid-transfer and started again: the sender resumes after what was acknowledged, and the image arrives byte for byte', async () => {
    const port = 5900 + Math.floor(Math.random() * 900)
    const sender = await start('c', ['--role', 'server', '--listen', `/ip4/127.0.0.1/tcp/${port}`])
    const args = ['--role', 'server', '--listen', `/ip4/127.0.0.1/tcp/${port + 1}`, '--migration-allow', sender.first.name]
    let receiver = await start('d', args)
    const to = `/ip4/127.0.0.1/tcp/${port + 1}/p2p/${receiver.first.peerId}`
    const image = join(dir.path, 'random.img')
    const bytes = randomBytes(64 * 1024 * 1024)
    writeFileSync(image, bytes)
    const sending = gdpAsync(['--data', 'c', '--json', 'migrate', 'send', '--to', to, '--name', 'cut', '--image', `disk=${image}`, '--mode', 'raw'])
    await waitFor(() => list('d').some((m) => m.name === 'cut' && m.entries > 1), { timeoutMs: 30_000, intervalMs: 50, what: 'some of \'cut\' to arrive' })
    await kill9(receiver)
    // Nothing looks complete while it is away (a state file being replaced may be left as .migration.json.tmp).
    expect(readdirSync(join(dir.path, 'd', 'migrations', 'cut')).filter((file) => !file.startsWith('.migration.json')).sort()).toEqual(['disk.partial'])
    receiver = await start('d', args)
    const sent = await sending
    expect(sent.code).toBe(0)
    const summary = JSON.parse(sent.out.trim().split('\n').at(-1)!) as { resumes: number, folder: string }
    expect(summary.resumes).toBeGreaterThanOrEqual(1)
    expect(list('d')).toMatchObject([{ name: 'cut', status: 'complete' }])
    expect(Buffer.compare(readFileSync(join(dir.path, 'd', 'migrations', 'cut', 'disk')), bytes)).toBe(0)
    await kill9(sender)
    await kill9(receiver)
  }, 120_000)
})
