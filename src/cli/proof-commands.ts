/**
 * `gdp capsule fork-check`, `gdp capsule heartbeat-check`: checking evidence
 * someone handed over (a fork proof, a signed heartbeat) against the
 * capsule's keys and the local store.
 */
import { readFileSync } from 'node:fs'
import { decodeForkProof, decodeSignedHeartbeat } from '../capsule/codec.js'
import { verifyForkProof } from '../capsule/fork.js'
import { verifyHeartbeat } from '../capsule/heartbeat.js'
import { formatName } from '../capsule/name.js'
import { equalBytes } from '../crypto/hash.js'
import { print, requireFile, resolveCapsule, withStore, type Command } from './command.js'

const forkCheck: Command = {
  path: ['capsule', 'fork-check'],
  aliases: [['fork-check']],
  usage: 'capsule fork-check <fork-proof-file>',
  summary: 'check a fork proof: two writer-signed heartbeats that contradict',
  options: {},
  minArgs: 1,
  maxArgs: 1,
  async run (ctx) {
    const file = requireFile(ctx.positionals[0]!)
    const fork = verifyForkProof(decodeForkProof(readFileSync(file)))
    print(ctx, `valid fork proof: capsule ${formatName(fork.capsule)} forked (${fork.kind}) at record ${fork.position}`, { capsule: formatName(fork.capsule), kind: fork.kind, position: fork.position, valid: true })
    return 0
  }
}

const heartbeatCheck: Command = {
  path: ['capsule', 'heartbeat-check'],
  aliases: [['heartbeat-check']],
  usage: 'capsule heartbeat-check <capsule> <base64-heartbeat>',
  summary: 'check a signed heartbeat against a stored capsule',
  options: {},
  minArgs: 2,
  maxArgs: 2,
  async run (ctx) {
    return await withStore(ctx, async (store) => {
      const c = await resolveCapsule(store, ctx.positionals[0]!)
      const hb = decodeSignedHeartbeat(Buffer.from(ctx.positionals[1]!, 'base64'))
      verifyHeartbeat(hb, c.name, c.metadata)
      const consistent = hb.heartbeat.size <= c.size && equalBytes(await c.rootAt(hb.heartbeat.size), hb.heartbeat.root)
      print(ctx, `heartbeat at size ${hb.heartbeat.size}: signature valid, ${consistent ? 'matches the stored capsule' : 'does NOT match the stored capsule'}`, { size: hb.heartbeat.size, signatureValid: true, matchesStore: consistent })
      return consistent ? 0 : 1
    })
  }
}

export const proofCommands: Command[] = [forkCheck, heartbeatCheck]
