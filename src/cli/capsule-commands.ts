/**
 * `gdp capsule ...`: create, list, inspect, append to, read, verify, export
 * and import capsules, in the local store or (where it says so) on a node
 * reached with --node.
 */
import { createReadStream, existsSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { once } from 'node:events'
import type { Writable } from 'node:stream'
import { randomBytes } from 'node:crypto'
import { decodeForkProof, encodeForkProof, encodeInclusionProof, encodeSignedHeartbeat, payloadBytes } from '../capsule/codec.js'
import { verifyForkProof } from '../capsule/fork.js'
import { encodeSignedDeletion, signDeletion, type SignedCapsuleDeletion } from '../capsule/deletion.js'
import { verifyHeartbeat } from '../capsule/heartbeat.js'
import { rootFromInclusionProof } from '../capsule/merkle.js'
import { newMetadata, signMetadata, capsuleName, RESERVED_APP_FIELD_PREFIX } from '../capsule/metadata.js'
import { formatName, parseName } from '../capsule/name.js'
import { describeSeqRanges } from '../capsule/seq-range.js'
import { resolveSelector, type ReadSelector } from '../capsule/selector.js'
import { kvAppField } from '../kv/format.js'
import { capsuleKind, filesAppFields } from '../files/format.js'
import { MAX_PAYLOAD_LENGTH, type AppField, type CapsuleMetadata, type CapsuleRecord, type ForkProof, type InclusionProof, type SeqRange, type SignedHeartbeat, type SignedMetadata } from '../capsule/types.js'
import { CapsuleWriter } from '../capsule/writer.js'
import { Ed25519Signer, isValidEd25519PublicKey } from '../crypto/ed25519.js'
import { equalBytes } from '../crypto/hash.js'
import { ForkDetectedError, InvalidArgumentError, InvalidProofError, PartialCreateError, RecordNotFoundError, RequestRefusedError } from '../errors.js'
import { WriterBatches } from '../client/writer-batches.js'
import { exportBatches, exportCapsule, importCapsule, verifyExport, type ExportBatch } from '../store/archive.js'
import type { StoredCapsule } from '../store/stored-capsule.js'
import { parsePublicKey, readKeyFile, readKeySigner } from '../node/keyfile.js'
import { signAdCert, type SignedAdCert } from '../routing/certificates.js'
import { nodeName } from '../routing/signing.js'
import { MAX_REPLICAS, replicasOf, writeQuorumOf } from '../routing/replica-set.js'
import type { ProposalRequest, ServerProposal } from '../routing/replica-proposer.js'
import type { CapsuleInfo, GdpClient } from '../client/client.js'
import { moveAllCapsules, moveCapsule } from '../client/move.js'
import { capsulesOn, delegatePlacement, MAX_LISTED_CAPSULES, type CapsulesOn, placementAuthority, removalDateUs, renewPlacement, retryingRateLimits } from '../client/placement.js'
import { controlRequest } from '../node/control.js'
import { fullCapsuleName, capsuleLine, durationOption, fileChunks, firstRead, heartbeatJson, integer, listCapsules, optionValue, print, sayStoreRepairFor, refuseRemoteReadOptions, readAll, readLines, remoteWrite, requireFile, resolveCapsule, timeAfterOption, timeOption, validityOption, validUntilOption, withRemote, withStore, writeOutput, type Command, type CommandContext, type ListedCapsule, type WriteChunk } from './command.js'
import { UsageError } from './usage-error.js'
import { payloadText, TIME_FORMS } from './format.js'
import { DURATION_FORM } from '../node/duration.js'
import { wallClockUs } from '../clock.js'
import { formatTime } from '../capsule/time.js'
import { commandLineJournal } from '../node/writer-journal.js'
import { appendFitsOnePdu } from '../wire/pdu-shape.js'

/** Appends are cut into batches of at most this many records (and what one PDU carries: appendFitsOnePdu), one heartbeat each. */
const APPEND_BATCH_RECORDS = 10_000

// ---- capsules ----

const capsuleCreate: Command = {
  path: ['capsule', 'create'],
  writesStore: true,
  usage: 'capsule create [--kind log|kv|files] [--writer <pubkey>] [--expires <time|30d>] [--field k=v]... [--node <addr> [--server <name>[,<name>...]] [--replicas n [--spread domains]] [--write-quorum k | --always-write] [--delegate 30d]]',
  summary: 'create a capsule owned by --key (the writer too, unless --writer), locally or on servers (its replicas)',
  help: '  the owner and writer keys are keys of the capsule\'s own: a node\'s key (the data folder\'s, the --node peer\'s, a server\'s it would go on) is refused\n' +
    '  --kind log|kv|files a plain log (the default), a key-value capsule (gdp kv ..., docs/kv.md) or a file capsule (gdp fs ..., docs/files.md)\n  --writer <pubkey>   writer public key (base64url or hex); default: the owner key\n  --expires <when>    ISO time, @unix-seconds, or a duration such as 90d or 12h\n  --field key=value   application metadata (repeatable)\n  --node <addr>       create it on a server through this node\n  --server <names>    the servers\' node names, comma-separated: the capsule\'s replicas (default: the --node peer\n                      itself, or a server it proposes when it is a router)\n  --replicas n        replicas the capsule keeps (default: as many servers as --server names);\n                      without --server, the --node router proposes n servers it knows, distinct hosts first\n  --spread domains    with servers the router proposes: distinct routing domains first (default: hosts)\n  --write-quorum k    replicas that must hold an append before it is acknowledged (default: a majority)\n  --always-write      any replica the writer reaches acknowledges an append alone; the others catch up\n  --delegate <time>   how long the AdCert letting the server advertise it lasts (default 30d, at least 1h)\n',
  options: { kind: { type: 'string' }, writer: { type: 'string' }, expires: { type: 'string' }, replicas: { type: 'string' }, 'write-quorum': { type: 'string' }, 'always-write': { type: 'boolean', default: false }, field: { type: 'string', multiple: true }, server: { type: 'string' }, spread: { type: 'string' }, delegate: { type: 'string' } },
  minArgs: 0,
  maxArgs: 0,
  remote: true,
  usesKey: true,
  async run (ctx) {
    if (ctx.node === undefined) {
      // Where the capsule goes and for how long it is advertised: only for one created on servers (as --replicas n, --spread).
      const onServers = ['server', 'delegate'].filter((o) => ctx.values[o] !== undefined)
      if (onServers.length > 0) throw new UsageError(`--${onServers.join(' and --')} ${onServers.length === 1 ? 'is' : 'are'} for a capsule created on servers: give --node too (a capsule in the local store is on no server)`)
    }
    const owner = readKeySigner(ctx.keyPath)
    const writer = typeof ctx.values.writer === 'string' ? signingKeyOption(ctx.values.writer, '--writer') : owner.publicKey
    const now = wallClockUs()
    const expires = ctx.values.expires as string | undefined
    const appFields: AppField[] = ((ctx.values.field as string[] | undefined) ?? []).map((f) => {
      const eq = f.indexOf('=')
      if (eq <= 0) throw new UsageError(`--field must be key=value, got '${f}'`)
      // They mark the formats this project reads a capsule as: gdp.kv=2 made a capsule no kv command would take.
      if (f.startsWith(RESERVED_APP_FIELD_PREFIX)) throw new UsageError(`--field ${f}: fields named gdp.* are this project's own formats (gdp.kv, gdp.files, gdp.migration): use --kind kv or files`)
      return { key: f.slice(0, eq), value: new Uint8Array(Buffer.from(f.slice(eq + 1))) }
    })
    const twice = appFields.find((f, i) => appFields.findIndex((g) => g.key === f.key) !== i)
    if (twice !== undefined) throw new UsageError(`--field ${twice.key} is given twice: a field has one value`)
    appFields.push(...kindFields(ctx.values.kind))
    const expiresAtUs = expires === undefined ? 0 : /^\d+(ms|s|m|h|d|w)$/.test(expires) ? timeAfterOption(ctx, 'expires', expires, now) : expiresTime(expires)
    // 0 is the format's "never": --expires @0 made a capsule that never expires.
    if (expires !== undefined && expiresAtUs <= now) throw new UsageError(`--expires ${expires} is not after now (${formatTime(now)}): a capsule expires after it is created`)
    const metadata = newMetadata({
      owner: owner.publicKey,
      writer,
      createdAtUs: now,
      expiresAtUs,
      replication: replicationOption(ctx),
      appFields,
      nonce: new Uint8Array(randomBytes(16))
    })
    const refuseNodeKeysOf = (nodes: NodeKeyHolder[]): void => { refuseNodeKeys(ctx, { owner: owner.publicKey, writer }, nodes) }
    refuseNodeKeysOf(dataFolderNode(ctx.dataDir))
    const signed = signMetadata(metadata, owner)
    const name = capsuleName(metadata)
    const spreadDomains = spreadOption(ctx, replicasOf(metadata))
    if (ctx.node === undefined) {
      if (replicasOf(metadata) > 1) throw new UsageError(`--replicas ${replicasOf(metadata)}: a capsule in the local store has one replica; create it on servers with --node and --server a,b,c`)
      await withStore(ctx, async (store) => await store.create(signed), { create: true })
      print(ctx, formatName(name), { name: formatName(name) })
      return 0
    }
    let proposal: ServerProposal | undefined
    const notAfterUs = validUntilOption(ctx, 'delegate', '30d', now)
    const servers = await withRemote(ctx, async (client, peer) => {
      refuseNodeKeysOf([{ name: peer, is: `the node at --node, ${formatName(peer)}` }])
      const createOn = async (targets: Uint8Array[]): Promise<Uint8Array[]> => {
        refuseNodeKeysOf(targets.map((server) => ({ name: server, is: `server ${formatName(server)}, which the capsule would be placed on` })))
        // One AdCert per replica; each replica gets them all, so it knows its peers.
        const adCerts = targets.map((server) => signAdCert({ capsule: name, server, notBeforeUs: now, notAfterUs }, owner))
        for (const [i, server] of targets.entries()) {
          try {
            await client.create(signed, server, adCerts[i], targets.length > 1 ? adCerts : [])
          } catch (err) {
            if (i === 0) throw err
            // The servers before hold it now: say its name, or its owner cannot find it to delete it.
            const held = targets.slice(0, i).map(formatName).join(', ')
            throw new PartialCreateError(`capsule ${formatName(name)} was created on ${held} but not on ${formatName(server)}: ${(err as Error).message}; ` +
              `delete it (gdp capsule delete ${formatName(name)} --node ...) or add the replicas it lacks (gdp replicas add)`, { cause: err })
          }
        }
        return targets
      }
      const given = serversOption(ctx)
      if (given !== undefined) return await createOn(given)
      // Without --server, a capsule of several replicas goes on servers the router proposes; one of one replica on the --node peer.
      if (replicasOf(metadata) > 1) {
        proposal = await proposedServers(client, peer, { count: replicasOf(metadata), spreadDomains, salt: name })
        return await createOn(proposal.servers.map((s) => s.server))
      }
      try {
        return await createOn([peer])
      } catch (err) {
        // The peer itself refused it as sent to its own name: a router, which holds no capsules. One it proposes, then.
        if (!refusedByPeer(err, peer)) throw err
        proposal = await proposedServers(client, peer, { count: 1, spreadDomains, salt: name })
        return await createOn(proposal.servers.map((s) => s.server))
      }
    })
    // The name alone on stdout (scripts keep it); which servers the router chose on stderr.
    if (proposal !== undefined && !ctx.json) process.stderr.write(proposalText(proposal))
    print(ctx, formatName(name), { name: formatName(name), servers: servers.map(formatName), ...(proposal === undefined ? {} : { proposed: proposalJson(proposal) }) })
    return 0
  }
}

/** A node whose key must not own or write a capsule: its node name, and what to call it. */
interface NodeKeyHolder { name: Uint8Array, is: string }

/**
 * Refuses an owner or writer key that is the key of one of `nodes`. Whoever
 * holds a capsule's owner key may delete, move and place it, and append as
 * its writer (the owner, unless --writer): a node holding it, a server the
 * capsule is on above all, could do all that without its owner, where the
 * owner and server keys keep those apart. Found by creating a capsule with
 * --key <data>/node.key: taken without a word.
 */
function refuseNodeKeys (ctx: CommandContext, keys: { owner: Uint8Array, writer: Uint8Array }, nodes: NodeKeyHolder[]): void {
  const roles = [
    { key: keys.owner, what: `the owner key (--key ${ctx.keyPath})`, could: 'delete, move and place the capsule, and append to it as its writer unless --writer names another, without its owner' },
    { key: keys.writer, what: 'the writer key (--writer)', could: 'append to the capsule as its writer' }
  ]
  for (const { key, what, could } of roles) {
    const holder = nodes.find((node) => equalBytes(node.name, nodeName(key)))
    if (holder !== undefined) {
      throw new InvalidArgumentError(`${what} is the node key of ${holder.is}: that node could ${could}. Make a key of the capsule's own with gdp keys generate (--key <file> for another file) and create it with that`)
    }
  }
}

/** The node of data folder `dataDir`, where it has a node key. */
function dataFolderNode (dataDir: string): NodeKeyHolder[] {
  const path = join(dataDir, 'node.key')
  if (!existsSync(path)) return []
  let publicKey: Uint8Array
  // A damaged node.key is the node's concern (it refuses to start, saying so), not a create's: nothing to compare.
  try { publicKey = readKeyFile(path, { node: true }).publicKey } catch { return [] }
  const name = nodeName(publicKey)
  return [{ name, is: `this data folder's node (${formatName(name)})` }]
}

/** The application fields that make a capsule of the kind --kind names. */
function kindFields (kind: unknown): AppField[] {
  if (kind === undefined || kind === 'log') return []
  if (kind === 'kv') return [kvAppField()]
  if (kind === 'files') return filesAppFields()
  throw new UsageError(`--kind must be log, kv or files, got '${String(kind)}'`)
}

/** A request the --node peer refused as malformed itself: sent to a router's own name, which takes neither creates nor lists. */
function refusedByPeer (err: unknown, peer: Uint8Array): boolean {
  return err instanceof RequestRefusedError && err.reason === 'MALFORMED' && err.from !== undefined && equalBytes(err.from, peer)
}

/** Asks the --node router for `request.count` servers; fewer known than that is an error saying how many it knows. */
async function proposedServers (client: GdpClient, router: Uint8Array, request: ProposalRequest): Promise<ServerProposal> {
  const { count } = request
  const proposal = await client.proposeServers(router, request)
  if (proposal.servers.length < count) {
    throw new InvalidArgumentError(`--replicas ${count} asks for ${count} servers and the router ${formatName(router)} knows ${proposal.known}${proposal.known === 0 ? ' (is --node a router with servers attached?)' : ''}: attach more servers to it, or name them with --server a,b,c`)
  }
  return proposal
}

function proposalText (proposal: ServerProposal): string {
  const lines = proposal.servers.map((s) => {
    const where = equalBytes(s.via, s.server) ? 'attached to the router' : `behind router ${formatName(s.via)}`
    return `  ${formatName(s.server)}  ${where}, cost ${s.cost}, host ${s.host}${s.domain === undefined ? '' : `, domain ${formatName(s.domain)}`}\n`
  })
  return `the router proposed ${proposal.servers.length} of the ${proposal.known} servers it knows:\n${lines.join('')}`
}

function proposalJson (proposal: ServerProposal): unknown {
  return proposal.servers.map((s) => ({ server: formatName(s.server), via: formatName(s.via), cost: s.cost, host: s.host, domain: s.domain === undefined ? null : formatName(s.domain) }))
}

/**
 * --spread hosts|domains: how the router spreads the servers it proposes
 * (always across hosts; `domains` puts distinct routing domains first).
 * Only for a capsule of several replicas placed without --server.
 */
function spreadOption (ctx: CommandContext, replicas: number): boolean {
  const spread = ctx.values.spread
  if (spread === undefined) return false
  if (spread !== 'hosts' && spread !== 'domains') throw new UsageError(`--spread must be hosts or domains, got '${String(spread)}'`)
  if (ctx.node === undefined || ctx.values.server !== undefined || replicas < 2) throw new UsageError('--spread is how the --node router spreads the servers it proposes: give --node and --replicas n (n >= 2), without --server')
  return spread === 'domains'
}

/** How an owner's signed order (a deletion, a replica's removal) whose answer was lost may still take effect, and how to find out. */
function ownerOrderMayHold (name: Uint8Array): string {
  return `a replica may hold the order and pass it on to the others: gdp capsule info ${formatName(name)} --node ... shows whether it did`
}

/** Refuses --key unless it is the owner of capsule `name`, before anything is signed: only its owner can `what`. */
function requireOwner (metadata: SignedMetadata, owner: Ed25519Signer, name: Uint8Array, what: string): void {
  if (!equalBytes(metadata.metadata.owner.key, owner.publicKey)) throw new InvalidArgumentError(`--key is not the owner of capsule ${formatName(name)}: only its owner can ${what}`)
}

/** The servers a replicas command leaves the capsule on, one a line (with --json, `json` besides). */
function printReplicas (ctx: CommandContext, name: Uint8Array, servers: string[], json: Record<string, unknown> = {}): void {
  print(ctx, `capsule ${formatName(name)} is on ${servers.length} servers:\n${servers.join('\n')}`, { name: formatName(name), servers, ...json })
}

const replicasAdd: Command = {
  path: ['replicas', 'add'],
  usage: 'replicas add <capsule> --server <name>[,<name>...] --node <addr> [--delegate 30d]',
  summary: 'place a capsule on more servers: the owner (--key) delegates each, and every replica gets the larger set',
  help: '  the new replicas fetch the capsule\'s records from the others at their next anti-entropy round\n' +
    '  a server that did not answer is named; run the command again: every replica is sent the set again\n',
  options: { server: { type: 'string' }, delegate: { type: 'string' } },
  minArgs: 1,
  maxArgs: 1,
  remote: true,
  usesKey: true,
  async run (ctx) {
    if (ctx.node === undefined) throw new UsageError('replicas live on servers: give --node')
    const added = serversOption(ctx)
    if (added === undefined) throw new UsageError('--server <name>[,<name>...] names the servers to add')
    const owner = readKeySigner(ctx.keyPath)
    const name = fullCapsuleName(ctx.positionals[0]!)
    const now = wallClockUs()
    const notAfterUs = validUntilOption(ctx, 'delegate', '30d', now)
    const servers = await withRemote(ctx, async (client) => {
      const info = await client.info(name)
      requireOwner(info.metadata, owner, name, 'add replicas')
      const known = info.replicas.map((a) => formatName(a.cert.server))
      const fresh = added.filter((s) => !known.includes(formatName(s)))
      const failed: string[] = []
      const send = async (adCert: SignedAdCert, set: SignedAdCert[]): Promise<boolean> => {
        try {
          await client.create(info.metadata, adCert.cert.server, adCert, set, info)
          return true
        } catch (err) {
          failed.push(`${formatName(adCert.cert.server)} (${(err as Error).message})`)
          return false
        }
      }
      // The new ones first, and only those that took it go into the set the others get: a replica that is told of a
      // peer should find it holding the capsule.
      const joined: SignedAdCert[] = []
      const offered = fresh.map((server) => signAdCert({ capsule: name, server, notBeforeUs: now, notAfterUs }, owner))
      for (const adCert of offered) if (await send(adCert, [...info.replicas, ...offered])) joined.push(adCert)
      const set = [...info.replicas, ...joined]
      // Every replica that was one, on through failures: one that missed the larger set passes appends on, and weighs
      // removals, by the set it knows. With no new server, this sends a set that did not reach every replica again.
      if (fresh.length === 0 || joined.length > 0) for (const adCert of info.replicas) await send(adCert, set)
      const servers = set.map((a) => formatName(a.cert.server))
      if (failed.length > 0) {
        throw new PartialCreateError(`capsule ${formatName(name)}: the set of its replicas (${servers.join(', ')}) did not reach ${failed.join('; ')}. ` +
          'Run the same gdp replicas add again once they answer: it sends the set again to every replica that misses it')
      }
      return servers
    })
    printReplicas(ctx, name, servers)
    return 0
  }
}

/** The latest of `removals` that takes `server` off (one placed again and taken off again has several). */
function latestRemovalOf (removals: SignedCapsuleDeletion[], server: Uint8Array): SignedCapsuleDeletion | undefined {
  const of = removals.filter((r) => r.deletion.server !== undefined && equalBytes(r.deletion.server, server))
  return of.sort((a, b) => b.deletion.deletedAtUs - a.deletion.deletedAtUs)[0]
}

const replicasRm: Command = {
  path: ['replicas', 'rm'],
  usage: 'replicas rm <capsule> --server <name> --node <addr>',
  summary: 'take a capsule off one server on its owner\'s signed order (--key): that server deletes it, the others drop it from the set',
  help: '  the capsule keeps at least the replicas its policy asks for: to move a replica, add the new one first\n' +
    '  the server taken off first brings the replicas left up to its head; when none can be, it refuses and keeps its copy\n' +
    '  a server taken off keeps a tombstone and does not hold the capsule again\n' +
    '  a replica left that did not answer is named; run the command again: it sends that server\'s removal to every replica left\n',
  options: { server: { type: 'string' } },
  minArgs: 1,
  maxArgs: 1,
  remote: true,
  usesKey: true,
  async run (ctx) {
    if (ctx.node === undefined) throw new UsageError('replicas live on servers: give --node')
    const given = serversOption(ctx)
    if (given?.length !== 1) throw new UsageError('--server <name> names the one server to take the capsule off')
    const server = given[0]!
    const owner = readKeySigner(ctx.keyPath)
    const name = fullCapsuleName(ctx.positionals[0]!)
    let sent = false
    const servers = await remoteWrite(ctx, () => sent ? `the removal of server ${formatName(server)}` : undefined, async (client) => {
      const info = await client.info(name)
      requireOwner(info.metadata, owner, name, 'remove replicas')
      const placed = info.replicas.find((a) => equalBytes(a.cert.server, server))
      // Taken off already, by a run that did not reach every replica left (RemovalIncompleteError): the order the set
      // holds goes again to each. Refused as no replica, the run its error asks for could never reach them.
      const removal = placed !== undefined ? signDeletion(name, removalDateUs(wallClockUs(), placed), owner, server) : latestRemovalOf(info.removals, server)
      if (removal === undefined) throw new InvalidArgumentError(`server ${formatName(server)} is not a replica of capsule ${formatName(name)}`)
      sent = true
      await client.removeReplica(name, removal, info.replicas.map((a) => a.cert.server))
      return info.replicas.filter((a) => !equalBytes(a.cert.server, server)).map((a) => formatName(a.cert.server))
    }, ownerOrderMayHold(name))
    printReplicas(ctx, name, servers, { removed: formatName(server) })
    return 0
  }
}

/** Moves at once in a drain, at most: more, and the workers for them were made first (an array of 10^11 of them failed). */
const MAX_MOVE_CONCURRENCY = 256

const MAX_LISTED_HELP = `  --max-listed <n>    with --all-from: how many of the server's capsules to list at most (default ${MAX_LISTED_CAPSULES}):\n` +
  '                      a server that creates capsules as it lists them kept the command listing for ever\n'

/** --max-listed: how many of a server's capsules a command over all of them lists at most (capsulesOn). */
function maxListedOption (ctx: CommandContext): number {
  return integer(ctx, 'max-listed', 1) ?? MAX_LISTED_CAPSULES
}

/** What a command over all of a server's capsules says of a listing cut at --max-listed: nothing when it was not. */
interface ListingCut { lines: string[], json: { listingCutAfter?: string } }

function listingCut (server: Uint8Array | undefined, maxListed: number, cutAfter: Uint8Array | undefined): ListingCut {
  if (server === undefined || cutAfter === undefined) return { lines: [], json: {} }
  return {
    lines: [`the listing of ${formatName(server)} stopped at ${maxListed} capsule${maxListed === 1 ? '' : 's'} (--max-listed): those it listed after ${formatName(cutAfter)} were not looked at (give a larger --max-listed, or run again once those listed before are done)`],
    json: { listingCutAfter: formatName(cutAfter) }
  }
}

function moveConcurrency (ctx: CommandContext): number {
  const n = integer(ctx, 'concurrency', 1) ?? 8
  if (n > MAX_MOVE_CONCURRENCY) throw new UsageError(`--concurrency must be at most ${MAX_MOVE_CONCURRENCY} moves at once, got ${n}`)
  return n
}

const capsuleMove: Command = {
  path: ['capsule', 'move'],
  usage: 'capsule move <capsule> --to <server> --node <addr> [--from <server>] [--delegate 30d] [--timeout 10m] | capsule move --all-from <server> --to <server>[,<server>...] --node <addr> [--concurrency 8] [--delegate 30d] [--timeout 10m] [--rate-wait 10m] [--max-listed n]',
  summary: 'move a capsule to another server while it is in use, on the order of its owner or a key the owner delegated its placement to (--key): copy, catch up, then a short switch',
  help: '  the target fetches the records (each batch verified) without being advertised, the source passes appends on to it,\n' +
    '  then the source hands over: it stops taking requests for the capsule, brings the target up to its head, the target\n' +
    '  advertises it, and the source removes itself and passes on what still reaches it. Clients see no error.\n' +
    '  --to <server>       node name of the server to move it to\n' +
    '  --from <server>     the server to move it off (default: the capsule\'s one replica)\n' +
    '  --delegate <time>   how long the target\'s AdCert lasts (default 30d, at least 1h)\n' +
    '  --timeout <time>    how long the target may take to catch up (default 10m); then the move stops and the source\n' +
    '                      keeps serving: run it again to go on\n' +
    '  --all-from <server> every capsule on that server that --key owns or was delegated (gdp capsule delegate),\n' +
    '                      --concurrency at a time (default 8, at most 256); the others stay: how an operator drains a server.\n' +
    '                      --to may name several servers: the capsules go to them in turn, each to one that is not\n' +
    '                      a replica of it already\n' +
    '  --rate-wait <time>  with --all-from: how long in all a move refused by a server\'s create_rate may wait for\n' +
    '                      the time the server names and go on (default 10m; 0: refused moves are reported)\n' +
    MAX_LISTED_HELP +
    '  docs/moving.md\n',
  options: { to: { type: 'string' }, from: { type: 'string' }, delegate: { type: 'string' }, timeout: { type: 'string' }, 'all-from': { type: 'string' }, concurrency: { type: 'string' }, 'rate-wait': { type: 'string' }, 'max-listed': { type: 'string' } },
  minArgs: 0,
  maxArgs: 1,
  remote: true,
  usesKey: true,
  async run (ctx) {
    if (ctx.node === undefined) throw new UsageError('a capsule moves between servers: give --node')
    if (typeof ctx.values.to !== 'string') throw new UsageError('--to <server> names the server to move the capsule to')
    const targets = namesList(ctx.values.to, '--to')
    const from = typeof ctx.values.from === 'string' ? serverName(ctx.values.from, '--from') : undefined
    const signer = readKeySigner(ctx.keyPath)
    const delegateMs = validityOption(ctx, 'delegate', '30d')
    const catchUpTimeoutMs = durationOption(ctx, 'timeout', '10m')
    if (typeof ctx.values['all-from'] === 'string') {
      if (ctx.positionals.length > 0 || from !== undefined) throw new UsageError('--all-from moves every capsule of --key on a server: give no capsule and no --from')
      const source = serverName(ctx.values['all-from'], '--all-from')
      const rateWaitMs = rateWaitOption(ctx)
      const concurrency = moveConcurrency(ctx)
      const maxListed = maxListedOption(ctx)
      const result = await withRemote(ctx, async (client) => await moveAllCapsules(client, { signer, to: targets, from: source, delegateMs, catchUpTimeoutMs, clock: wallClockUs, concurrency, rateWaitMs, maxListed }))
      const cut = listingCut(source, maxListed, result.listingCutAfter)
      const json = { from: formatName(source), to: targets.map(formatName), found: result.found, moved: result.moved.length, failed: result.failed.map((f) => ({ name: formatName(f.name), error: f.error })), skipped: result.skipped.map(formatName), skippedCount: result.skippedCount, ...cut.json, ms: Math.round(result.ms) }
      const unnamed = json.skippedCount - json.skipped.length
      print(ctx, [
        `moved ${json.moved} of ${json.found} capsules of this key from ${json.from} to ${json.to.join(', ')} in ${json.ms} ms (${json.skippedCount} this key may not move stay)`,
        ...json.failed.map((f) => `not moved: ${f.name}: ${f.error}`),
        ...json.skipped.map((name) => `stays (this key may not move it): ${name}`),
        ...unnamed > 0 ? [`and ${unnamed} more this key may not move stay, not named`] : [],
        ...cut.lines
      ].join('\n'), json)
      return result.failed.length > 0 || cut.lines.length > 0 ? 1 : 0
    }
    for (const option of ['rate-wait', 'concurrency', 'max-listed']) {
      if (ctx.values[option] !== undefined) throw new UsageError(`--${option} goes with --all-from`)
    }
    if (targets.length !== 1) throw new UsageError('one capsule moves to one server: --to <server> (several go with --all-from)')
    const to = targets[0]!
    if (ctx.positionals.length !== 1) throw new UsageError('name the capsule to move, or give --all-from <server>')
    const name = fullCapsuleName(ctx.positionals[0]!)
    let shown = -1
    const result = await withRemote(ctx, async (client) => await moveCapsule(client, {
      name,
      signer,
      to,
      ...(from === undefined ? {} : { from }),
      delegateMs,
      catchUpTimeoutMs,
      clock: wallClockUs,
      progress: (held, of) => {
        if (held === shown) return
        shown = held
        process.stderr.write(`target holds ${held} of ${of} records\n`)
      }
    }))
    print(ctx, `moved capsule ${formatName(name)} from ${formatName(result.from)} to ${formatName(result.to)}: ${result.records} records, copy ${Math.round(result.copyMs)} ms, switch ${Math.round(result.switchMs)} ms`, {
      name: formatName(name), from: formatName(result.from), to: formatName(result.to), records: result.records, copyMs: Math.round(result.copyMs), switchMs: Math.round(result.switchMs)
    })
    return 0
  }
}

const capsuleDelegate: Command = {
  path: ['capsule', 'delegate'],
  usage: 'capsule delegate <capsule> --to-key <public key> --node <addr> [--valid 90d] | capsule delegate --all-from <server> --to-key <public key> --node <addr> [--valid 90d] [--rate-wait 10m] [--max-listed n]',
  summary: 'let another key (a domain operator\'s: gdp domain show) move a capsule between servers, on its owner\'s signed word (--key)',
  help: '  the delegate may sign AdCerts for servers of its choice and remove replicas (gdp capsule move --key <its key>),\n' +
    '  until the delegation expires; it may not delete the capsule, write to it, or delegate further.\n' +
    '  every replica keeps the delegation in the capsule\'s replica set, where the delegate finds it (docs/moving.md)\n' +
    '  --to-key <key>      the delegate\'s public key (base64url or hex)\n' +
    '  --valid <time>      how long it lasts (default 90d, at least 1h); a new delegation to the same key replaces the old one\n' +
    '  --all-from <server> every capsule --key owns on that server\n' +
    '  --rate-wait <time>  with --all-from: how long in all to wait for servers that refuse for their create_rate\n' +
    '                      and name when to come back (default 10m; each replica\'s set update counts as a create)\n' +
    MAX_LISTED_HELP,
  options: { 'to-key': { type: 'string' }, valid: { type: 'string' }, 'all-from': { type: 'string' }, 'rate-wait': { type: 'string' }, 'max-listed': { type: 'string' } },
  minArgs: 0,
  maxArgs: 1,
  remote: true,
  usesKey: true,
  async run (ctx) {
    if (ctx.node === undefined) throw new UsageError('delegations live with the replicas on servers: give --node')
    if (typeof ctx.values['to-key'] !== 'string') throw new UsageError('--to-key <public key> names the key to delegate to')
    const delegate = signingKeyOption(ctx.values['to-key'], '--to-key')
    const owner = readKeySigner(ctx.keyPath)
    const validMs = validityOption(ctx, 'valid', '90d')
    const allFrom = allFromOption(ctx)
    const result = await withRemote(ctx, async (client) => {
      const { done, failed, cut } = await forEachCapsule(client, ctx, allFrom, (info) => equalBytes(info.metadata.metadata.owner.key, owner.publicKey), async (name) => { await delegatePlacement(client, { name, owner, delegate, validMs, clock: wallClockUs }) })
      return { delegated: done, failed, cut }
    })
    const to = Buffer.from(delegate).toString('base64url')
    print(ctx, [`delegated the placement of ${result.delegated.length} capsule${result.delegated.length === 1 ? '' : 's'} to ${to} for ${ctx.values.valid ?? '90d'}`, ...result.delegated, ...result.failed.map((f) => `not delegated: ${f.name}: ${f.error}`), ...result.cut.lines].join('\n'), { delegate: to, validMs, delegated: result.delegated, failed: result.failed, ...result.cut.json })
    return result.failed.length > 0 || result.cut.lines.length > 0 ? 1 : 0
  }
}

/**
 * The public key an option names for a key to sign with (a writer, a
 * delegate): 32 bytes that v1 takes for no key (docs/spec.md section 1.1)
 * are refused naming the option. `--writer` of such bytes failed at the
 * metadata, exit 1, naming no option; a delegation to them was signed for a
 * key no signature verifies under.
 */
function signingKeyOption (text: string, option: string): Uint8Array {
  const key = optionValue(() => parsePublicKey(text, option))
  if (!isValidEd25519PublicKey(key)) throw new UsageError(`${option}: '${text}' is not an Ed25519 public key v1 accepts: its 32 bytes encode no point of order L, so no signature verifies under it (docs/spec.md section 1.1)`)
  return key
}

/** The --all-from server of a command over one capsule or every capsule of a server, checked with the options that go with it. */
function allFromOption (ctx: CommandContext): Uint8Array | undefined {
  const allFrom = typeof ctx.values['all-from'] === 'string' ? serverName(ctx.values['all-from'], '--all-from') : undefined
  if ((allFrom === undefined) === (ctx.positionals.length === 0)) throw new UsageError('name one capsule, or give --all-from <server> (not both)')
  for (const option of ['rate-wait', 'max-listed']) {
    if (allFrom === undefined && ctx.values[option] !== undefined) throw new UsageError(`--${option} goes with --all-from`)
  }
  rateWaitOption(ctx)
  maxListedOption(ctx)
  return allFrom
}

/**
 * Runs `action` on the capsule the command names, or on every capsule on
 * server `allFrom` (allFromOption) that `select` takes, waiting out
 * servers' create rates until --rate-wait is spent: one capsule's failure
 * throws, those of --all-from are collected.
 */
async function forEachCapsule (client: GdpClient, ctx: CommandContext, allFrom: Uint8Array | undefined, select: (info: CapsuleInfo) => boolean, action: (name: Uint8Array) => Promise<void>): Promise<{ done: string[], failed: Array<{ name: string, error: string }>, cut: ListingCut }> {
  const deadline = performance.now() + rateWaitOption(ctx)
  const maxListed = maxListedOption(ctx)
  const listed: Pick<CapsulesOn, 'selected' | 'cutAfter'> = allFrom === undefined ? { selected: [fullCapsuleName(ctx.positionals[0]!)] } : await capsulesOn(client, allFrom, select, { maxListed })
  const names = listed.selected
  const done: string[] = []
  const failed: Array<{ name: string, error: string }> = []
  for (const name of names) {
    try {
      await retryingRateLimits(async () => { await action(name) }, deadline)
      done.push(formatName(name))
    } catch (err) {
      if (allFrom === undefined) throw err
      failed.push({ name: formatName(name), error: (err as Error).message })
    } finally {
      client.forget(name)
    }
  }
  return { done, failed, cut: listingCut(allFrom, maxListed, listed.cutAfter) }
}

const capsuleRenew: Command = {
  path: ['capsule', 'renew'],
  usage: 'capsule renew <capsule> --node <addr> [--delegate 30d] | capsule renew --all-from <server> --node <addr> [--delegate 30d] [--rate-wait 10m] [--max-listed n]',
  summary: 'sign a capsule\'s AdCerts afresh (--key: its owner, or a key it delegated placement to): a server stops advertising a capsule when its AdCert ends',
  help: '  every replica gets a new AdCert and the set of them all; a server keeps, of two AdCerts, the one that ends later\n' +
    '  (gdp capsule info --node shows when each replica\'s ends)\n' +
    '  --delegate <time>   how long the new AdCerts last (default 30d, at least 1h; a delegate\'s end with its delegation)\n' +
    '  --all-from <server> every capsule on that server --key may place, each as that server holds it (one it does\n' +
    '                      not advertise, its node.key replaced, is placed on its new key: gdp status says so there)\n' +
    '  --rate-wait <time>  with --all-from: how long in all to wait for servers that refuse for their create_rate\n' +
    '                      and name when to come back (default 10m; each replica\'s renewal counts as a create)\n' +
    MAX_LISTED_HELP,
  options: { delegate: { type: 'string' }, 'all-from': { type: 'string' }, 'rate-wait': { type: 'string' }, 'max-listed': { type: 'string' } },
  minArgs: 0,
  maxArgs: 1,
  remote: true,
  usesKey: true,
  async run (ctx) {
    if (ctx.node === undefined) throw new UsageError('AdCerts live with the replicas on servers: give --node')
    const signer = readKeySigner(ctx.keyPath)
    const delegateMs = validityOption(ctx, 'delegate', '30d')
    const allFrom = allFromOption(ctx)
    const ends: Record<string, { notAfter: string, signed: string }> = {}
    const result = await withRemote(ctx, async (client) => await forEachCapsule(client, ctx, allFrom, (info) => placementAuthority(info, signer.publicKey) !== null, async (name) => {
      const renewal = await renewPlacement(client, { name, signer, delegateMs, clock: wallClockUs, replica: allFrom })
      ends[formatName(name)] = { notAfter: formatTime(renewal.heldUntilUs), signed: formatTime(renewal.notAfterUs) }
    }))
    // Until when the replicas hold it: a replica keeps an AdCert that ends later than the new one.
    const renewed = result.done.map((name) => ({ name, ...ends[name]! }))
    const line = (r: { name: string, notAfter: string, signed: string }): string => `${r.name} until ${r.notAfter}${r.signed === r.notAfter ? '' : ` (the new AdCerts, until ${r.signed}, end sooner than those the replicas hold, which they keep)`}`
    print(ctx, [`renewed the AdCerts of ${renewed.length} capsule${renewed.length === 1 ? '' : 's'}`, ...renewed.map(line), ...result.failed.map((f) => `not renewed: ${f.name}: ${f.error}`), ...result.cut.lines].join('\n'), { renewed, failed: result.failed, ...result.cut.json })
    return result.failed.length > 0 || result.cut.lines.length > 0 ? 1 : 0
  }
}

/** --rate-wait: how long a command over many capsules waits, in all, for servers' create rates. */
function rateWaitOption (ctx: CommandContext): number {
  const text = typeof ctx.values['rate-wait'] === 'string' ? ctx.values['rate-wait'] : '10m'
  return text === '0' ? 0 : durationOption(ctx, 'rate-wait', text)
}

const capsuleDelete: Command = {
  path: ['capsule', 'delete'],
  writesStore: true,
  usage: 'capsule delete <capsule> [--node <addr>]',
  summary: 'delete a capsule on its owner\'s signed order (--key): from the local store, or from every replica through --node',
  help: '  a deleted capsule leaves a tombstone: its name is refused from then on\n',
  options: {},
  minArgs: 1,
  maxArgs: 1,
  remote: true,
  usesKey: true,
  async run (ctx) {
    const owner = readKeySigner(ctx.keyPath)
    const order = (name: Uint8Array, metadata: SignedMetadata): SignedCapsuleDeletion => {
      requireOwner(metadata, owner, name, 'delete it')
      return signDeletion(name, wallClockUs(), owner)
    }
    if (ctx.node !== undefined) {
      const name = fullCapsuleName(ctx.positionals[0]!)
      let sent = false
      await remoteWrite(ctx, () => sent ? 'the deletion' : undefined, async (client) => {
        const info = await client.info(name)
        const deletion = order(name, info.metadata)
        sent = true
        await client.delete(name, deletion)
      }, ownerOrderMayHold(name))
      print(ctx, `deleted capsule ${formatName(name)}`, { name: formatName(name), deleted: true })
      return 0
    }
    const name = await withStore(ctx, async (store) => {
      const c = await resolveCapsule(store, ctx.positionals[0]!)
      // Its owner's saved byte count lowered in the same write, as a server's deletion does: left as it was, a node
      // started on the folder after took the deleted capsule's bytes as held, against create_quota_bytes, for good.
      const owner = c.signedMetadata.metadata.owner.key
      const saved = await store.savedOwnerUsage(owner)
      const ownerUsage = saved === undefined ? undefined : () => ({ owner, bytes: Math.max(0, saved - c.payloadBytes()) })
      await store.delete(c.name, encodeSignedDeletion(order(c.name, c.signedMetadata)), { ownerUsage })
      return c.name
    })
    print(ctx, `deleted capsule ${formatName(name)}`, { name: formatName(name), deleted: true })
    return 0
  }
}

const capsuleList: Command = {
  path: ['capsule', 'list'],
  usage: 'capsule list [--node <addr> [--server <name>]]',
  summary: 'list the capsules in the store, or those a server holds',
  help: '  --node <addr>    ask a server through this node (sizes are the server\'s word; `capsule info` proves one)\n  --server <name>  the server\'s node name (default: the --node peer itself)\n' +
    '  exit 1 when a capsule of the local store is damaged or unreadable (listed as such, with the others)\n',
  options: { server: { type: 'string' } },
  minArgs: 0,
  maxArgs: 0,
  remote: true,
  async run (ctx) {
    if (ctx.node !== undefined) {
      const server = serverOption(ctx)
      await withRemote(ctx, async (client, peer) => {
        try {
          for await (const c of client.list(server ?? peer)) {
            const listed = { name: formatName(c.name), size: c.size }
            print(ctx, capsuleLine(listed), listed)
          }
        } catch (err) {
          // The peer itself refused to be listed: a router, which holds none (it answered a raw MALFORMED).
          if (server === undefined && refusedByPeer(err, peer)) {
            throw new UsageError(`the --node peer ${formatName(peer)} holds no capsules to list (it is a router): give --server <node name> of a server behind it`)
          }
          throw err
        }
      })
      return 0
    }
    if (ctx.values.server !== undefined) throw new UsageError('--server names a server to ask through --node; give --node too')
    // Every capsule is listed; a script learns from the status that some are damaged or unreadable.
    const faults: ListedCapsule[] = []
    await withStore(ctx, async (store) => {
      for await (const c of listCapsules(store)) {
        if (c.size === null) faults.push(c)
        print(ctx, capsuleLine(c), c)
      }
    })
    sayStoreRepairFor(ctx, faults)
    return faults.length === 0 ? 0 : 1
  }
}

/** A fork proof held for a capsule, checked, as --json shows it (null when none). */
function forkJson (proof: ForkProof | undefined): unknown {
  if (proof === undefined) return null
  const fork = verifyForkProof(proof)
  return { kind: fork.kind, position: fork.position, proof: Buffer.from(encodeForkProof(proof)).toString('base64url') }
}

function forkLines (proof: ForkProof | undefined): string[] {
  if (proof === undefined) return []
  const fork = verifyForkProof(proof)
  return [`FORKED    the writer signed two histories (${fork.kind} at record ${fork.position}); proof in --json fork.proof (gdp capsule fork-check)`]
}

/** A capsule's replication policy in words, defaults spelled out. */
function replicationText (m: CapsuleMetadata): string {
  return `${replicasOf(m)} (${m.replication.alwaysWrite === true ? 'always-write: one replica acknowledges' : `write quorum ${writeQuorumOf(m)}`})`
}

/**
 * What `capsule info` shows of a capsule's metadata, local or through a
 * node alike: JSON fields and text lines. The replication is the one in
 * effect (the metadata's 0 means the default; JSON said 0 replicas where
 * the text said 1). Through a node it showed none of the metadata.
 */
function metadataInfo (m: CapsuleMetadata): { json: Record<string, unknown>, lines: string[] } {
  const json = {
    owner: Buffer.from(m.owner.key).toString('base64url'),
    writer: Buffer.from(m.writer.key).toString('base64url'),
    created: formatTime(m.createdAtUs),
    expires: m.expiresAtUs === 0 ? null : formatTime(m.expiresAtUs),
    replication: { replicas: replicasOf(m), writeQuorum: writeQuorumOf(m), ...(m.replication.alwaysWrite === true ? { alwaysWrite: true } : {}) },
    fields: Object.fromEntries(m.appFields.map((f) => [f.key, Buffer.from(f.value).toString()]))
  }
  const lines = [
    `owner     ${json.owner}`,
    `writer    ${json.writer}`,
    `created   ${json.created}`,
    `expires   ${json.expires ?? 'never'}`,
    `replicas  ${replicationText(m)}`,
    ...m.appFields.map((f) => `field     ${f.key}=${Buffer.from(f.value).toString()}`)
  ]
  return { json, lines }
}

/** --server, the node name of a server reached through --node. */
function serverOption (ctx: CommandContext): Uint8Array | undefined {
  const servers = serversOption(ctx)
  if (servers !== undefined && servers.length > 1) throw new UsageError('--server names one server here')
  return servers?.[0]
}

/** --server a,b,c: node names of servers reached through --node. */
function serversOption (ctx: CommandContext): Uint8Array[] | undefined {
  return typeof ctx.values.server !== 'string' ? undefined : namesList(ctx.values.server, '--server')
}

/** A comma-separated list of node names, at least one, none twice: a list that is not one is a usage error. */
function namesList (text: string, option: string): Uint8Array[] {
  const names = text.split(',').filter((s) => s.trim() !== '').map((s) => serverName(s, option))
  if (names.length === 0) throw new UsageError(`${option} names no server: give the node name of at least one`)
  if (new Set(names.map(formatName)).size !== names.length) throw new UsageError(`${option} names a server twice`)
  return names
}

/**
 * --expires as a time. It takes a duration too: text that is neither is
 * said to be so ("not a time: '1.5d'" sent a user of 90d to times alone).
 */
function expiresTime (text: string): number {
  try {
    return timeOption('expires', text)
  } catch (err) {
    if (!(err instanceof UsageError) || !err.message.startsWith('--expires: not a time')) throw err
    throw new UsageError(`--expires: '${text}' is neither a time (${TIME_FORMS}) nor a duration (${DURATION_FORM})`, { cause: err })
  }
}

/** One server's node name given to `option`: one that is not a node name is a usage error. */
function serverName (text: string, option: string): Uint8Array {
  return optionValue(() => parseName(text, `node name (${option})`))
}

/**
 * --replicas and --write-quorum, signed into the metadata. --replicas
 * defaults to the number of servers --server names; a quorum above the
 * replicas could never be met. Checked before any node is dialled: more
 * than MAX_REPLICAS went to the router, and fewer servers than replicas
 * were found once it was dialled, each exiting 1 as a failed operation.
 */
function replicationOption (ctx: CommandContext): { replicas: number, writeQuorum: number, alwaysWrite?: true } {
  const servers = ctx.node === undefined ? 0 : serversOption(ctx)?.length ?? 0
  if (servers > MAX_REPLICAS) throw new UsageError(`--server names ${servers} servers: a capsule has at most ${MAX_REPLICAS} replicas`)
  const replicas = integer(ctx, 'replicas', 1) ?? (servers > 1 ? servers : 0)
  if (replicas > MAX_REPLICAS) throw new UsageError(`--replicas ${replicas}: a capsule has at most ${MAX_REPLICAS} replicas`)
  if (servers > 0 && servers < replicas) throw new UsageError(`--replicas ${replicas} needs as many servers; --server names ${servers}`)
  const writeQuorum = integer(ctx, 'write-quorum', 1) ?? 0
  if (writeQuorum > Math.max(1, replicas)) throw new UsageError(`--write-quorum ${writeQuorum} is more than the ${Math.max(1, replicas)} replicas: no append could ever be acknowledged`)
  if (ctx.values['always-write'] !== true) return { replicas, writeQuorum }
  if (writeQuorum > 1) throw new UsageError(`--always-write means one replica acknowledges an append; it contradicts --write-quorum ${writeQuorum}`)
  return { replicas, writeQuorum, alwaysWrite: true }
}

const info: Command = {
  path: ['capsule', 'info'],
  aliases: [['info']],
  usage: 'capsule info <capsule> [--node <addr> [--latest]]',
  summary: 'metadata, size and latest heartbeat of a capsule',
  help: '  --latest            with --node: the longest head of a read quorum of its replicas, and the replica that\n' +
    '                      holds it (the nearest replica may have missed appends while it was down)\n',
  options: { latest: { type: 'boolean', default: false } },
  minArgs: 1,
  maxArgs: 1,
  remote: true,
  async run (ctx) {
    if (ctx.node !== undefined) {
      const name = fullCapsuleName(ctx.positionals[0]!)
      const remote = await withRemote(ctx, async (client) => ctx.values.latest === true ? await client.latestInfo(name) : await client.info(name))
      const servers = remote.replicas.map((a) => formatName(a.cert.server))
      const delegations = remote.delegations.map((d) => ({ delegate: Buffer.from(d.delegation.delegate).toString('base64url'), notAfter: formatTime(d.delegation.notAfterUs) }))
      const metadata = metadataInfo(remote.metadata.metadata)
      print(ctx, [
        `name      ${formatName(name)}`,
        ...metadata.lines,
        `records   ${remote.size}`,
        ...remote.replicas.map((a) => `replica   ${formatName(a.cert.server)} until ${formatTime(a.cert.notAfterUs)}`),
        ...delegations.map((d) => `placement delegated to ${d.delegate} until ${d.notAfter}`),
        ...(remote.head === undefined ? [] : [`root      ${formatName(remote.head.heartbeat.root)}`, `heartbeat ${formatTime(remote.head.heartbeat.timestampUs)}`]),
        ...(remote.server === undefined ? [] : [`from      ${formatName(remote.server)}`]),
        ...forkLines(remote.fork)
      ].join('\n'),
      {
        name: formatName(name),
        ...metadata.json,
        size: remote.size,
        from: remote.server === undefined ? null : formatName(remote.server),
        replicas: servers,
        // When each replica's AdCert ends: that server stops advertising the capsule then, unless it is renewed (gdp capsule renew).
        replicasUntil: Object.fromEntries(remote.replicas.map((a) => [formatName(a.cert.server), formatTime(a.cert.notAfterUs)])),
        delegations,
        head: heartbeatJson(remote.head),
        fork: forkJson(remote.fork),
        verified: true
      })
      return 0
    }
    refuseRemoteReadOptions(ctx)
    await withStore(ctx, async (store) => {
      const c = await resolveCapsule(store, ctx.positionals[0]!)
      const stored = await store.forkProof(c.name)
      const fork = stored === undefined ? undefined : decodeForkProof(stored)
      const metadata = metadataInfo(c.metadata)
      const json = {
        name: formatName(c.name),
        ...metadata.json,
        size: c.size,
        head: heartbeatJson(c.head),
        fork: forkJson(fork)
      }
      const human = [
        `name      ${json.name}`,
        ...metadata.lines,
        `records   ${c.size}`,
        ...(c.head === undefined ? [] : [`root      ${formatName(c.head.heartbeat.root)}`, `heartbeat ${formatTime(c.head.heartbeat.timestampUs)}`]),
        ...forkLines(fork)
      ].join('\n')
      print(ctx, human, json)
    })
    return 0
  }
}

// ---- records ----

const append: Command = {
  path: ['capsule', 'append'],
  writesStore: true,
  aliases: [['append']],
  usage: 'capsule append <capsule> [payload...] [--file f] [--lines] [--node <addr>]',
  summary: 'append records: each argument, or a file, or stdin',
  help: '  with no payload arguments and no --file, reads stdin\n  --lines        one record per line of the file or stdin\n' +
    '  --node <addr>  append to the capsule\'s replicas through this node, each batch kept first in the key\'s\n' +
    '                 writer journal (<key file>.journal)\n',
  options: { file: { type: 'string' }, lines: { type: 'boolean', default: false } },
  minArgs: 1,
  maxArgs: Infinity,
  remote: true,
  usesKey: true,
  async run (ctx) {
    const [target, ...args] = ctx.positionals
    let payloads: Iterable<Uint8Array> | AsyncIterable<Uint8Array>
    if (args.length > 0) {
      if (ctx.values.file !== undefined) throw new UsageError('give payload arguments or --file, not both')
      if (ctx.values.lines === true) throw new UsageError('--lines splits a file or stdin into records; each payload argument is a record already: leave out --lines')
      payloads = args.map((a) => new Uint8Array(Buffer.from(a)))
    } else if (typeof ctx.values.file === 'string') {
      payloads = await firstRead(inputRecords(createReadStream(requireFile(ctx.values.file)), ctx.values.lines === true, ctx.values.file))
    } else {
      if (ctx.stdin.isTTY === true) throw new UsageError('nothing to append: give payload arguments, --file, or pipe data to stdin')
      payloads = await firstRead(inputRecords(ctx.stdin, ctx.values.lines === true, 'stdin'))
    }
    const signer = readKeySigner(ctx.keyPath)
    // Records appended so far (from `first`): an input refused part way (a line too long) comes after them.
    let appended = 0
    let first = 0
    const appendedBefore = (err: unknown): unknown => {
      if (appended > 0 && err instanceof InvalidArgumentError) err.message += `; the first ${appended} records of the input were appended (${first}..${first + appended - 1})`
      return err
    }
    if (ctx.node !== undefined) {
      const name = fullCapsuleName(target!)
      const ack = await remoteWrite(ctx, () => appended === 0 ? 'the append' : `records ${first}..${first + appended - 1} were acknowledged, and the append of the rest`, async (client) => {
        const writer = await client.writer(name, signer, { journal: commandLineJournal(ctx.keyPath, ctx.dataDir, signer.publicKey) })
        refuseFacadeCapsule(name, writer.metadata)
        first = writer.state.size
        let last
        try {
          for await (const group of batches(payloads)) {
            last = await client.append(writer, group, wallClockUs())
            appended += group.length
          }
        } catch (err) { throw appendedBefore(err) }
        return last!
      })
      const head = ack.heartbeat
      const replicas = 1 + ack.replicaAcks.length
      print(ctx, `appended ${appended} record${appended === 1 ? '' : 's'} (${first}..${head.heartbeat.size - 1}) to ${formatName(name)}, acknowledged by ${replicas === 1 ? 'the server' : `${replicas} replicas`}`,
        { capsule: formatName(name), first, count: appended, heartbeat: heartbeatJson(head), acknowledgedBy: [ack, ...ack.replicaAcks].map((a) => formatName(a.server)) })
      return 0
    }
    const result = await withStore(ctx, async (store) => {
      const capsule = await resolveCapsule(store, target!)
      refuseFacadeCapsule(capsule.name, capsule.metadata)
      const writer = new CapsuleWriter(capsule.name, capsule.metadata, signer, capsule.writerState)
      first = capsule.size
      let head: SignedHeartbeat | undefined
      try {
        for await (const group of batches(payloads)) {
          head = await capsule.append(writer.append(group, wallClockUs()))
          appended += group.length
        }
      } catch (err) { throw appendedBefore(err) }
      return { capsule, head: head! }
    })
    const size = result.head.heartbeat.size
    print(ctx, `appended ${appended} record${appended === 1 ? '' : 's'} (${first}..${size - 1}) to ${formatName(result.capsule.name)}`,
      { capsule: formatName(result.capsule.name), first, count: appended, heartbeat: heartbeatJson(result.head) })
    return 0
  }
}

/**
 * A key-value or file capsule is written through its commands: a plain record changes nothing in it, and every
 * reader reports it (docs/kv.md section 3).
 */
function refuseFacadeCapsule (name: Uint8Array, metadata: CapsuleMetadata): void {
  const kind = capsuleKind(metadata)
  if (kind === 'log') return
  const written = kind === 'kv' ? 'a key-value capsule: its records are written by gdp kv put, del or batch' : 'a file capsule: its records are written by gdp fs put, mkdir, mv or rm'
  throw new InvalidArgumentError(`capsule ${formatName(name)} is ${written} (a plain record would change nothing in it, docs/kv.md section 3)`)
}

/**
 * The records of an append's input as they are read: the whole of it as one, or with `lines` one per line. A record
 * past MAX_PAYLOAD_LENGTH bytes is refused there, the rest unread: read whole first, `yes | gdp capsule append` or
 * `--file /dev/zero` was held until memory ran out. `source` names the input in errors.
 */
async function * inputRecords (input: NodeJS.ReadableStream, lines: boolean, source: string): AsyncGenerator<Uint8Array> {
  let records = 0
  if (lines) {
    for await (const line of readLines(input, MAX_PAYLOAD_LENGTH, (n) => new InvalidArgumentError(`line ${n} of ${source} is over ${MAX_PAYLOAD_LENGTH} bytes, the most one record holds`))) {
      yield line
      records++
    }
  } else {
    const whole = await readAll(input, { bytes: MAX_PAYLOAD_LENGTH, refuse: () => new InvalidArgumentError(`${source} is over ${MAX_PAYLOAD_LENGTH} bytes, the most one record holds (--lines makes a record of each line)`) })
    if (whole.length > 0) {
      yield whole
      records++
    }
  }
  // A script whose stdin was closed, or whose earlier step left a file empty, appended an empty record each time it ran.
  if (records === 0) throw new InvalidArgumentError(`nothing to append: ${source === 'stdin' ? 'stdin was' : `${source} is`} empty (an empty record is appended by giving '' as its payload)`)
}

/** Payloads in batches as they come: one batch is held at a time, whatever the input. */
async function * batches (payloads: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array[]> {
  let group: Uint8Array[] = []
  let bytes = 0
  for await (const p of payloads) {
    // Cut at 64 MiB of payload alone, 10,000 lines of 6.7 KB made a batch of 67 MB with 0.9 MB of record fields, over
    // what one PDU carries: refused TOO_LARGE through --node.
    if (group.length > 0 && (group.length >= APPEND_BATCH_RECORDS || !appendFitsOnePdu(group.length + 1, bytes + p.length))) { yield group; group = []; bytes = 0 }
    group.push(p)
    bytes += p.length
  }
  if (group.length > 0) yield group
}

const read: Command = {
  path: ['capsule', 'read'],
  aliases: [['read']],
  usage: 'capsule read <capsule> [--seq n | --from a [--to b] | --last n | --at time | --hash h] [--proof | --node <addr>] [--raw]',
  summary: 'read records (default: all), verified; --proof adds inclusion proofs',
  help: '  --seq n        one record (0-based)\n  --from a --to b  records a..b-1\n  --last n       the last n records\n  --at time      the first record at or after a time (ISO or @unix-seconds)\n  --hash h       the record with this hash (as printed by --json)\n  --proof        prove each record against the latest heartbeat\n  --raw          write the payload bytes only, each record\'s after the last with nothing between\n                 (as cat joins files): --seq n or --last 1 for one record\'s exact bytes\n' +
    '  --node <addr>  read through this node, each record proven against a heartbeat the writer signed\n                 (--proof prints the proofs of a local store\'s records)\n',
  options: { seq: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, last: { type: 'string' }, at: { type: 'string' }, hash: { type: 'string' }, proof: { type: 'boolean', default: false }, raw: { type: 'boolean', default: false } },
  minArgs: 1,
  maxArgs: 1,
  remote: true,
  async run (ctx) {
    if (ctx.values.raw === true && ctx.json) throw new UsageError('give --raw (the payload bytes alone) or --json (each record as JSON, its payload in base64url too), not both')
    if (ctx.values.proof === true && ctx.values.raw === true) throw new UsageError('--raw writes the payload bytes alone, where no proof is printed: leave out --proof or --raw')
    // Records read through a node are proven by the range proofs they come with, which print nothing of their own.
    if (ctx.values.proof === true && ctx.node !== undefined) throw new UsageError('--proof prints the inclusion proof of each record of a local store; records read through --node are checked against the proofs they come with anyway: leave out --proof')
    if (ctx.node !== undefined) {
      const name = fullCapsuleName(ctx.positionals[0]!)
      await withRemote(ctx, async (client) => {
        const info = await client.info(name)
        const selector = readSelector(ctx, info.size)
        // A range (all records, --from, --last) goes in windows, each printed before the next is read: what the
        // command holds is one window, whatever the range.
        const windows = 'range' in selector || 'last' in selector
          ? remoteReadWindows(client, name, 'range' in selector ? selector.range : { from: Math.max(0, info.size - selector.last), to: info.size }, info.metadata)
          : [await readOneRecord(client, name, selector, info.metadata)]
        for await (const records of windows) {
          for (const record of records) {
            if (ctx.values.raw === true) ctx.stdout.write(record.payload)
            else print(ctx, recordLine(record, undefined), { ...recordJson(record, undefined, undefined) as object, verified: true })
          }
          // A reader slower than the node: its pipe's buffer, not this process, would hold the range.
          if ((ctx.stdout as Partial<Writable>).writableNeedDrain === true) await once(ctx.stdout, 'drain')
        }
      })
      return 0
    }
    await withStore(ctx, async (store) => {
      const c = await resolveCapsule(store, ctx.positionals[0]!)
      const { from, to } = await resolveSelector(c, readSelector(ctx, c.size))
      const head = c.head
      const withProof = ctx.values.proof === true
      for await (const record of c.readRange(from, to)) {
        let proof: InclusionProof | undefined
        if (withProof) {
          proof = await c.inclusionProof(record.header.seqno, head!.heartbeat.size)
          checkProof(c, record, proof, head!)
        }
        if (ctx.values.raw === true) { ctx.stdout.write(record.payload); continue }
        print(ctx, recordLine(record, proof), recordJson(record, proof, head))
      }
    })
    return 0
  }
}

/** Bounds on one window of a capsule read through --node: records, and payload bytes (the window ends with the record that reaches them). */
export interface WindowBounds { records: number, bytes: number }
/** What `capsule read`, `verify` and `export` through --node hold at once, at most: 1,024 records of 16 MiB were 16 GiB held. */
const REMOTE_READ_WINDOW: WindowBounds = { records: 1024, bytes: 16 * 1024 * 1024 }

/**
 * Records from..to-1 of a capsule on the overlay (`to` past the end reads to
 * the end), in windows, each proven as client.read proves it and let go by
 * the client as it is yielded. The server ends each window with the
 * record that brings it to `window.bytes` (ReadRequest.max_bytes), so a
 * window holds at most that and one record, whatever the records' sizes.
 */
export async function * remoteReadWindows (client: GdpClient, name: Uint8Array, range: SeqRange, metadata: SignedMetadata, window: WindowBounds = REMOTE_READ_WINDOW): AsyncGenerator<CapsuleRecord[]> {
  let from = range.from
  while (from < range.to) {
    const to = Math.min(range.to, from + window.records)
    const records = await client.read(name, { range: { from, to } }, metadata, { maxBytes: window.bytes })
    if (records.length === 0) return
    yield records
    // Fewer than asked for, and not for the bytes: the log ends there.
    if (records.length < to - from && payloadBytes(records) < window.bytes) return
    from += records.length
  }
}

/**
 * The record a read through a node asks for by number, time or hash. A server answers one it does not hold with
 * NOT_FOUND, as it answers a capsule it does not hold; the capsule answered just before, so that refusal is the
 * record's, and is RecordNotFoundError, as on the local store (scripts tell a wrong --seq from a missing capsule by
 * it). One that carries the owner's deletion order is the capsule's, gone since: it stays as it is.
 */
async function readOneRecord (client: GdpClient, name: Uint8Array, selector: ReadSelector, metadata: SignedMetadata): Promise<CapsuleRecord[]> {
  try {
    return await client.read(name, selector, metadata)
  } catch (err) {
    if (err instanceof RequestRefusedError && err.reason === 'NOT_FOUND' && err.deletion === undefined) throw new RecordNotFoundError(err.detail)
    throw err
  }
}

/** The records `gdp capsule read` asks for, from its options (all of them when none is given). */
function readSelector (ctx: CommandContext, size: number): ReadSelector {
  const given = ['seq', 'from', 'last', 'at', 'hash'].filter((o) => ctx.values[o] !== undefined)
  if (given.length > 1) throw new UsageError(`give only one of --${given.join(', --')}`)
  if (ctx.values.to !== undefined && ctx.values.from === undefined) throw new UsageError('--to needs --from')
  const from = integer(ctx, 'from')
  const to = integer(ctx, 'to')
  if (from !== undefined && to !== undefined && to <= from) throw new UsageError(`--to ${to} must be greater than --from ${from}: records from..to-1 are read`)
  switch (given[0]) {
    case 'seq': return { seqno: integer(ctx, 'seq')! }
    case 'from':
      // --from the size reads nothing yet (a reader that has read everything); past it there is no such record.
      if (from! > size) throw new RecordNotFoundError(`the capsule has ${size} records; --from ${from!} is past its end (--from ${size} reads the next record appended)`)
      return { range: { from: from!, to: to ?? size } }
    case 'last': return { last: integer(ctx, 'last', 1)! }
    case 'at': return { atUs: timeOption('at', ctx.values.at as string) }
    case 'hash': return { hash: recordHashOption(ctx.values.hash as string) }
    default: return { range: { from: 0, to: size } }
  }
}

/** --hash h: a record's hash, written as a capsule name is (what --json prints). */
function recordHashOption (text: string): Uint8Array {
  try {
    return parseName(text)
  } catch {
    throw new UsageError(`--hash must be a record hash (43 base64url characters or 64 hex digits, as read --json prints it), got '${text}'`)
  }
}

/** The CLI is a reader too: it checks what it prints. */
function checkProof (c: StoredCapsule, record: CapsuleRecord, proof: InclusionProof, head: SignedHeartbeat): void {
  verifyHeartbeat(head, c.name, c.metadata)
  if (!equalBytes(rootFromInclusionProof(proof.index, proof.treeSize, record.hash, proof.path), head.heartbeat.root)) {
    throw new InvalidProofError(`record ${record.header.seqno} of ${formatName(c.name)} does not verify against the latest heartbeat`)
  }
}

function recordLine (r: CapsuleRecord, proof: InclusionProof | undefined): string {
  const line = `${r.header.seqno}\t${formatTime(r.header.timestampUs)}\t${payloadText(r.payload)}`
  return proof === undefined ? line : `${line}\n\tproof: ${proof.path.length} ${proof.path.length === 1 ? 'hash' : 'hashes'} to the heartbeat at size ${proof.treeSize}, verified`
}

function recordJson (r: CapsuleRecord, proof: InclusionProof | undefined, head: SignedHeartbeat | undefined): unknown {
  const text = Buffer.from(r.payload).toString('utf8')
  return {
    seqno: r.header.seqno,
    timestamp: formatTime(r.header.timestampUs),
    timestampUs: r.header.timestampUs,
    hash: formatName(r.hash),
    prevHash: formatName(r.header.prevHash),
    payload: Buffer.from(text, 'utf8').equals(Buffer.from(r.payload)) ? text : null,
    payloadBase64url: Buffer.from(r.payload).toString('base64url'),
    ...(proof === undefined
      ? {}
      : { proof: { inclusion: Buffer.from(encodeInclusionProof(proof)).toString('base64url'), heartbeat: Buffer.from(encodeSignedHeartbeat(head!)).toString('base64url') } })
  }
}

// ---- verification, export, import ----

const verify: Command = {
  path: ['capsule', 'verify'],
  aliases: [['verify']],
  usage: 'capsule verify <capsule> | capsule verify --file <export>',
  summary: 'check every record, chain link, heartbeat and tree node (of a stored capsule, an export file, or a capsule on a node)',
  help: '  --node <addr>   fetch the whole capsule from the overlay and check it here, trusting nothing the server says\n',
  options: { file: { type: 'string' } },
  minArgs: 0,
  maxArgs: 1,
  remote: true,
  async run (ctx) {
    if (typeof ctx.values.file === 'string') {
      if (ctx.positionals.length > 0) throw new UsageError('give a capsule or --file, not both')
      if (ctx.node !== undefined) throw new UsageError('--file checks an export file here; it takes no --node')
      const file = ctx.values.file
      const summary = await verifyExport(fileChunks(file))
      print(ctx, `${file}: capsule ${formatName(summary.name)}, ${summary.records} records, ${summary.heartbeats} heartbeats: valid`,
        { file, name: formatName(summary.name), records: summary.records, heartbeats: summary.heartbeats, valid: true })
      return 0
    }
    if (ctx.positionals.length !== 1) throw new UsageError('give a capsule name or --file <export>')
    if (ctx.node !== undefined) {
      const name = fullCapsuleName(ctx.positionals[0]!)
      // The capsule as an export stream, checked as the import of a file would be, but never written.
      const summary = await withRemote(ctx, async (client) => await verifyExport(remoteExport(client, name)))
      // No heartbeat takes no signature: the server's word alone that the capsule is empty (docs/spec.md section 9).
      const unproven = summary.heartbeats === 0 ? ' (no heartbeat came: that the capsule holds nothing is the server\'s word)' : ''
      print(ctx, `capsule ${formatName(name)} on the overlay: ${summary.records} records, ${summary.heartbeats} heartbeats: valid${unproven}`, { name: formatName(name), records: summary.records, heartbeats: summary.heartbeats, valid: true })
      return 0
    }
    await withStore(ctx, async (store) => {
      const c = await resolveCapsule(store, ctx.positionals[0]!)
      const report = await c.verifyAll()
      print(ctx, `capsule ${formatName(c.name)}: ${report.records} records, ${report.heartbeats} heartbeats, ${report.tiles} tree tiles: valid`, { name: formatName(c.name), ...report, valid: true })
    })
    return 0
  }
}

// Not writesStore: the running node mends its own store, under its own sync setting (--sync was taken and did nothing).
const capsuleRepair: Command = {
  path: ['capsule', 'repair'],
  asksRunningNode: true,
  usage: 'capsule repair <capsule>',
  summary: 'have the running node check every row of a capsule it stores and mend damage from a healthy replica',
  help: '  a damaged metadata row is fetched from the capsule\'s other replicas and taken only if it hashes to the capsule\'s name\n' +
    '  and its owner signed it; records and damaged heartbeats are fetched there and taken only if they are the ones\n' +
    '  the capsule\'s own heartbeats and records commit to (heartbeats: signed by the writer);\n' +
    '  damaged tree tiles are derived again from the records. Nothing damaged: nothing is written. Goes through <data>/control.sock\n',
  options: {},
  minArgs: 1,
  maxArgs: 1,
  async run (ctx) {
    const name = fullCapsuleName(ctx.positionals[0]!)
    const outcome = await controlRequest(ctx.dataDir, { op: 'capsule.repair', args: { name: formatName(name) } }) as { damaged: boolean, records?: SeqRange[], heartbeats?: number[], metadata?: boolean, tiles?: number, from?: string }
    if (!outcome.damaged) print(ctx, `capsule ${formatName(name)}: no damage`, { name: formatName(name), damaged: false })
    else {
      const records = describeSeqRanges(outcome.records ?? [])
      const mended = [
        ...records === '' ? [] : [`records ${records}`],
        ...(outcome.heartbeats ?? []).length === 0 ? [] : [`the heartbeats at sizes ${outcome.heartbeats!.join(', ')}`],
        ...outcome.metadata === true ? ['its metadata'] : []
      ]
      print(ctx, `capsule ${formatName(name)}: repaired ${mended.length === 0 ? 'no records' : mended.join(', ')}${outcome.from === undefined ? '' : ` from replica ${outcome.from}`}, ${outcome.tiles ?? 0} tree tiles derived again`, { name: formatName(name), ...outcome })
    }
    return 0
  }
}

/**
 * A capsule on the overlay as an export stream: its metadata, then its
 * records in windows read with the heartbeats that ended the writer's
 * batches, up to the head the node reported when the stream began.
 */
export async function * remoteExport (client: GdpClient, name: Uint8Array): AsyncGenerator<Uint8Array> {
  const info = await client.info(name)
  async function * batches (): AsyncGenerator<ExportBatch> {
    const batches = new WriterBatches()
    // Where the last heartbeat sent ends: the export must reach the head the node stated in its info.
    let ended = 0
    for (let from = 0; from < info.size;) {
      const got = await client.readBatches(name, { from, to: Math.min(from + REMOTE_READ_WINDOW.records, info.size), maxBytes: REMOTE_READ_WINDOW.bytes }, info.metadata)
      if (got.records.length === 0) throw new InvalidProofError(`the node stated a head of ${info.size} records, but sent none from record ${from} on`)
      const { batches: complete, overflow } = batches.add(got, from)
      for (const batch of complete) {
        yield batch
        ended = batch.heartbeat.heartbeat.size
      }
      // Records wait here for the heartbeat that ends them, in a later window: one batch's worth, at most.
      if (overflow !== undefined) throw new InvalidProofError(`the node sent ${overflow}`)
      from += got.records.length
    }
    if (batches.waiting > 0) throw new InvalidProofError(`the node sent ${batches.waiting} records after the last heartbeat it sent, which ends at ${ended}`)
    if (ended !== info.size) throw new InvalidProofError(`the node stated a head of ${info.size} records, but its batches end at ${ended}`)
  }
  yield * exportBatches(info.metadata, batches())
}

/** `chunks`, each written as it passes: an export is written while it is checked as an import would check it. */
async function * writing (chunks: AsyncIterable<Uint8Array>, write: WriteChunk): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    await write(chunk)
    yield chunk
  }
}

const exportCommand: Command = {
  path: ['capsule', 'export'],
  aliases: [['export']],
  usage: 'capsule export <capsule> --out <file|->',
  summary: 'write a self-verifying export file (metadata, records, heartbeats), of a stored capsule or one on a node',
  help: '  --out <file>    where to write it; - for stdout\n  --node <addr>   fetch the capsule from the overlay; it is verified as it is written\n',
  options: { out: { type: 'string' } },
  minArgs: 1,
  maxArgs: 1,
  remote: true,
  async run (ctx) {
    const out = ctx.values.out
    if (typeof out !== 'string') throw new UsageError('--out <file> is required (- for stdout)')
    if (out === '-' && ctx.json) throw new UsageError('--out - writes the export file itself to stdout, which has no JSON form: leave out --json (with --out <file>, --json describes what was written)')
    // A file appears only once whole and valid (writeOutput).
    const summary = await writeOutput(ctx, out === '-' ? undefined : out, async (write) => ctx.node !== undefined
      ? await withRemote(ctx, async (client) => await verifyExport(writing(remoteExport(client, fullCapsuleName(ctx.positionals[0]!)), write)))
      : await withStore(ctx, async (store) => await verifyExport(writing(exportCapsule(await resolveCapsule(store, ctx.positionals[0]!)), write))))
    if (out !== '-') print(ctx, `exported ${summary.records} records of ${formatName(summary.name)} to ${out}`, { name: formatName(summary.name), records: summary.records, heartbeats: summary.heartbeats, file: out })
    return 0
  }
}

/**
 * Writes `bytes` to `path`, or to `path.1`, `path.2`, ... when it is taken:
 * a fork proof written beside the file it came from never replaces a file
 * already there (an earlier proof, or anything else of that name). The name
 * written.
 */
function writeNewFile (path: string, bytes: Uint8Array): string {
  for (let n = 0; ; n++) {
    const name = n === 0 ? path : `${path}.${n}`
    try {
      writeFileSync(name, bytes, { flag: 'wx' })
      return name
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || n >= 99) throw err
    }
  }
}

const importCommand: Command = {
  path: ['capsule', 'import'],
  writesStore: true,
  aliases: [['import']],
  usage: 'capsule import <file>',
  summary: 'verify an export file completely, then add it to the store',
  options: {},
  minArgs: 1,
  maxArgs: 1,
  async run (ctx) {
    const given = ctx.positionals[0]!
    // Read twice (all of it checked before any of it is stored): a pipe gave nothing the second time, and the import
    // failed as "not a gdp capsule export file (too short)" (found by attacking the command line).
    const onceOnly = `capsule import reads its file twice (it checks all of it before it stores any of it), so it takes a file, not standard input, a pipe or a device: save the export to a file first`
    if (given === '-') throw new InvalidArgumentError(onceOnly)
    const stat = existsSync(given) ? statSync(given) : undefined
    if (stat !== undefined && !stat.isFile() && !stat.isDirectory()) throw new InvalidArgumentError(`${given}: ${onceOnly}`)
    const file = requireFile(given)
    const summary = await withStore(ctx, async (store) => {
      try {
        return await importCapsule(store, () => fileChunks(file))
      } catch (err) {
        if (err instanceof ForkDetectedError) {
          // The fork is said whether or not its proof could be kept (a failed write replaced it with an internal error).
          try {
            const proofFile = writeNewFile(`${file}.fork-proof`, encodeForkProof(err.proof as ForkProof))
            err.message += `; fork proof written to ${proofFile} (check it with 'gdp capsule fork-check ${proofFile}')`
          } catch (unwritten) {
            err.message += `; its fork proof could not be written beside the file (${(unwritten as Error).message})`
          }
        }
        throw err
      }
    }, { create: true })
    print(ctx, `imported capsule ${formatName(summary.name)}: ${summary.records} records (${summary.added} new), ${summary.heartbeats} heartbeats`,
      { name: formatName(summary.name), records: summary.records, added: summary.added, heartbeats: summary.heartbeats })
    return 0
  }
}

export const capsuleCommands: Command[] = [capsuleCreate, replicasAdd, replicasRm, capsuleMove, capsuleDelegate, capsuleRenew, capsuleDelete, capsuleList, info, append, read, verify, exportCommand, importCommand, capsuleRepair]
