/**
 * QEMU's own live migration of the handoff guest (build-guest.sh), from a
 * QEMU in network namespace A to one in namespace B: the baseline a user
 * would pick instead of `gdp migrate send --live`.
 *
 * Guest RAM is ordinary process memory, so QEMU sends all of it (no
 * file-backed RAM, no x-ignore-shared). The disk moves the way libvirt's
 * `virsh migrate --live --copy-storage-all` moves it (QEMU 7.2 still has
 * `migrate -b`, but it is deprecated and sends zero blocks unless told not
 * to; NBD and a mirror job are what replaced it):
 *
 *   1. B (started with -incoming defer and -S) exports its empty disk over NBD
 *      and listens for the migration stream;
 *   2. A mirrors its disk there (blockdev-mirror, sync full) while the guest
 *      runs, until the mirror is ready (in step);
 *   3. A migrates RAM and device state, with `pause-before-switchover`: once
 *      the guest is stopped, A cancels the ready mirror (which first copies
 *      what the guest wrote since) and lets the migration finish;
 *   4. B stops its NBD server and runs the guest (`cont`).
 *
 * `plain` is QEMU's defaults (one stream, downtime limit 300 ms);
 * `multifd-zstd` adds the multifd capability with zstd compression (QEMU's
 * default 2 channels and zstd level 1). Both keep QEMU's default downtime
 * limit and bandwidth cap.
 */
import { join } from 'node:path'
import { createSparseDisk, diskCounter, GuestVm, DISK_NODE, prepareRun, RESUME_TIMEOUT_MS, TICKS_ON_B, VmHandoffError, waitUntilCounting, type GuestContinuity, type NodePlacement } from './handoff.js'
import { QmpClient, waitForMigrationStatus, type MigrationInfo, type QmpEvent } from '../../src/migration/qemu.js'

/**
 * QEMU kept iterating over dirty memory without ever getting under its
 * downtime limit; the migration was cancelled and the guest kept running on A.
 */
export class MigrationDidNotConvergeError extends VmHandoffError {
  override name = 'MigrationDidNotConvergeError'
  constructor (message: string, readonly info: MigrationInfo, readonly elapsedMs: number) { super(message) }
}

/**
 * Passes over dirty memory after which a pre-copy that has not reached its
 * switchover is given up as not converging: with a steady dirty rate, what is
 * left after a pass stops shrinking within a few passes, so 30 is generous.
 */
export const MAX_DIRTY_SYNCS = 30

export type QemuMigrationFlavour = 'plain' | 'multifd-zstd'

export const QEMU_FLAVOURS: readonly QemuMigrationFlavour[] = ['plain', 'multifd-zstd']

export interface QemuMigrationOptions {
  /** Working folder; a/ and b/ are created in it. */
  work: string
  flavour: QemuMigrationFlavour
  /** Namespaces the two QEMUs run in, and B's address on the link between them. */
  placement: { a: NodePlacement, b: NodePlacement }
  ramMiB: number
  diskMiB: number
  /** From the start of the mirror to the end of the migration, at most this long. */
  timeoutMs: number
  cacheDir?: string
  installPackages?: boolean
  /** Ticks to let A count before the migration starts. */
  ticksBeforeHandoff?: number
  log?: (line: string) => void
}

export interface QemuMigrationReport extends GuestContinuity {
  flavour: QemuMigrationFlavour
  /** From A's STOP event to B's first tick, on the host's clock. */
  downtimeMs: number
  /** From A's STOP event to B's RESUME event: no vCPU ran. */
  stoppedMs: number
  /** What QEMU reports as the downtime (query-migrate on A, once completed). */
  qemuDowntimeMs: number | undefined
  /** From the start of the disk mirror to B's first tick. */
  totalMs: number
  /** From the start of the mirror until it was ready (the disk copied once). */
  mirrorReadyMs: number
  /** From `migrate` until it completed (query-migrate's total-time). */
  migrateMs: number | undefined
  /** query-migrate's RAM counters on A: bytes (before multifd compression), and pages sent whole or as zero pages. */
  ram: MigrationInfo['ram']
  /** QEMU's migration parameters as used (its defaults, plus multifd-compression for multifd-zstd). */
  parameters: MigrationParameters
  /** The counter the guest had last written to its disk: on A once stopped, on B before cont, and after running on B. */
  diskCounterOnA: number | undefined
  diskCounterReceived: number | undefined
  diskCounterOnB: number | undefined
}

const NBD_PORT = 10809
const MIGRATION_PORT = 4444
const MIRROR_JOB = 'disk0-mirror'
const MIRROR_TARGET = 'disk0-target'
const EXPORT_NAME = 'disk0'

const delay = async (ms: number): Promise<void> => { await new Promise((resolve) => setTimeout(resolve, ms)) }

const eventMs = (event: QmpEvent): number => event.timestamp.seconds * 1000 + event.timestamp.microseconds / 1000

/** Milliseconds left before `deadline`, at least `floor` so a last QMP call can still answer. */
const left = (deadline: number, floor = 1000): number => Math.max(deadline - Date.now(), floor)

/** Capabilities and parameters both ends need for `flavour` (the destination before migrate-incoming). */
async function configureBothEnds (qmp: QmpClient, flavour: QemuMigrationFlavour): Promise<void> {
  if (flavour === 'multifd-zstd') {
    await qmp.execute('migrate-set-capabilities', { capabilities: [{ capability: 'multifd', state: true }] })
    await qmp.execute('migrate-set-parameters', { 'multifd-compression': 'zstd' })
  }
}

/** The parts of query-migrate-parameters the report names. */
interface MigrationParameters { 'downtime-limit': number, 'max-bandwidth': number, 'multifd-channels': number, 'multifd-compression': string, 'multifd-zstd-level': number }

interface BlockJobInfo { device: string, ready: boolean, status: string, offset: number, len: number }

/** Polls query-block-jobs until the mirror is ready; if the job vanished, its BLOCK_JOB_COMPLETED says why. */
async function waitForMirrorReady (qmp: QmpClient, deadline: number): Promise<void> {
  for (;;) {
    const jobs = await qmp.execute<BlockJobInfo[]>('query-block-jobs')
    const job = jobs.find((j) => j.device === MIRROR_JOB)
    if (job?.ready === true) return
    if (job === undefined) {
      const ended = await qmp.waitForEvent('BLOCK_JOB_COMPLETED', 1000).catch(() => undefined)
      throw new VmHandoffError(`disk mirror ended before it was ready: ${String(ended?.data?.error ?? 'no reason given')}`)
    }
    if (Date.now() > deadline) throw new VmHandoffError(`disk mirror not ready in time (${job.offset} of ${job.len} bytes copied)`)
    await delay(100)
  }
}

export async function qemuMigration (options: QemuMigrationOptions): Promise<QemuMigrationReport> {
  const log = options.log ?? (() => {})
  const { aDir, bDir, guest } = await prepareRun(options)
  const aDisk = join(aDir, 'disk.img')
  const bDisk = join(bDir, 'disk.img')
  createSparseDisk(aDisk, options.diskMiB)
  // B's copy starts empty, as on a host that never had this guest.
  createSparseDisk(bDisk, options.diskMiB)
  const { a: onA, b: onB } = options.placement

  const vms: GuestVm[] = []
  const monitors: QmpClient[] = []
  try {
    const a = GuestVm.start({ name: 'A', guest, ramMiB: options.ramMiB, ramBackend: 'anonymous', disk: aDisk, qmpSocket: join(aDir, 'qmp.sock'), incoming: false, netns: onA.netns }, aDir)
    vms.push(a)
    await waitUntilCounting(a, options.ticksBeforeHandoff, log)

    const b = GuestVm.start({ name: 'B', guest, ramMiB: options.ramMiB, ramBackend: 'anonymous', disk: bDisk, qmpSocket: join(bDir, 'qmp.sock'), incoming: true, startPaused: true, netns: onB.netns }, bDir)
    vms.push(b)
    const qmpA = await a.unlessExited(QmpClient.connect(join(aDir, 'qmp.sock')))
    monitors.push(qmpA)
    const qmpB = await b.unlessExited(QmpClient.connect(join(bDir, 'qmp.sock')))
    monitors.push(qmpB)

    await configureBothEnds(qmpA, options.flavour)
    await configureBothEnds(qmpB, options.flavour)
    // The guest stays stopped at the switchover until the disk mirror is cancelled (in sync).
    await qmpA.execute('migrate-set-capabilities', { capabilities: [{ capability: 'pause-before-switchover', state: true }] })
    const parameters = await qmpA.execute<MigrationParameters>('query-migrate-parameters')
    await b.unlessExited(qmpB.execute('nbd-server-start', { addr: { type: 'inet', data: { host: onB.host, port: String(NBD_PORT) } } }))
    await qmpB.execute('block-export-add', { type: 'nbd', id: EXPORT_NAME, 'node-name': DISK_NODE, name: EXPORT_NAME, writable: true })
    await qmpB.execute('migrate-incoming', { uri: `tcp:${onB.host}:${MIGRATION_PORT}` })

    const startedAt = Date.now()
    const deadline = startedAt + options.timeoutMs
    await qmpA.execute('blockdev-add', { driver: 'nbd', 'node-name': MIRROR_TARGET, server: { type: 'inet', host: onB.host, port: String(NBD_PORT) }, export: EXPORT_NAME })
    await qmpA.execute('blockdev-mirror', { 'job-id': MIRROR_JOB, device: DISK_NODE, target: MIRROR_TARGET, sync: 'full' })
    await a.unlessExited(waitForMirrorReady(qmpA, deadline))
    const mirrorReadyMs = Date.now() - startedAt
    log(`A: disk mirror ready after ${mirrorReadyMs} ms; migrating (${options.flavour})`)

    const migrateStarted = Date.now()
    await qmpA.execute('migrate', { uri: `tcp:${onB.host}:${MIGRATION_PORT}` })
    const notConverging = (info: MigrationInfo): void => {
      if ((info.ram?.['dirty-sync-count'] ?? 0) < MAX_DIRTY_SYNCS) return
      const mib = (n: number | undefined): string => `${((n ?? 0) / 1048576).toFixed(1)} MiB`
      throw new MigrationDidNotConvergeError(`QEMU did not converge: ${info.ram?.['dirty-sync-count']} passes over dirty memory in ${((Date.now() - migrateStarted) / 1000).toFixed(0)} s, ` +
        `${mib(info.ram?.transferred)} of RAM sent (guest ${options.ramMiB} MiB), ${mib(info.ram?.remaining)} still dirty, guest dirtying ${info.ram?.['dirty-pages-rate'] ?? '?'} pages/s, ` +
        `expected downtime ${info['expected-downtime'] ?? '?'} ms against the ${parameters['downtime-limit']} ms limit; migration cancelled`, info, Date.now() - migrateStarted)
    }
    try {
      await a.unlessExited(waitForMigrationStatus(qmpA, ['pre-switchover'], left(deadline), notConverging))
    } catch (err) {
      // Cancelled, A's guest runs on as before: what a user would do next.
      await qmpA.execute('migrate_cancel').catch(() => {})
      throw err
    }
    const stopped = await qmpA.waitForEvent('STOP', 1000)
    await qmpA.execute('block-job-cancel', { device: MIRROR_JOB })
    const mirrorEnd = await qmpA.waitForEvent('BLOCK_JOB_COMPLETED', left(deadline, 10_000))
    if (mirrorEnd.data?.error !== undefined) throw new VmHandoffError(`disk mirror failed at the switchover: ${String(mirrorEnd.data.error)}`)
    await qmpA.execute('migrate-continue', { state: 'pre-switchover' })
    const done = await a.unlessExited(waitForMigrationStatus(qmpA, ['completed'], left(deadline, 10_000)))
    await b.unlessExited(waitForMigrationStatus(qmpB, ['completed'], left(deadline, 10_000)))
    const lastOnA = a.lastTick!
    // Both read while neither guest runs: the mirror must have carried A's last disk write.
    const diskCounterOnA = diskCounter(aDisk)
    const diskCounterReceived = diskCounter(bDisk)
    await qmpB.execute('nbd-server-stop')
    await qmpB.execute('cont')
    const resumedEvent = await qmpB.waitForEvent('RESUME', RESUME_TIMEOUT_MS)
    const firstOnB = await b.waitForTick(() => true, RESUME_TIMEOUT_MS, 'a first tick after the migration')
    log(`B: running, first tick ${firstOnB.n} (last on A ${lastOnA.n}); QEMU's downtime ${String(done.downtime)} ms`)
    const lastOnB = await b.waitForTick((t) => t.n >= firstOnB.n + TICKS_ON_B, RESUME_TIMEOUT_MS, `tick ${firstOnB.n + TICKS_ON_B}`)
    for (const qmp of monitors.splice(0)) qmp.close()
    await Promise.all(vms.map(async (vm) => { await vm.stop() }))

    return {
      flavour: options.flavour,
      lastTickOnA: lastOnA.n,
      firstTickOnB: firstOnB.n,
      lastTickOnB: lastOnB.n,
      continued: firstOnB.n > lastOnA.n && firstOnB.n <= lastOnA.n + 2,
      downtimeMs: firstOnB.at - eventMs(stopped),
      stoppedMs: eventMs(resumedEvent) - eventMs(stopped),
      qemuDowntimeMs: done.downtime,
      totalMs: firstOnB.at - startedAt,
      mirrorReadyMs,
      migrateMs: done['total-time'],
      ram: done.ram,
      parameters,
      diskCounterOnA,
      diskCounterReceived,
      diskCounterOnB: diskCounter(bDisk)
    }
  } finally {
    for (const qmp of monitors) qmp.close()
    await Promise.all(vms.map(async (vm) => { await vm.stop() }))
  }
}
