/**
 * Moving a capsule from one server to another while it is in use
 * (docs/moving.md), driven by its owner or by a key the owner delegated its
 * placement to (a domain operator draining a server): an AdCert signed by
 * either makes the target a replica that catches up without being
 * advertised, the source passes appends on to it meanwhile, and the switch
 * (a hand-off) is one request to the source, carrying the signed removal of
 * the source.
 */
import { signDeletion, type SignedCapsuleDeletion } from '../capsule/deletion.js'
import type { Signer } from '../capsule/metadata.js'
import { formatName } from '../capsule/name.js'
import { equalBytes } from '../crypto/hash.js'
import { InvalidArgumentError, LinkTimeoutError, MoveIncompleteError, MoveSourceLostError, MoveSupersededError, MoveTargetStuckError, PreconditionFailedError, RequestRefusedError, RequestTimeoutError } from '../errors.js'
import { tookOver } from '../routing/replica-set.js'
import { serversWanted } from './servers-wanted.js'
import type { CapsuleInfo, GdpClient } from './client.js'
import { adCertSigner, capsulesOn, placementAuthority, RateGate, removalDateUs, retryingRateLimits } from './placement.js'

export interface MoveOptions {
  name: Uint8Array
  /** Signs the target's AdCert and the removal of the source: the capsule's owner, or a key it delegated placement to. */
  signer: Signer
  to: Uint8Array
  /** The server to move it off; default: the capsule's one replica. */
  from?: Uint8Array
  /** How long the target's AdCert lasts (for a delegate, not past its delegation). @default 30 days */
  delegateMs?: number
  /** How long the target may take to catch up before the move gives up (the source keeps serving). @default 600000 */
  catchUpTimeoutMs?: number
  /** Told how far the target got, each time it is asked. */
  progress?: (held: number, of: number) => void
  /** Microseconds since the epoch. */
  clock: () => number
  /** The capsule's info, when the caller has just asked for it (a drain choosing the target): the move does not ask again. */
  info?: CapsuleInfo
}

export interface MoveResult {
  from: Uint8Array
  to: Uint8Array
  /** Records the target held when it took over. */
  records: number
  /** From the target's create to the start of the switch (bulk copy and catch-up). */
  copyMs: number
  /** The hand-off request: from the source stopping to take requests to the target advertising. */
  switchMs: number
}

const CATCH_UP_POLL_MS = 100
/** How long a switch the source refuses as busy is asked again. */
const BUSY_SWITCH_WAIT_MS = 10_000
const BUSY_SWITCH_PAUSE_MS = 200
/** How long a target may get no further in its catch-up before the move asks whether the source still answers. */
const STALL_CHECK_MS = 2000

/** Moves one replica of a capsule from `from` to `to`; the other replicas (if any) stay. */
export async function moveCapsule (client: GdpClient, options: MoveOptions): Promise<MoveResult> {
  const { name, signer, to, clock } = options
  const info = options.info ?? await client.info(name)
  const authority = placementAuthority(info, signer.publicKey)
  if (authority === null) throw new InvalidArgumentError(`the key given is neither the owner of capsule ${formatName(name)} nor a key its owner delegated placement to (now): only they can move it`)
  const members = info.replicas
  // A move run again after it failed finds the target in the set already: it goes on from there.
  const others = members.filter((a) => !equalBytes(a.cert.server, to))
  if (options.from === undefined && members.length > 0 && others.length === 0) throw new InvalidArgumentError(`capsule ${formatName(name)} is on ${formatName(to)} already`)
  const from = options.from ?? (others.length === 1 ? others[0]!.cert.server : members.length === 0 ? info.server : undefined)
  if (from === undefined) throw new InvalidArgumentError(`capsule ${formatName(name)} is on ${others.length} servers: say which one to move it off`)
  // A capsule of one replica has no set to check `from` against: its server is the one.
  if (members.length === 0 && info.server !== undefined && !equalBytes(from, info.server)) throw new InvalidArgumentError(`server ${formatName(from)} is not a replica of capsule ${formatName(name)}: it is on ${formatName(info.server)}`)
  if (equalBytes(from, to)) throw new InvalidArgumentError(`capsule ${formatName(name)} is on ${formatName(to)} already`)
  const listed = (server: Uint8Array): boolean => members.some((a) => equalBytes(a.cert.server, server))
  const joined = listed(to)
  // Checked before anything is copied: the source's hand-off would refuse either, once the target had caught up.
  // A set that leaves `from` out may be the target's after a switch the source did not finish (its copy and its
  // own set remain): `from` is asked itself then.
  if (members.length > 0 && !listed(from) && !(joined && await holdsReplica(client, name, from))) {
    throw new InvalidArgumentError(`server ${formatName(from)} is not a replica of capsule ${formatName(name)}: it is on ${members.map((a) => formatName(a.cert.server)).join(', ')}`)
  }
  // A target in the set is a move that stopped half way (the set holds one server more than the policy asks for), or a
  // replica already: moving another replica onto it would leave the capsule one short. The policy counts as the
  // source's hand-off does: held to `replicas` alone, a capsule of replicas 0 on as many servers as its write quorum
  // was copied to the target, to be refused by the source at the switch.
  const wanted = serversWanted(info.metadata.metadata)
  if (joined && listed(from) && members.length <= wanted.count) {
    throw new InvalidArgumentError(`capsule ${formatName(name)} is on ${formatName(to)} already and asks for ${wanted.asksFor}: moving its replica on ${formatName(from)} there would leave ${members.length - 1}; move it to a server that holds none`)
  }
  // A member that joined in a move that stopped half way (never advertised, perhaps behind) would stay in the set
  // after this one, sent every append and counted as a replica, with nothing to show it.
  const leftHalfWay = await joiningMembers(client, name, members.map((a) => a.cert.server).filter((s) => !equalBytes(s, from) && !equalBytes(s, to)))
  if (leftHalfWay.length > 0) {
    const first = formatName(leftHalfWay[0]!)
    throw new PreconditionFailedError(`capsule ${formatName(name)} has a replica on ${leftHalfWay.map(formatName).join(', ')} that an earlier move left half way (it joined and never took the capsule over): finish that move ('gdp capsule move ${formatName(name)} --to ${first} --from ${formatName(from)}') or take it off first ('gdp replicas rm ${formatName(name)} --server ${first}')`)
  }
  const { delegation } = authority
  const { adCert } = adCertSigner(name, signer, authority, options.delegateMs ?? 30 * 86_400_000, clock())
  const orders = { removals: info.removals, delegations: info.delegations }
  // A capsule of one replica has no set yet: the source's own delegation joins it, signed afresh.
  const current = others.length > 0 ? others : [adCert(from)]
  const target = members.find((a) => equalBytes(a.cert.server, to)) ?? adCert(to)
  const set = [...current, target]
  const started = performance.now()
  // The target first, so that the source, told of it next, finds it holding the capsule. A move run
  // again finds the target in the set already and goes on from the catch-up; one whose switch got as
  // far as the target taking over (the set it answers with no longer names the source) goes on from the
  // switch.
  if (!joined) {
    await client.create(info.metadata, to, target, set, orders, from)
    // The others catch up from the source as well: a create without it tells a server to advertise the capsule, and a
    // target an earlier move left half way (joined, never advertised, perhaps behind) began to, beside the source.
    for (const member of current) await client.create(info.metadata, member.cert.server, member, set, orders, equalBytes(member.cert.server, from) ? undefined : from)
  } else if (others.some((a) => equalBytes(a.cert.server, from)) && !(await holdsAsMuch(client, name, to, from))) {
    // Again, so that a target that restarted or was cut off starts fetching again. (Not when it holds what the
    // source holds: each create counts against the target's create rate, and a drain meeting that rate runs
    // the moves it refused again.)
    await client.create(info.metadata, to, target, members, orders, from)
  }
  await caughtUp(client, options, from)
  const switching = performance.now()
  // Not before the AdCert that placed the server taken off, nor the delegation that signs it (a delegate's removal
  // is checked at the time it names): this clock may have gone back since either was signed.
  const removalOf = (server: Uint8Array): SignedCapsuleDeletion => signDeletion(name, removalDateUs(clock(), set.find((a) => equalBytes(a.cert.server, server)), delegation), signer, server, delegation)
  let records: number
  try {
    records = await handedOffWhenFree(client, name, from, to, () => removalOf(from))
  } catch (err) {
    if (!(err instanceof RequestRefusedError && err.reason === 'MOVED')) throw err
    throw await superseded(client, name, from, to, err.movedTo, removalOf(to))
  }
  const switchMs = performance.now() - switching
  // The other replicas drop the source from their sets (the target did at the switch).
  const removal = removalOf(from)
  for (const member of current) {
    if (equalBytes(member.cert.server, from)) continue
    // A member whose copy went meanwhile (another move's target, removed when that move lost) has no set to drop the
    // source from: its NOT_FOUND failed a move whose switch was done.
    await client.delete(name, removal, { replica: member.cert.server }).catch((err: unknown) => {
      if (!(err instanceof RequestRefusedError && err.reason === 'NOT_FOUND')) throw err
    })
  }
  return { from, to, records, copyMs: switching - started, switchMs }
}

/**
 * The switch: the source's answer, the records the target took over with.
 * Without one (no answer in time, the link to the source lost), the target
 * is asked: if it took over, the move is done (a drain reported such moves
 * as failed); if not, the error says how to finish what may be half done.
 */
async function handedOff (client: GdpClient, name: Uint8Array, from: Uint8Array, to: Uint8Array, removal: SignedCapsuleDeletion): Promise<number> {
  try {
    return await client.handOff(name, from, to, removal)
  } catch (err) {
    if (!isSilence(err)) throw err
    const target = await client.info(name, { replica: to }).catch(() => undefined)
    client.forget(name)
    if (target !== undefined && tookOver(target.replicas, to, from)) return target.size
    throw new MoveIncompleteError(`the switch at ${formatName(from)} did not answer (${err.message}), and ${formatName(to)} has not taken capsule ${formatName(name)} over: the switch may have stopped half way; run the move again with --from ${formatName(from)} to finish it`, { cause: err })
  }
}

/**
 * The switch, asked again while the source refuses it as busy (CONGESTION:
 * another move's switch of the capsule is under way, for a second or so):
 * this one then goes on, or finds the capsule gone (MOVED) and takes its
 * target off. Failed at once, it left its target in the set, unseen.
 */
async function handedOffWhenFree (client: GdpClient, name: Uint8Array, from: Uint8Array, to: Uint8Array, removal: () => SignedCapsuleDeletion): Promise<number> {
  const deadline = performance.now() + BUSY_SWITCH_WAIT_MS
  for (;;) {
    try {
      return await handedOff(client, name, from, to, removal())
    } catch (err) {
      if (!(err instanceof RequestRefusedError && err.reason === 'CONGESTION') || performance.now() >= deadline) throw err
      await new Promise((resolve) => setTimeout(resolve, err.retryAfterMs ?? BUSY_SWITCH_PAUSE_MS))
    }
  }
}

/**
 * Another move took the capsule off `from` (to `movedTo`) while this one ran:
 * this move's target, joined to the set but never advertised, is removed
 * (`removal`, the owner's order taking it off the replicas), so it drops its
 * copy and the server where the capsule went stops passing appends to it.
 * Left there, it held a replica more than the policy asks for, unseen.
 */
async function superseded (client: GdpClient, name: Uint8Array, from: Uint8Array, to: Uint8Array, movedTo: Uint8Array | undefined, removal: SignedCapsuleDeletion): Promise<MoveSupersededError> {
  const where = movedTo === undefined ? 'another server' : formatName(movedTo)
  const told = movedTo === undefined || equalBytes(movedTo, to) ? [to] : [movedTo, to]
  const failed: string[] = []
  for (const server of told) {
    await client.delete(name, removal, { replica: server }).catch((err: Error) => { failed.push(`${formatName(server)}: ${err.message}`) })
  }
  const cleaned = failed.length === 0
    ? `this move's copy on ${formatName(to)} was removed`
    : `this move's copy on ${formatName(to)} could not be removed everywhere (${failed.join('; ')}): take it off with 'gdp replicas rm'`
  return new MoveSupersededError(`another move took capsule ${formatName(name)} from ${formatName(from)} to ${where} while this one ran; ${cleaned}`)
}

/**
 * Whether `server` holds the capsule as a replica: the set it answers with
 * names it. A server that left the set passes a request on to where the
 * capsule went for a while (its answer is that server's, without it), then
 * answers NOT_FOUND.
 */
async function holdsReplica (client: GdpClient, name: Uint8Array, server: Uint8Array): Promise<boolean> {
  try {
    return (await client.info(name, { replica: server })).replicas.some((a) => equalBytes(a.cert.server, server))
  } catch (err) {
    if (err instanceof RequestRefusedError && err.reason === 'NOT_FOUND') return false
    throw err
  } finally {
    client.forget(name)
  }
}

/**
 * Of `servers`, those that say they are a move's target that has not taken
 * the capsule over. One that does not answer, or holds no copy, is not
 * counted: nothing tells what it is.
 */
async function joiningMembers (client: GdpClient, name: Uint8Array, servers: Uint8Array[]): Promise<Uint8Array[]> {
  const joining: Uint8Array[] = []
  for (const server of servers) {
    try {
      if ((await client.info(name, { replica: server })).joining) joining.push(server)
    } catch (err) {
      const silent = err instanceof RequestTimeoutError || err instanceof LinkTimeoutError || (err instanceof RequestRefusedError && (err.reason === 'NOT_FOUND' || err.reason === 'NO_ROUTE'))
      if (!silent) throw err
    } finally {
      client.forget(name)
    }
  }
  return joining
}

/** Whether server `to` holds as many records of the capsule as server `from` (false when either does not answer). */
async function holdsAsMuch (client: GdpClient, name: Uint8Array, to: Uint8Array, from: Uint8Array): Promise<boolean> {
  try {
    const [target, source] = [await client.info(name, { replica: to }), await client.info(name, { replica: from })]
    return target.size >= source.size
  } catch {
    return false
  } finally {
    client.forget(name)
  }
}

/**
 * Where a drain moves a capsule off `from`: a target that joined its replica
 * set in a move that stopped half way (the set holds one server more than
 * the policy asks for, `from` among them), so that the move goes on there;
 * else, of `targets`, the one given the fewest capsules so far (`given`,
 * counted here) that is not a replica of the capsule already: moving a
 * replica onto a server that holds one would leave the capsule a replica
 * short.
 */
async function targetFor (client: GdpClient, name: Uint8Array, from: Uint8Array, targets: Uint8Array[], given: number[]): Promise<{ to: Uint8Array, info: CapsuleInfo }> {
  if (targets.length === 0) throw new InvalidArgumentError('name at least one server to move the capsules to')
  const info = await client.info(name)
  const replicas = info.replicas.map((a) => a.cert.server)
  const isReplica = (server: Uint8Array): boolean => replicas.some((r) => equalBytes(r, server))
  // Counted as the source's hand-off counts: a capsule of replicas 0 on as many servers as its write quorum, taken for
  // one moved half way, went to a replica it had, and the hand-off refused it where a server given that held none took it.
  const halfMoved = replicas.length > serversWanted(info.metadata.metadata).count && isReplica(from) ? targets.findIndex(isReplica) : -1
  if (halfMoved !== -1) {
    given[halfMoved]!++
    return { to: targets[halfMoved]!, info }
  }
  let chosen: number | undefined
  for (let i = 0; i < targets.length; i++) {
    if (isReplica(targets[i]!)) continue
    if (chosen === undefined || given[i]! < given[chosen]!) chosen = i
  }
  if (chosen === undefined) throw new InvalidArgumentError(`capsule ${formatName(name)} has a replica on every server given already`)
  given[chosen]!++
  return { to: targets[chosen]!, info }
}

/**
 * Waits until the target holds what the source held when the wait began (it
 * keeps up from there: the source passes appends on). A target that gets no
 * further for `STALL_CHECK_MS` may be fetching from a source that went away:
 * the source is asked then, and the move fails at once if it does not
 * answer (a move whose source was killed waited out its whole timeout). One
 * whose source answers fails at once too when the target says its store
 * refused what it fetched (its disk full: the move waited out its timeout,
 * then said to run it again, and never why).
 */
async function caughtUp (client: GdpClient, options: MoveOptions, from: Uint8Array): Promise<void> {
  const { name, to } = options
  const goal = (await client.info(name, { replica: from })).size
  const timeoutMs = options.catchUpTimeoutMs ?? 600_000
  // On the monotonic clock: a wall clock stepped ahead failed the move as late at once, one stepped back stretched its wait.
  const deadline = performance.now() + timeoutMs
  let best = -1
  let movedAt = performance.now()
  for (;;) {
    const target = await client.info(name, { replica: to })
    const held = target.size
    client.forget(name)
    options.progress?.(held, goal)
    if (held >= goal) return
    if (held > best) {
      best = held
      movedAt = performance.now()
    }
    const late = performance.now() > deadline
    if (late || performance.now() - movedAt >= STALL_CHECK_MS) {
      const silence = await unanswered(client, name, from)
      if (silence !== undefined) {
        throw new MoveSourceLostError(`the source ${formatName(from)} does not answer (${silence.message}) and ${formatName(to)} holds ${held} of ${goal} records of capsule ${formatName(name)}: nothing was switched; once the source is back, run the move again to go on`, { cause: silence })
      }
      if (target.catchUpFailure !== undefined) {
        throw new MoveTargetStuckError(`server ${formatName(to)} holds ${held} of ${goal} records of capsule ${formatName(name)} and cannot store more: ${target.catchUpFailure}; nothing was switched, the source still serves it; once it can, run the move again to go on (or take it off: 'gdp replicas rm ${formatName(name)} --server ${formatName(to)}')`)
      }
      movedAt = performance.now()
    }
    if (late) throw new RequestTimeoutError(`server ${formatName(to)} holds ${held} of ${goal} records of capsule ${formatName(name)} after ${timeoutMs} ms; the source still serves it: run the move again to go on`)
    await new Promise((resolve) => setTimeout(resolve, CATCH_UP_POLL_MS))
  }
}

/** An error that says a server did not answer (no route to it, no answer in time), rather than what it answered. */
function isSilence (err: unknown): err is Error {
  return err instanceof RequestTimeoutError || err instanceof LinkTimeoutError || (err instanceof RequestRefusedError && err.reason === 'NO_ROUTE')
}

/** The error of a server that does not answer for a capsule (no route to it, no answer in time), or undefined when it answers. */
async function unanswered (client: GdpClient, name: Uint8Array, server: Uint8Array): Promise<Error | undefined> {
  try {
    await client.info(name, { replica: server })
    return undefined
  } catch (err) {
    if (isSilence(err)) return err
    throw err
  } finally {
    client.forget(name)
  }
}

export interface MoveAllResult {
  /** Capsules the source held that this key may move (it owns them, or their owners delegated their placement to it), moved or not. */
  found: number
  moved: MoveResult[]
  failed: Array<{ name: Uint8Array, error: string }>
  /** Capsules the source holds that this key may not move: they stay. The first NAMED_OTHERS (placement.ts) are named. */
  skipped: Uint8Array[]
  /** How many capsules the source holds that this key may not move, named or not. */
  skippedCount: number
  /** Set when the source listed more than `maxListed` capsules: the last one looked at (those after it stay, not looked at). */
  listingCutAfter?: Uint8Array
  ms: number
}

/**
 * Moves every capsule `signer` may move (its own, and those whose owners
 * delegated their placement to it) off the server `from` to `to`,
 * `concurrency` at a time: an owner or a domain operator draining a server
 * (docs/moving.md). The others stay. One that fails is reported, the others
 * go on.
 */
export async function moveAllCapsules (client: GdpClient, options: Omit<MoveOptions, 'name' | 'from' | 'to' | 'progress'> & {
  from: Uint8Array
  /** The servers to spread the capsules over: each goes to the one given the fewest so far that is not a replica of it already. */
  to: Uint8Array[]
  concurrency?: number
  /** How long the drain may wait, in all, for servers that refuse a move for their create rate and say when to come back. @default 600000 */
  rateWaitMs?: number
  /** How many of the source's capsules are listed at most (capsulesOn). @default MAX_LISTED_CAPSULES */
  maxListed?: number
}): Promise<MoveAllResult> {
  if (options.to.some((t) => equalBytes(t, options.from))) throw new InvalidArgumentError(`the capsules move off ${formatName(options.from)}: it cannot be among the servers they move to`)
  const started = performance.now()
  const { selected: mine, others, cutAfter } = await capsulesOn(client, options.from, (info) => placementAuthority(info, options.signer.publicKey) !== null, { maxListed: options.maxListed })
  const deadline = performance.now() + (options.rateWaitMs ?? 600_000)
  const gate = new RateGate()
  const moved: MoveResult[] = []
  const failed: Array<{ name: Uint8Array, error: string }> = []
  let next = 0
  const given = options.to.map(() => 0)
  const worker = async (): Promise<void> => {
    while (next < mine.length) {
      const name = mine[next++]!
      try {
        const { to, info } = await targetFor(client, name, options.from, options.to, given)
        // The first try takes the info just asked; a move refused half way goes on from where it stopped when
        // run again (moveCapsule), which asks afresh.
        let known: CapsuleInfo | undefined = info
        moved.push(await retryingRateLimits(async () => {
          client.forget(name)
          const first = known
          known = undefined
          return await moveCapsule(client, { ...options, name, to, info: first })
        }, deadline, gate))
      } catch (err) {
        failed.push({ name, error: (err as Error).message })
      } finally {
        client.forget(name)
      }
    }
  }
  // No more workers than capsules to move.
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 8, mine.length)) }, worker))
  return { found: mine.length, moved, failed, skipped: others.named, skippedCount: others.count, ...(cutAfter === undefined ? {} : { listingCutAfter: cutAfter }), ms: performance.now() - started }
}
