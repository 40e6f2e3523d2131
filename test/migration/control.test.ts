// The node's control socket as `gdp migrate send` uses it: a requester that
// goes away cancels its migration; and the pause command it runs.
import '../../src/node/polyfill.js'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { createConnection, Server } from 'node:net'
import { join } from 'node:path'
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { NodeViews } from '../../src/node/views.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { MigrationService, type MigrationNetwork } from '../../src/migration/service.js'
import { CONTROL_SOCKET, ControlServer, controlRequest, runPauseCommand } from '../../src/node/control.js'
import { SOCKET_PATH_BYTES } from '../../src/unix-socket.js'
import { tempDir, waitFor } from '../helpers.js'
import { MemoryNetwork, imagePair } from './fixtures.js'

describe('control socket: migrate.send', () => {
  let dir: { path: string, cleanup: () => void }
  const stops: Array<() => Promise<void>> = []
  beforeEach(() => { dir = tempDir('gdp-control-') })
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop()
    dir.cleanup()
  })

  async function service (label: string, network: MigrationNetwork, key: Ed25519Signer): Promise<MigrationService> {
    const folder = join(dir.path, label)
    const s = new MigrationService({ folder: join(folder, 'migration'), receiveFolder: join(folder, 'migrations'), allow: ['any'], workers: 1 }, {
      libp2p: network,
      signer: key,
      peerKey: (connection) => connection.remotePeer.publicKey!.raw
    })
    await s.start()
    stops.push(async () => { await s.stop() })
    return s
  }

  it('a requester that goes away before the answer cancels its migration: the pause step never runs, the receiver commits nothing', async () => {
    const network = new MemoryNetwork()
    const keys = [0, 1].map(() => new Ed25519Signer(generateEd25519KeyPair().secretKey))
    const [aPeer, bPeer] = await Promise.all(keys.map(async (k) => peerIdFromPrivateKey(await generateKeyPairFromSeed('Ed25519', k.seed))))
    // B's handling of A's stream waits until the requester has gone: the sender is then waiting for its welcome.
    let dialled: () => void = () => {}
    const streamArrived = new Promise<void>((resolve) => { dialled = resolve })
    let go: () => void = () => {}
    const requesterGone = new Promise<void>((resolve) => { go = resolve })
    const bNetwork = network.node(bPeer!)
    const b = await service('b', { ...bNetwork, handle: async (protocol, handler, options) => { await bNetwork.handle(protocol, (stream, connection) => { dialled(); void requesterGone.then(() => { handler(stream, connection) }) }, options) } }, keys[1]!)
    const a = await service('a', network.node(aPeer!), keys[0]!)
    const control = new ControlServer(join(dir.path, 'a'), { migration: a, views: {} as unknown as NodeViews })
    await control.start()
    stops.push(async () => { await control.stop() })

    const images = imagePair(dir.path, 64, 3)
    const socket = createConnection(join(dir.path, 'a', CONTROL_SOCKET))
    socket.on('error', () => {})
    await new Promise<void>((resolve) => socket.once('connect', resolve))
    socket.write(JSON.stringify({ op: 'migrate.send', args: { to: `/ip4/127.0.0.1/tcp/4040/p2p/${bPeer!.toString()}`, name: 'vm', images: [{ name: 'disk', path: images.modified }], live: true, pauseCommand: 'touch paused', cwd: dir.path } }) + '\n')
    await waitFor(streamArrived, { timeoutMs: 10_000, what: 'the sender to dial the receiver' })
    expect(a.counters.sending.has('vm')).toBe(true)
    socket.destroy()
    await waitFor(() => a.counters.failed === 1, { timeoutMs: 10_000, what: 'the migration to be cancelled' })
    go()
    expect(a.counters.sending.size).toBe(0)
    expect(existsSync(join(dir.path, 'paused'))).toBe(false)
    // What reaches B is a stream its sender already gave up: nothing is received, let alone committed.
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(b.receiver.list().filter((m) => m.status === 'complete')).toEqual([])
  })
})

describe('pause command', () => {
  let dir: { path: string, cleanup: () => void }
  beforeEach(() => { dir = tempDir('gdp-pause-') })
  afterEach(() => { dir.cleanup() })

  const alive = (pid: number): boolean => { try { process.kill(pid, 0); return true } catch { return false } }

  it('a command that fails says why: its stderr, else its exit status', async () => {
    await expect(runPauseCommand('exit 3')).rejects.toMatchObject({ name: 'PauseCommandError', message: 'the pause command failed: exit status 3' })
    await expect(runPauseCommand('echo "no such guest" >&2; exit 1')).rejects.toMatchObject({ name: 'PauseCommandError', message: 'the pause command failed: no such guest (exit status 1)' })
    await expect(runPauseCommand('kill -TERM $$')).rejects.toMatchObject({ message: 'the pause command failed: killed by SIGTERM' })
    await runPauseCommand('touch done', { cwd: dir.path })
    expect(existsSync(join(dir.path, 'done'))).toBe(true)
  })

  it('a command that runs too long is killed with every process it started', async () => {
    const run = runPauseCommand('sleep 1000 & echo $! > sleep.pid; wait', { cwd: dir.path, timeoutMs: 500 })
    await expect(run).rejects.toMatchObject({ name: 'PauseCommandError', message: 'the pause command failed: it ran longer than 0.5 s and was killed' })
    const pid = Number(readFileSync(join(dir.path, 'sleep.pid'), 'utf8'))
    await waitFor(() => !alive(pid), { timeoutMs: 5000, what: `the pause command's child ${pid} to be gone` })
  })
})

describe('control socket: its file', () => {
  // Found by this survey: the socket was bound with the umask's mode (0755 under the usual 022, in a data folder
  // others may enter) and made 0600 only after, so another user could connect in between and keep that connection:
  // the control socket moves, drains and migrates the node.
  it('is private (0600) from the moment it is bound, whatever the umask', async () => {
    const dir = tempDir('gdp-control-mode-')
    const path = join(dir.path, CONTROL_SOCKET)
    const listen = Server.prototype.listen
    let boundMode: number | undefined
    const spy = vi.spyOn(Server.prototype, 'listen').mockImplementation(function (this: Server, ...args: unknown[]) {
      const server = (listen as (...a: unknown[]) => Server).apply(this, args)
      boundMode = statSync(path).mode & 0o777
      return server
    })
    const umask = process.umask(0o022)
    const control = new ControlServer(dir.path, { migration: {} as unknown as MigrationService, views: {} as unknown as NodeViews })
    try {
      await control.start()
      expect(boundMode).toBe(0o600)
      expect(statSync(path).mode & 0o777).toBe(0o600)
      expect(process.umask()).toBe(0o022)
    } finally {
      process.umask(umask)
      spy.mockRestore()
      await control.stop()
      dir.cleanup()
    }
  })
})


describe('control socket: a data folder with a long path', () => {
  // Found by giving a node a long --data: Node binds a Unix socket path past 107 bytes (what a socket address
  // holds) cut short, without a word. The socket went to the cut path, outside the data folder (in /tmp, which
  // other users write), gdp status said no node ran there, and a node whose folder shared the first 107 bytes
  // could not start (EADDRINUSE, as an internal error) or took the other's requests.
  it('puts the socket in the folder and answers there, two folders sharing their first 107 bytes apart', async () => {
    const dir = tempDir('gdp-control-long-')
    const shared = join(dir.path, 'a'.repeat(60), 'b'.repeat(60))
    const folders = [`${shared}-first`, `${shared}-second`]
    const controls = folders.map((folder, i) => {
      mkdirSync(folder, { recursive: true })
      const bases = { list: () => [{ hash: new Uint8Array(32).fill(i), size: i, blocks: i, path: folder }] }
      return new ControlServer(folder, { migration: { bases } as unknown as MigrationService, views: {} as unknown as NodeViews })
    })
    try {
      for (const control of controls) await control.start()
      for (const [i, folder] of folders.entries()) {
        const socket = join(folder, CONTROL_SOCKET)
        expect(Buffer.byteLength(socket)).toBeGreaterThan(SOCKET_PATH_BYTES)
        expect(statSync(socket).isSocket()).toBe(true)
        expect(existsSync(socket.slice(0, SOCKET_PATH_BYTES))).toBe(false)
        expect(await controlRequest(folder, { op: 'base.list', args: {} })).toMatchObject([{ size: i, path: folder }])
      }
    } finally {
      for (const control of controls) await control.stop()
    }
    try {
      for (const folder of folders) expect(existsSync(join(folder, CONTROL_SOCKET))).toBe(false)
      // Nothing beside the folders: no socket at a path cut short.
      expect(readdirSync(join(dir.path, 'a'.repeat(60)))).toEqual(['b'.repeat(60) + '-first', 'b'.repeat(60) + '-second'])
    } finally {
      dir.cleanup()
    }
  })
})

describe('control socket: stopping', () => {
  it('a second stop leaves the socket path alone: it may be another node\'s by then (it removed the path again)', async () => {
    const dir = tempDir('gdp-control-twice-')
    const views = {} as unknown as NodeViews
    const first = new ControlServer(dir.path, { migration: {} as unknown as MigrationService, views })
    const next = new ControlServer(dir.path, { migration: {} as unknown as MigrationService, views })
    try {
      await first.start()
      await first.stop()
      await next.start()
      await first.stop()
      expect(existsSync(join(dir.path, CONTROL_SOCKET))).toBe(true)
    } finally {
      await next.stop()
      dir.cleanup()
    }
  })

  // Found by attacking the operator's surface: close() waited for every connection to end, so a client connected
  // and silent (a stuck or suspended command) held the node's stop, SIGTERM included, for as long as it lived.
  it('ends every connection, one that sent nothing as one with a request in progress: each is told the node is stopping', async () => {
    const dir = tempDir('gdp-control-stop-')
    const views = { view: async () => await new Promise(() => {}) } as unknown as NodeViews
    const control = new ControlServer(dir.path, { migration: {} as unknown as MigrationService, views })
    await control.start()
    /** A connection, and what it was sent once it closed. */
    const connect = async (request?: unknown): Promise<{ closed: Promise<string> }> => {
      const socket = createConnection(join(dir.path, CONTROL_SOCKET))
      socket.on('error', () => {})
      socket.setEncoding('utf8')
      let text = ''
      socket.on('data', (chunk: string) => { text += chunk })
      await new Promise<void>((resolve) => socket.once('connect', resolve))
      if (request !== undefined) socket.write(JSON.stringify(request) + '\n')
      return { closed: new Promise((resolve) => socket.once('close', () => { resolve(text) })) }
    }
    try {
      const silent = await connect()
      const asking = await connect({ op: 'view', args: { view: 'status' } })
      await new Promise((resolve) => setTimeout(resolve, 100))
      await waitFor(control.stop(), { timeoutMs: 5000, what: 'the control socket to stop' })
      for (const connection of [silent, asking]) {
        const told = await waitFor(connection.closed, { timeoutMs: 5000, what: 'the connection to close' })
        expect(JSON.parse(told)).toEqual({ error: { name: 'ServiceStoppedError', message: 'the node is stopping: the request ends unanswered' } })
      }
      expect(existsSync(join(dir.path, CONTROL_SOCKET))).toBe(false)
    } finally {
      await control.stop()
      dir.cleanup()
    }
  })

  // Found by a client that does not read (suspended with Ctrl-Z) asking for a view of 8 MB: the connection was ended
  // with destroySoon(), which waits for the answer to drain, and the answer never drained; the stop waited for ever.
  it('cuts a connection whose client does not read what was written to it', async () => {
    const dir = tempDir('gdp-control-unread-')
    const views = { view: async () => ({ large: 'x'.repeat(8 * 1024 * 1024) }) } as unknown as NodeViews
    const control = new ControlServer(dir.path, { migration: {} as unknown as MigrationService, views })
    await control.start()
    const socket = createConnection(join(dir.path, CONTROL_SOCKET))
    try {
      socket.on('error', () => {})
      await new Promise<void>((resolve) => socket.once('connect', resolve))
      socket.pause()
      socket.write(JSON.stringify({ op: 'view', args: { view: 'status' } }) + '\n')
      await new Promise((resolve) => setTimeout(resolve, 200))
      await waitFor(control.stop(), { timeoutMs: 5000, what: 'the control socket to stop' })
      expect(existsSync(join(dir.path, CONTROL_SOCKET))).toBe(false)
    } finally {
      socket.destroy()
      await control.stop()
      dir.cleanup()
    }
  })
})
