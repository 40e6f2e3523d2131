/**
 * A logical router moving to another machine (docs/moving.md section 3),
 * the receiving side: a standby node (`gdp node start --standby --accept
 * <router>`) runs only a migration endpoint, under a key of its own, and
 * accepts one migration from that router: its key, domain membership,
 * logical settings and routing state, as signed capsule entries. It then
 * stops and becomes that router on this machine, on the addresses it
 * listened on, with the routing state installed as it was.
 */
import './polyfill.js'
import { chmodSync, existsSync, readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { noise } from '@chainsafe/libp2p-noise'
import type { Libp2p } from '@libp2p/interface'
import { tcp } from '@libp2p/tcp'
import { createLibp2p } from 'libp2p'
import { logger } from '@libp2p/logger'
import { formatName, parseName } from '../capsule/name.js'
import { equalBytes } from '../crypto/hash.js'
import { InvalidArgumentError, MalformedMessageError, RouterMoveFailedError } from '../errors.js'
import { MigrationService } from '../migration/service.js'
import type { ReceivedMigration } from '../migration/receiver.js'
import { importRouterState } from '../routing/router-state.js'
import { nodeName } from '../routing/signing.js'
import { BROUGHT_SETTINGS_FILE, configWithSettings, type NodeConfig } from './config.js'
import { configFileText } from './config-file.js'
import { acceptCommit, MOVE_COMMIT_WAIT_MS } from './router-commit.js'
import { readKeyFile, readOrCreateKeySigner, writeSecretFile } from './keyfile.js'
import { pduMuxer, publicKeyOfPeer } from './pdu-transport.js'
import type { GdpNode } from './node.js'
import { MEMBERSHIP_IMAGE, MOVE_TOKEN_IMAGE, NODE_KEY_FILE, NODE_KEY_IMAGE, NODE_SETTINGS_IMAGE, ROUTER_STATE_IMAGE, LOGICAL_SETTINGS, logicalSettings, type CarriedLookupState, type LogicalSettings } from './router-images.js'
import { joinedWrites } from './joined-writes.js'
import { quietFrameDecoding } from './quiet-frame-decoding.js'
import { noiseCrypto } from './noise-crypto.js'
import { startLibp2p } from './start-libp2p.js'
import { libp2pIdentity } from './libp2p-identity.js'
import { createFolder } from '../store/folders.js'
import { replaceFile } from '../store/replace-file.js'

const log = logger('gdp:standby')

/**
 * How long a standby waits, at most, for the check on disk of a router's
 * images once they arrived (a few small files: milliseconds); then it
 * refuses the router, which goes on where it was.
 */
export const ROUTER_DISK_CHECK_WAIT_MS = 10_000
/** How long the new instance reads a commit stream, at most. */
const COMMIT_READ_MS = 10_000
/** Where an arrived router's membership is kept in its new data folder. */
const MEMBERSHIP_FILE = 'membership.bin'
const STANDBY_KEY_FILE = 'standby.key'
/** The standby's migration store, in its data folder. */
const STANDBY_STORE = 'standby'

/** A router that arrived: its files in the standby's receive folder. */
export interface ArrivedRouter {
  name: Uint8Array
  folder: string
  migration: ReceivedMigration
}

export class NodeStandby {
  readonly config: NodeConfig
  readonly accept: Uint8Array
  readonly libp2p: Libp2p
  readonly migration: MigrationService
  readonly receiveFolder: string

  private constructor (config: NodeConfig, accept: Uint8Array, libp2p: Libp2p, migration: MigrationService, receiveFolder: string) {
    this.config = config
    this.accept = accept
    this.libp2p = libp2p
    this.migration = migration
    this.receiveFolder = receiveFolder
  }

  /** A standby on `config.listen` for the router named `accept` (43-character node name). */
  static async create (config: NodeConfig, accept: string): Promise<NodeStandby> {
    if (config.role !== 'router') throw new InvalidArgumentError('a standby takes a router over: give it --role router (the default)')
    const router = parseName(accept, 'router\'s node name (--accept)')
    createFolder(config.data)
    if (existsSync(join(config.data, BROUGHT_SETTINGS_FILE))) throw new InvalidArgumentError(`a router moved to ${config.data} already: start it again with 'gdp --data ${config.data} node start' (it reads the settings it brought, ${BROUGHT_SETTINGS_FILE}); a standby needs a data folder of its own`)
    if (unconfirmedArrival(config.data)) throw new InvalidArgumentError(unconfirmedMessage(config.data))
    if (existsSync(join(config.data, NODE_KEY_FILE))) throw new InvalidArgumentError(`${config.data} holds a node already (${NODE_KEY_FILE}); a standby needs a data folder of its own`)
    const keyPath = join(config.data, STANDBY_KEY_FILE)
    const key = readOrCreateKeySigner(keyPath, { node: true })
    const libp2p = await createLibp2p({
      privateKey: libp2pIdentity(key),
      start: false,
      addresses: { listen: config.listen.filter((a) => !a.endsWith('/ws')) },
      transports: [tcp()],
      connectionEncrypters: [joinedWrites(quietFrameDecoding(noise({ crypto: noiseCrypto })))],
      streamMuxers: [pduMuxer()]
    })
    // The router's key arrives here: nobody else on this machine reads the folder.
    const receiveFolder = join(config.data, 'arriving')
    createFolder(receiveFolder, 0o700)
    // The migration's entries are stored here too, the key among them: as private as the receive folder.
    const store = join(config.data, STANDBY_STORE)
    createFolder(store, 0o700)
    chmodSync(store, 0o700)
    const migration = new MigrationService({
      folder: store,
      receiveFolder,
      allow: [accept],
      keepFreeBytes: config.migrationKeepFreeBytes,
      ...(config.migrationHashMemoryBytes === undefined ? {} : { maxHashBytes: config.migrationHashMemoryBytes }),
      ...(config.migrationUnfinishedPerSender === undefined ? {} : { maxUnfinishedPerSender: config.migrationUnfinishedPerSender }),
      notAllowedHint: `this is a standby for router ${accept} alone: start one for that node with --accept <its node name>`
    }, { libp2p, signer: key, peerKey: (connection) => publicKeyOfPeer(connection.remotePeer) })
    return new NodeStandby(config, router, libp2p, migration, receiveFolder)
  }

  async start (): Promise<void> {
    await startLibp2p(this.libp2p)
    await this.migration.start()
  }

  /** Addresses the router is to be migrated to (`gdp node migrate --to`), with this standby's peer id. */
  multiaddrs (): string[] { return this.libp2p.getMultiaddrs().map((a) => a.toString()) }

  /**
   * Resolves when the router's migration is complete, verified, and its
   * images reread from disk whole (docs/migration.md section 4): adopted
   * before that, a router image storage damaged was taken as sent. Throws
   * RouterMoveFailedError when that check finds damage, or does not end
   * within `diskCheckWaitMs`; the migration is then failed or removed, so
   * the router moving here again under the same name is taken, and
   * `arrival` may be called again to wait for it.
   */
  async arrival (signal?: AbortSignal, diskCheckWaitMs = ROUTER_DISK_CHECK_WAIT_MS): Promise<ArrivedRouter> {
    const receiver = this.migration.receiver
    const sender = formatName(this.accept)
    const refused = (why: string): RouterMoveFailedError => new RouterMoveFailedError(`router ${sender} did not arrive whole: ${why}. Nothing was adopted here (the folder is still a standby's), and the router goes on where it was; move it here again`)
    // Heard as it happens: a check of a few small files ends, and fails the migration, between two looks at it.
    let damaged: ReceivedMigration | undefined
    const onCheck = (event: CustomEvent<ReceivedMigration>): void => { if (event.detail.sender === sender && event.detail.status === 'failed') damaged = event.detail }
    receiver.events.addEventListener('diskcheck', onCheck)
    try {
      let completeSince: number | undefined
      for (;;) {
        signal?.throwIfAborted()
        // Failed and kept as such: a new send of its name replaces it.
        if (damaged !== undefined) throw refused(damaged.error ?? 'its images were damaged on this node\'s disk')
        const done = receiver.completedFrom(sender)
        if (done?.diskCheck === 'ok') return { name: this.accept, folder: join(this.receiveFolder, done.name), migration: done }
        if (done !== undefined) {
          // On the monotonic clock: a step back of the wall clock held the wait as long as the step.
          completeSince ??= performance.now()
          // Images written after the commit (nothing here writes them), or a check that does not end: removed, so the name is free again.
          const why = done.diskCheck ?? (performance.now() - completeSince >= diskCheckWaitMs ? `the check on disk of its images did not end within ${diskCheckWaitMs} ms` : undefined)
          if (why !== undefined) {
            await receiver.remove(done.name)
            throw refused(why)
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    } finally {
      receiver.events.removeEventListener('diskcheck', onCheck)
    }
  }

  async stop (): Promise<void> {
    await this.migration.stop()
    await this.libp2p.stop()
  }
}

/**
 * Whether `data` holds a router that arrived at a standby and was never
 * confirmed (its instance killed before the old one's commit, which would
 * have written router.yaml; one that stood down deleted its key). A router
 * adopted by a version before router.yaml (f4a1eca) had no commit to wait
 * for and went on here for good; those versions left the standby's store in
 * place, which this one deletes before it writes the router's key.
 */
export function unconfirmedArrival (data: string): boolean {
  return existsSync(join(data, STANDBY_KEY_FILE)) && existsSync(join(data, NODE_KEY_FILE)) && !existsSync(join(data, BROUGHT_SETTINGS_FILE)) &&
    !existsSync(join(data, STANDBY_STORE))
}

export function unconfirmedMessage (data: string): string {
  return `${data} holds a router that arrived at a standby and was never confirmed there (stopped before its old instance confirmed the move, which goes on where it was): started, it would be a second instance of it. Delete ${NODE_KEY_FILE} and ${MEMBERSHIP_FILE} there to use the folder as a standby again`
}

/** A router that arrived and runs here, provisionally until `committed` says. */
export interface AdoptedRouter {
  node: GdpNode
  routes: number
  lookup?: CarriedLookupState
  /**
   * True once the old instance confirmed the move (router-commit.ts); false
   * when it did not in time, and this instance stood down: stopped, the
   * router's key and membership deleted here, the folder a standby's again.
   */
  committed: Promise<boolean>
  /**
   * Resolves with the reason once this instance stood down: without the
   * commit in time, or called off by the old instance (after the commit
   * too: its answer lost, the old instance went on).
   */
  stoodDown: Promise<string>
}

/**
 * Why the images that arrived in `folder` cannot make a router here, or
 * undefined when every one is there. A router of a version from before
 * moves were committed with a token sends none: adopted, it would run
 * unconfirmed (and the standby had written its key before it found out).
 */
export function arrivedImagesProblem (folder: string, name: Uint8Array): string | undefined {
  const missing = [ROUTER_STATE_IMAGE, NODE_KEY_IMAGE, NODE_SETTINGS_IMAGE, MOVE_TOKEN_IMAGE].filter((image) => !existsSync(join(folder, image)))
  if (missing.length === 0) return undefined
  const older = missing.length === 1 && missing[0] === MOVE_TOKEN_IMAGE
    ? ': it runs a version from before router moves were committed with a token; move it to a standby of its own version, or upgrade it in place'
    : ''
  return `router ${formatName(name)} sent no ${missing.join(', ')}${older}. Nothing was adopted here (the folder is still a standby's), and the router goes on where it was`
}

/**
 * The settings image a router sent (its logical settings as JSON:
 * router-images.ts), checked as a configuration file's settings are, and
 * the configuration they make over `base`. The router's key vouches for the
 * images, not for folders on this machine or values of the wrong kind: they
 * were spread over the standby's configuration unchecked.
 */
function broughtSettings (text: string, name: Uint8Array, base: NodeConfig): NodeConfig {
  const image = `the settings router ${formatName(name)} sent (${NODE_SETTINGS_IMAGE})`
  const refuse = (problem: string): never => {
    throw new RouterMoveFailedError(`${problem}. Nothing was adopted here (the folder is still a standby's), and the router goes on where it was`)
  }
  let settings: unknown
  try { settings = JSON.parse(text) } catch (err) { refuse(`${image} are not JSON (${(err as Error).message})`) }
  if (settings === null || typeof settings !== 'object' || Array.isArray(settings)) return refuse(`${image} are not an object of settings`)
  const foreign = Object.keys(settings).find((field) => !(LOGICAL_SETTINGS as readonly string[]).includes(field))
  if (foreign !== undefined) refuse(`${image} name '${foreign}', which is not a setting a router brings (${LOGICAL_SETTINGS.join(', ')})`)
  const { role } = settings as LogicalSettings
  if (role !== undefined && role !== 'router') refuse(`${image} say role '${String(role)}': a standby takes a router over`)
  try {
    return configWithSettings(base, settings, image)
  } catch (err) {
    return refuse((err as Error).message)
  }
}

/**
 * Makes the router that arrived at `standby` a node here: its key in this
 * data folder, its logical settings with this machine's addresses (the
 * standby's), its membership, and its routing state installed before it
 * starts. The standby stops first (it held the addresses). The arrived
 * files go once the node runs.
 */
export async function adoptRouter (standby: NodeStandby, arrived: ArrivedRouter, create: (config: NodeConfig) => Promise<GdpNode>, commitWaitMs = MOVE_COMMIT_WAIT_MS): Promise<AdoptedRouter> {
  const file = (image: string): string => join(arrived.folder, image)
  const listen = standby.libp2p.getMultiaddrs().map((a) => a.decapsulateCode(421).toString())
  // Before anything is written here: a key written and the move refused after would leave a second instance's folder.
  let configured: NodeConfig
  try {
    const problem = arrivedImagesProblem(arrived.folder, arrived.name)
    if (problem !== undefined) throw new RouterMoveFailedError(problem)
    // The receive folder is the standby's alone (0700); the file was written with the default mode.
    chmodSync(file(NODE_KEY_IMAGE), 0o600)
    const key = readKeyFile(file(NODE_KEY_IMAGE))
    if (!equalBytes(nodeName(key.publicKey), arrived.name)) throw new MalformedMessageError(`the key that arrived is not router ${formatName(arrived.name)}'s`)
    configured = broughtSettings(readFileSync(file(NODE_SETTINGS_IMAGE), 'utf8'), arrived.name, { ...standby.config, listen })
  } catch (err) {
    // Refused: the migration goes, so the router moving here again under its name is taken. Left complete, a
    // restarted standby refused it again, and the router's next move was refused as a name taken.
    await standby.migration.receiver.remove(arrived.migration.name).catch((e: Error) => { log.error('router %s refused, and its migration could not be removed: %s', formatName(arrived.name), e.message) })
    throw err
  }
  const data = standby.config.data
  const arrivedMembership = existsSync(file(MEMBERSHIP_IMAGE)) ? readFileSync(file(MEMBERSHIP_IMAGE)) : undefined
  const arrivedKey = readFileSync(file(NODE_KEY_IMAGE))
  const state = readFileSync(file(ROUTER_STATE_IMAGE))
  const token = readFileSync(file(MOVE_TOKEN_IMAGE))
  await standby.stop()
  // The standby's store goes before the key is written (unconfirmedArrival tells this version's folders from those of
  // versions that kept it, which had no commit to wait for); the migration's entries held the key in plain text.
  rmSync(join(data, STANDBY_STORE), { recursive: true, force: true })
  let membership: string | undefined
  if (arrivedMembership !== undefined) {
    membership = join(data, MEMBERSHIP_FILE)
    writeSecretFile(membership, arrivedMembership)
  }
  writeSecretFile(join(data, NODE_KEY_FILE), arrivedKey)
  const config: NodeConfig = { ...configured, membership }
  const node = await create(config)
  const { routes, lookup } = importRouterState(state, node.table, node.processor)
  const installed = lookup === undefined ? undefined : await node.importLookupState(lookup)
  await node.start()
  rmSync(arrived.folder, { recursive: true, force: true })
  log('router %s adopted here with %d routes, listening on %s; it goes on once the old instance confirms', formatName(arrived.name), routes, listen.join(', '))
  if (installed !== undefined) log('router %s brought %d server and %d capsule records to publish, %d stored DHT records', formatName(arrived.name), installed.servers, installed.capsules, installed.dhtRecords)
  let stoodDownWith = (_why: string): void => {}
  const stoodDown = new Promise<string>((resolve) => { stoodDownWith = resolve })
  const committed = new Promise<boolean>((settle) => {
    const standDown = async (why: string): Promise<void> => {
      clearTimeout(timer)
      log.error('router %s: %s; standing down here (it goes on where it was)', formatName(arrived.name), why)
      await node.stop().catch(() => {})
      // The settings too, once written (a commit whose answer was lost, then called off): left beside no key, gdp node
      // start ran them under a new one.
      for (const f of [NODE_KEY_FILE, MEMBERSHIP_FILE, BROUGHT_SETTINGS_FILE]) rmSync(join(data, f), { force: true })
      settle(false)
      stoodDownWith(why)
    }
    const timer = setTimeout(() => { void standDown(`the old instance did not confirm the move within ${commitWaitMs / 1000} s`) }, commitWaitMs)
    timer.unref()
    void acceptCommit(node.libp2p, token, () => {
      clearTimeout(timer)
      // Where a restart finds them (gdp node start reads this file first): without it, the router started again with no
      // upstream, membership or neighbours.
      const brought: Partial<NodeConfig> = { ...logicalSettings(configured), listen, membership: membership === undefined ? undefined : resolve(membership) }
      writeBroughtSettings(data, arrived.name, brought)
      log('router %s took over here: the old instance confirmed the move', formatName(arrived.name))
      settle(true)
    }, () => { void standDown('the old instance called the move off') }, COMMIT_READ_MS)
  })
  return { node, routes, lookup: installed, committed, stoodDown }
}

/**
 * Writes the settings router `name` brought to its data folder `data` (BROUGHT_SETTINGS_FILE), whole or not at all: a
 * kill part way through a plain write left a file cut short, which loaded as fewer settings, without an error.
 */
export function writeBroughtSettings (data: string, name: Uint8Array, settings: Partial<NodeConfig>): void {
  replaceFile(join(data, BROUGHT_SETTINGS_FILE), Buffer.from(`# The settings router ${formatName(name)} brought when it moved here; gdp node start reads them before its --config.\n${configFileText(settings)}`))
}
