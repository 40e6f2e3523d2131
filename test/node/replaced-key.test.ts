// A server's node.key replaced (another node's copied over, a key made
// afresh after one was lost): the capsules in its store were placed under
// the old key, and their AdCerts name that server. Routers refuse such an
// advertisement, so the capsules became unreachable with nothing said on the
// server itself.
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { formatName } from '../../src/capsule/name.js'
import { writeKeyFile } from '../../src/node/keyfile.js'
import { renewPlacement, type RenewResult } from '../../src/client/placement.js'
import { InvalidArgumentError } from '../../src/errors.js'
import { signAdCert } from '../../src/routing/certificates.js'
import type { GdpNode } from '../../src/node/node.js'
import { tempDir, testCapsule, waitFor, type TestCapsule } from '../helpers.js'
import { nodesPerTest } from './local-nodes.js'

const start = nodesPerTest()

describe('a server whose node.key was replaced', () => {
  it('advertises none of the capsules delegated to the old key, and its status names that server and how many', async () => {
    const data = tempDir('gdp-replaced-key-')
    onTestFinished(() => { data.cleanup() })
    const first = await start('server', undefined, { data: data.path })
    const oldName = formatName(first.name)
    const t = testCapsule(Date.now() * 1000)
    const writer = await start('client', first)
    const now = Date.now() * 1000
    await writer.client.create(t.signed, first.name, signAdCert({ capsule: t.name, server: first.name, notBeforeUs: now - 1e6, notAfterUs: now + 3600e6 }, t.owner))
    await writer.stop()
    await first.stop()

    writeKeyFile(join(data.path, 'node.key'), true)
    const again = await start('server', undefined, { data: data.path })
    expect(formatName(again.name)).not.toBe(oldName)
    expect(again.advertiser!.counters.advertised).toBe(0)
    expect(again.stats().delegatedElsewhere).toEqual({ [oldName]: 1 })
    // Its owner places it on the new key (gdp capsule renew sends a create with the new AdCert): no longer said to be
    // delegated elsewhere, where the status went on saying so until the node restarted.
    const owner = await start('client', again)
    await owner.client.create(t.signed, again.name, signAdCert({ capsule: t.name, server: again.name, notBeforeUs: now, notAfterUs: now + 3600e6 }, t.owner))
    expect(again.stats().delegatedElsewhere).toBeUndefined()
  }, 30_000)

  /**
   * A capsule placed on a server under a router, then the server's node.key
   * replaced and the server restarted under the router: `inSet` places it
   * with a replica set naming the old key, else with its AdCert alone.
   */
  async function placedThenKeyReplaced (inSet: boolean): Promise<{ t: TestCapsule, owner: GdpNode, oldName: Uint8Array, again: GdpNode }> {
    const data = tempDir('gdp-replaced-key-')
    onTestFinished(() => { data.cleanup() })
    const router = await start('router')
    const first = await start('server', router, { data: data.path })
    const t = testCapsule(Date.now() * 1000)
    const owner = await start('client', router)
    const now = Date.now() * 1000
    const adCert = signAdCert({ capsule: t.name, server: first.name, notBeforeUs: now - 1e6, notAfterUs: now + 3600e6 }, t.owner)
    await owner.client.create(t.signed, first.name, adCert, inSet ? [adCert] : undefined)
    await first.stop()
    writeKeyFile(join(data.path, 'node.key'), true)
    const again = await start('server', router, { data: data.path })
    owner.client.forget(t.name)
    return { t, owner, oldName: first.name, again }
  }

  const renewAt = async (owner: GdpNode, t: TestCapsule, server: GdpNode): Promise<RenewResult> =>
    await renewPlacement(owner.client, { name: t.name, signer: t.owner, delegateMs: 3_600_000, clock: () => Date.now() * 1000, replica: server.name })

  // gdp capsule renew --all-from <the server's new name>, what its status tells the owner: the capsule has no route (no
  // server advertises it), so the renewal asks that server, where it asked the routers and failed with NO_ROUTE.
  it('is placed on the new key by a renewal asking that server, and served again through its router', async () => {
    const { t, owner, again } = await placedThenKeyReplaced(false)
    const renewal = await renewAt(owner, t, again)
    expect(renewal.servers.map(formatName)).toEqual([formatName(again.name)])
    expect(again.stats().delegatedElsewhere).toBeUndefined()
    owner.client.forget(t.name)
    const info = await waitFor(async () => await owner.client.info(t.name).catch(() => undefined), { timeoutMs: 10_000, what: 'a route to the capsule' })
    expect(info.replicas.map((a) => formatName(a.cert.server))).toEqual([formatName(again.name)])
  }, 30_000)

  it('a renewal asking that server refuses, naming it, a capsule whose replica set names the old key', async () => {
    const { t, owner, oldName, again } = await placedThenKeyReplaced(true)
    const renewal = renewAt(owner, t, again)
    await expect(renewal).rejects.toThrow(InvalidArgumentError)
    await expect(renewal).rejects.toThrow(`server ${formatName(again.name)} holds capsule ${formatName(t.name)}, but its replica set names ${formatName(oldName)}`)
    // A set of one (a capsule moved or renewed once): no other replica serves it while the set would change.
    await expect(renewal).rejects.toThrow('the set names no other replica, so only that key serves it here')
  }, 30_000)
})
