// An owner's byte count (create_quota_bytes) on a server node process
// (dist/) killed with SIGKILL right after an append is acknowledged: the
// counts are saved every 5 s and at stop, so the kill comes before the save.
// The next start must count what the store holds.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { createReplicated, NodeProcess, processTestnet } from './replica-procs.js'

const { dir, started, clientOf } = processTestnet('gdp-quota-kill-')

describe('an owner\'s byte count on a server process killed with SIGKILL', () => {
  // Found by an audit of the owners' byte counts: the appends since the last save were forgotten, the owner's count
  // too low for good (its quota overshot by them).
  it('counts the appends acknowledged before the kill, saved or not', async () => {
    const router = started(new NodeProcess({ id: 'router', role: 'router', data: join(dir.path, 'router'), listen: ['/ip4/127.0.0.1/tcp/0'] }))
    mkdirSync(router.spec.data, { recursive: true })
    await router.start()
    const server = started(new NodeProcess({ id: 'server', role: 'server', data: join(dir.path, 'server'), listen: ['/ip4/127.0.0.1/tcp/0'], upstream: router.address() }))
    mkdirSync(server.spec.data, { recursive: true })
    await server.start()
    const node = await clientOf(router.address())
    const t = await createReplicated(node.client, [server.nameBytes], 1)
    const writer = await node.client.writer(t.name, t.writer)
    await node.client.append(writer, [new Uint8Array(1000), new Uint8Array(234)], Date.now() * 1000)
    await server.kill()
    await server.start()
    await server.stop()
    const store = await CapsuleStore.open({ path: join(server.spec.data, 'store') })
    try {
      expect(await store.savedOwnerUsage(t.signed.metadata.owner.key)).toBe(1234)
    } finally {
      await store.close()
    }
  })
})
