import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { QmpClient, connectForPause, waitForMigrationStatus } from '../../src/migration/qemu.js'
import { tempDir } from '../helpers.js'
import { fakeQmp, type FakeQmp, type FakeQmpInit } from './fake-qmp.js'

describe('QEMU pause over QMP', () => {
  let dir: { path: string, cleanup: () => void }
  let server: FakeQmp | undefined
  beforeEach(() => { dir = tempDir('gdp-qmp-') })
  afterEach(async () => {
    vi.useRealTimers()
    await server?.close()
    server = undefined
    dir.cleanup()
  })
  const serve = async (init: Omit<FakeQmpInit, 'path'> = {}): Promise<string> => {
    const path = join(dir.path, 'qmp.sock')
    server = await fakeQmp({ path, ...init })
    return path
  }

  it('stops the guest, leaves shared RAM out and saves the device state into the file, waiting until QEMU says completed', async () => {
    const socket = await serve({ migrateStatus: [{ status: 'setup' }, { status: 'active' }, { status: 'completed' }], deviceState: new Uint8Array([9, 8, 7]) })
    const guest = await connectForPause(socket)
    const devstate = join(dir.path, "dev'state")
    await guest.pause(devstate)
    guest.close()
    expect(readFileSync(devstate)).toEqual(Buffer.from([9, 8, 7]))
    expect(server!.commands).toEqual([
      { execute: 'qmp_capabilities' },
      { execute: 'query-status' },
      { execute: 'query-memdev' },
      { execute: 'stop' },
      { execute: 'migrate-set-capabilities', arguments: { capabilities: [{ capability: 'x-ignore-shared', state: true }] } },
      { execute: 'migrate', arguments: { uri: `exec:cat > '${join(dir.path, "dev'\\''state")}'` } },
      { execute: 'query-migrate' }, { execute: 'query-migrate' }, { execute: 'query-migrate' }
    ])
  })

  it('refuses, before anything is stopped, a guest that is not running or whose RAM is not in a shared backend', async () => {
    const paused = await serve({ status: 'paused' })
    await expect(connectForPause(paused)).rejects.toThrow(new RegExp(`^the guest on ${paused} is paused, not running`))
    await server!.close()
    const unshared = await serve({ memdevs: [{ id: 'pc.ram', size: 1 << 28, share: false }] })
    await expect(connectForPause(unshared)).rejects.toMatchObject({ name: 'InvalidArgumentError', message: expect.stringMatching(/has RAM outside a shared memory backend \(pc\.ram\): start it with -object memory-backend-file,.*share=on/) })
    await server!.close()
    const none = await serve({ memdevs: [] })
    await expect(connectForPause(none)).rejects.toThrow(/no -object memory-backend-file/)
    expect(server!.commands.map((c) => c.execute)).not.toContain('stop')
  })

  it('a device-state save that fails in QEMU is an error naming its reason', async () => {
    const socket = await serve({ migrateStatus: [{ status: 'active' }, { status: 'failed', 'error-desc': 'cat: write error: No space left on device' }] })
    const guest = await connectForPause(socket)
    await expect(guest.pause(join(dir.path, 'devstate'))).rejects.toMatchObject({ name: 'QemuMigrationFailedError', message: 'migration failed: cat: write error: No space left on device' })
    guest.close()
  })

  it('a command QEMU refuses is a QmpCommandError with its class and text', async () => {
    const socket = await serve({ replies: { stop: { error: { class: 'GenericError', desc: 'no' } } } })
    const guest = await connectForPause(socket)
    await expect(guest.pause(join(dir.path, 'devstate'))).rejects.toMatchObject({ name: 'QmpCommandError', message: 'QMP stop failed: GenericError: no' })
    guest.close()
  })

  it('no QMP server at the path: a timeout that names it', async () => {
    const missing = join(dir.path, 'nothing.sock')
    await expect(connectForPause(missing, 300)).rejects.toMatchObject({ name: 'QmpTimeoutError', message: `no QMP server at ${missing} within 300 ms` })
  })

  // Timed on the wall clock, a step of it ahead (NTP, a resume) while QEMU had not made its socket yet ended the wait.
  it('waits for the socket its whole timeout, whatever the wall clock does meanwhile', async () => {
    const path = join(dir.path, 'qmp.sock')
    const connecting = QmpClient.connect(path, 10_000)
    // An hour ahead (Date alone faked: the real timers and performance.now go on), a few tries before the socket is made.
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + 3_600_000)
    await new Promise((resolve) => setTimeout(resolve, 200))
    await serve()
    ;(await connecting).close()
  })

  it('a line of over 1 MiB without a newline is not QMP: the connection fails and the command waiting is rejected', async () => {
    const socket = await serve({ silent: ['query-kvm'] })
    const qmp = await QmpClient.connect(socket)
    const waiting = qmp.execute('query-kvm', undefined, 5000)
    await expect.poll(() => server!.commands.at(-1)?.execute).toBe('query-kvm')
    server!.sendRaw('"' + 'x'.repeat((1 << 20) + 10))
    await expect(waiting).rejects.toMatchObject({ name: 'QmpProtocolError', message: 'a line of over 1048576 characters from QEMU: not QMP' })
    qmp.close()
  })

  it('a reply line of exactly 1 MiB is still QMP: the command waiting gets its answer', async () => {
    const socket = await serve({ silent: ['query-kvm'] })
    const qmp = await QmpClient.connect(socket)
    const waiting = qmp.execute<{ enabled: boolean }>('query-kvm', undefined, 5000)
    await expect.poll(() => server!.commands.at(-1)?.execute).toBe('query-kvm')
    const reply = JSON.stringify({ return: { enabled: true }, id: 2 })
    server!.sendRaw(reply + ' '.repeat((1 << 20) - reply.length))
    server!.sendRaw('\n')
    expect(await waiting).toEqual({ enabled: true })
    qmp.close()
  })

  it('keeps at most 64 events nobody waited for, the latest', async () => {
    const socket = await serve()
    const qmp = await QmpClient.connect(socket)
    for (let i = 0; i < 100; i++) server!.sendRaw(JSON.stringify({ event: 'TICK', data: { n: i }, timestamp: { seconds: 0, microseconds: 0 } }) + '\n')
    await qmp.execute('query-status')
    const first = await qmp.waitForEvent('TICK', 100)
    expect(first.data).toEqual({ n: 36 })
    qmp.close()
  })
})

describe('waiting for a migration status', () => {
  afterEach(() => { vi.useRealTimers() })

  // Timed on the wall clock, a step of it ahead (NTP, a resume) failed a migration that was on its way as timed out.
  it('waits its whole timeout, whatever the wall clock does meanwhile', async () => {
    let asked = 0
    const qmp = {
      execute: async () => {
        if (++asked > 1) return { status: 'completed' }
        // Date alone faked: the real timers and performance.now go on.
        vi.useFakeTimers({ toFake: ['Date'] })
        vi.setSystemTime(Date.now() + 3_600_000)
        return { status: 'active' }
      }
    } as unknown as QmpClient
    expect((await waitForMigrationStatus(qmp, ['completed'], 10_000)).status).toBe('completed')
  })
})
