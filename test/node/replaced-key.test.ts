// A server's node.key replaced (another node's copied over, a key made
// afresh after one was lost): the capsules in its store were placed under
// the old key, and their AdCerts name that server. Routers refuse such an
// advertisement, so the capsules became unreachable with nothing said on the
// server itself.
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { formatName } from '../../src/capsule/name.js'
import { writeKeyFile } from '../../src/node/keyfile.js'
import { signAdCert } from '../../src/routing/certificates.js'
import { tempDir, testCapsule } from '../helpers.js'
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
})
