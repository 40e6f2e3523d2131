// Anti-entropy between real server nodes on loopback, configured as an
// operator would, from a config file: replication_sync_interval and
// replication_full_list_every reach each server's replicator, which reads a
// peer's whole list once in that many rounds and only its changes in the
// others, and still fetches what a peer alone holds.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { capsuleName, newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { loadConfig } from '../../src/node/config-file.js'
import type { GdpNode } from '../../src/node/node.js'
import { signAdCert } from '../../src/routing/certificates.js'
import { payload, tempDir, waitFor } from '../helpers.js'
import { nodesPerTest } from './local-nodes.js'

const start = nodesPerTest()

/** The replication settings of a config file holding `text`, as a node started with it takes them. */
function replicationConfig (text: string): { replicationSyncIntervalMs: number, replicationFullListEvery: number } {
  const dir = tempDir('gdp-config-')
  try {
    const path = join(dir.path, 'node.yaml')
    writeFileSync(path, text)
    const { replicationSyncIntervalMs, replicationFullListEvery } = loadConfig(path, {}, {})
    return { replicationSyncIntervalMs, replicationFullListEvery }
  } finally {
    dir.cleanup()
  }
}

/** Two servers behind a router, started from `text`, and a client; a capsule of two replicas placed on both. */
async function pairWith (text: string): Promise<{ servers: [GdpNode, GdpNode], client: GdpNode, t: { name: Uint8Array, writer: Ed25519Signer } }> {
  const config = replicationConfig(text)
  const router = await start('router')
  const servers: [GdpNode, GdpNode] = [await start('server', router, config), await start('server', router, config)]
  const client = await start('client', router)
  const owner = new Ed25519Signer(generateEd25519KeyPair().secretKey)
  const writer = new Ed25519Signer(generateEd25519KeyPair().secretKey)
  const now = Date.now() * 1000
  const signed = signMetadata(newMetadata({ owner: owner.publicKey, writer: writer.publicKey, createdAtUs: now, replication: { replicas: 2, writeQuorum: 1 }, nonce: crypto.getRandomValues(new Uint8Array(16)) }), owner)
  const name = capsuleName(signed.metadata)
  const adCerts = servers.map((s) => signAdCert({ capsule: name, server: s.name, notBeforeUs: now - 1e6, notAfterUs: now + 3600e6 }, owner))
  for (const [i, s] of servers.entries()) await client.client.create(signed, s.name, adCerts[i], adCerts)
  return { servers, client, t: { name, writer } }
}

const listings = (node: GdpNode): { full: number, changes: number } => {
  const c = node.service!.replicator!.counters
  return { full: c.fullListings, changes: c.changeListings }
}

describe('anti-entropy configured from a node\'s config file', () => {
  it('replication_full_list_every: 3 reads a peer\'s whole list once in three rounds, its changes in the others, and a record one replica alone holds reaches the other in a round of changes', async () => {
    const { servers: [s1, s2], client, t } = await pairWith('replication_sync_interval: 150ms\nreplication_full_list_every: 3\n')
    expect(s1.config.replicationFullListEvery).toBe(3)
    // Count from a round of changes on: the rounds before it were complete (a round meeting the capsule before both
    // servers held it left work for the next, whose list was whole).
    await waitFor(() => listings(s1).changes >= 1, { timeoutMs: 10_000, what: 'a first round of changes' })
    const before = listings(s1)
    await waitFor(() => listings(s1).full + listings(s1).changes >= before.full + before.changes + 9, { timeoutMs: 15_000, what: 'nine more rounds' })
    const rounds = { full: listings(s1).full - before.full, changes: listings(s1).changes - before.changes }
    // One round in three lists whole (a round may be under way as the counters are read).
    expect(rounds.full).toBeGreaterThanOrEqual(3)
    expect(rounds.full).toBeLessThanOrEqual(4)
    expect(rounds.changes).toBeGreaterThanOrEqual(6)
    // Appended to the second replica alone (addressed to it: not passed on): the first fetches it.
    const writer = await client.client.writer(t.name, t.writer)
    // Read before the append: on a loaded machine the round of changes that fetched it ran before its ack came back.
    const changes = listings(s1).changes
    await client.client.appendBatch(writer.append([payload('on s2 alone')], Date.now() * 1000), { replica: s2.name })
    await waitFor(async () => (await s1.store!.capsule(t.name)).size === 1, { timeoutMs: 10_000, what: 'the first replica to fetch the record' })
    expect(listings(s1).changes).toBeGreaterThan(changes)
    expect(s1.service!.replicator!.counters.failures).toBe(0)
  }, 60_000)

  it('replication_full_list_every: 1 reads the whole list every round', async () => {
    const { servers: [s1] } = await pairWith('replication_sync_interval: 150ms\nreplication_full_list_every: 1\n')
    await waitFor(() => listings(s1).full >= 5, { timeoutMs: 15_000, what: 'five rounds' })
    expect(listings(s1).changes).toBe(0)
  }, 60_000)
})
