// A `--node` command at an address whose port refuses the connection, through
// the built command line against real loopback ports: said at once to be
// nothing listening when no node comes there (it waited the whole 10 s link
// timeout), and reached when one does within the bound (a node restarting).
import { spawn } from 'node:child_process'
import { createServer, connect, type Server } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { DEFAULT_CONFIG } from '../../src/node/config.js'
import { GdpNode } from '../../src/node/node.js'
import { tempDir, waitFor } from '../helpers.js'
import { GDP_MAIN, gdpIn, type GdpRun } from './run-gdp.js'

const dir = tempDir('gdp-cli-refused-')
const { gdpAsync } = gdpIn(dir.path)
/** A command that must succeed, run without blocking this process, whose event loop runs the server: its stdout. */
async function ok (args: string[]): Promise<string> {
  const r = await gdpAsync(args)
  if (r.code !== 0) throw new Error(`gdp ${args.join(' ')} failed: ${r.err}`)
  return r.out
}
let server: GdpNode
let capsule = ''
const listeners: Server[] = []

/** A loopback port nothing listens on now: one the system handed out, closed again. */
async function closedPort (): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as { port: number }
  await new Promise((resolve) => probe.close(resolve))
  return port
}

/** The server's address with another port: where it is dialled through a forwarder, or refused. */
const serverAt = (port: number): string => server.multiaddrs()[0]!.replace(/\/tcp\/\d+\//, `/tcp/${port}/`)

beforeAll(async () => {
  server = await GdpNode.create({ ...DEFAULT_CONFIG, data: join(dir.path, 'server'), role: 'server', listen: ['/ip4/127.0.0.1/tcp/0'] })
  await server.start()
  await ok(['keys', 'generate'])
  capsule = (await ok(['capsule', 'create', '--node', server.multiaddrs()[0]!])).trim()
}, 30_000)

afterAll(async () => {
  for (const l of listeners) l.close()
  await server.stop()
  dir.cleanup()
})

describe('gdp --node at a port that refuses the connection', () => {
  it('fails with LinkRefusedError, saying nothing listens there, where nothing comes to listen; nothing is appended', async () => {
    const address = serverAt(await closedPort())
    const r = await gdpAsync(['capsule', 'append', capsule, 'lost', '--node', address])
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/^gdp: LinkRefusedError: cannot reach \S+: nothing listens there \(every dial refused for 3000 ms: .*ECONNREFUSED[^)]*\); is the node running, and is the address right\?\n$/)
    expect(JSON.parse(await ok(['capsule', 'info', capsule, '--node', server.multiaddrs()[0]!, '--json'])).size).toBe(0)
  })

  it('reaches a node that listens there once the first dials were refused (restarting), and appends', async () => {
    const port = await closedPort()
    // The command's own log says when a dial was refused: only then does the port start to listen.
    const child = spawn(process.execPath, [GDP_MAIN, 'capsule', 'append', capsule, 'after a restart', '--node', serverAt(port)], { cwd: dir.path, env: { ...process.env, DEBUG: 'gdp:node' } })
    let err = ''
    child.stderr.on('data', (chunk: Buffer) => { err += chunk.toString() })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString() })
    const exited = new Promise<GdpRun>((resolve) => child.once('exit', (code) => { resolve({ code: code ?? -1, out, err }) }))
    await waitFor(() => err.includes('ECONNREFUSED'), { timeoutMs: 10_000, what: `a refused dial in the command's log (${err})` })
    // The port listens from now on, passing each connection to the server's own.
    const serverPort = Number(/\/tcp\/(\d+)\//.exec(server.multiaddrs()[0]!)![1])
    const forwarder = createServer((socket) => {
      const upstream = connect(serverPort, '127.0.0.1')
      socket.pipe(upstream).pipe(socket)
      socket.on('error', () => { upstream.destroy() })
      upstream.on('error', () => { socket.destroy() })
    })
    listeners.push(forwarder)
    await new Promise<void>((resolve) => forwarder.listen(port, '127.0.0.1', resolve))
    const r = await waitFor(exited, { timeoutMs: 20_000, what: 'the append to end' })
    expect(r.err, r.err).not.toMatch(/^gdp: /m)
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/^appended 1 record \(0\.\.0\) to /)
  })
})

describe('gdp --node at an address no wait mends', () => {
  it('an address naming another peer id than the node there has, or one no transport here dials: said at once, naming what is wrong (each waited the whole 10 s link timeout)', async () => {
    const at = server.multiaddrs()[0]!
    const actual = at.slice(at.lastIndexOf('/p2p/') + 5)
    const other = '12D3KooWRkC2U1kz9Kmtq25KhDeqsUZL4yHxkv7cYku42iNQfjzK'
    const [wrongPeer, udp, peerOnly] = await Promise.all([
      at.replace(actual, other),
      at.replace('/tcp/', '/udp/'),
      `/p2p/${actual}`
    ].map(async (address) => await gdpAsync(['capsule', 'info', capsule, '--node', address])))
    expect(wrongPeer!.code).toBe(1)
    expect(wrongPeer!.err).toBe(`gdp: InvalidArgumentError: cannot link to ${at.replace(actual, other)}: the node there is not the one its /p2p/ names (Payload identity key ${actual} does not match expected remote identity key ${other}): give the address that node's gdp node start printed\n`)
    for (const r of [udp!, peerOnly!]) {
      expect(r.code).toBe(1)
      expect(r.err).toMatch(/^gdp: InvalidArgumentError: cannot link to \S+: no transport of this node dials that address \(.*no valid addresses.*\): give a \/tcp\/ or \/ws address with the node's \/p2p\/ id\n$/)
    }
  })
})
