/**
 * `gdp capsule fork-check`, `heartbeat-check`, `prove`, `prove-check`:
 * making and checking evidence about a capsule's history (a fork proof, a
 * signed heartbeat, a consistency proof) that anyone can check against the
 * capsule's keys, and where it says so against the local store. Binary
 * values are printed as unpadded base64url (docs/spec.md, "Command-line
 * JSON"); base64url and standard base64 are both read.
 */
import { createReadStream } from 'node:fs'
import { decodeConsistencyProof, decodeForkProof, decodeSignedHeartbeat, decodeSignedMetadata, encodeConsistencyProof, encodeForkProof, encodeSignedHeartbeat, encodeSignedMetadata } from '../capsule/codec.js'
import { verifyForkProof } from '../capsule/fork.js'
import { verifyHeartbeat } from '../capsule/heartbeat.js'
import { verifyConsistency } from '../capsule/merkle.js'
import { verifySignedMetadata } from '../capsule/metadata.js'
import { formatName } from '../capsule/name.js'
import { MAX_METADATA_LENGTH, type SignedHeartbeat } from '../capsule/types.js'
import { equalBytes, HASH_LENGTH } from '../crypto/hash.js'
import { InvalidArgumentError, InvalidProofError } from '../errors.js'
import { compareWithStore } from '../store/archive.js'
import { integer, print, readAll, requireFile, requireWritable, resolveCapsule, withStore, writeOutput, type Command, type CommandContext } from './command.js'
import { UsageError } from './usage-error.js'

/** heartbeat-check's exit status for a heartbeat beyond the store, and for one that contradicts it. */
const EXIT_AHEAD = 3
const EXIT_CONTRADICTS = 4

const base64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url')

/** Bytes from unpadded base64url (what gdp prints) or standard base64, padded or not; nothing else. */
function parseBinary (text: string, what: string): Uint8Array {
  const t = text.trim()
  const url = /^[A-Za-z0-9_-]*$/.test(t)
  if (!url && !/^[A-Za-z0-9+/]*={0,2}$/.test(t)) throw new InvalidArgumentError(`${what} is neither base64url nor base64: '${t.slice(0, 24)}${t.length > 24 ? '...' : ''}'`)
  const bytes = Buffer.from(t, url ? 'base64url' : 'base64')
  // A last character with spare bits set, or a stray length, decodes silently to other bytes: refuse it.
  if (bytes.toString(url ? 'base64url' : 'base64').replace(/=+$/, '') !== t.replace(/=+$/, '')) throw new InvalidArgumentError(`${what} is not well-formed base64url or base64 (it has a stray character at its end)`)
  return new Uint8Array(bytes)
}

/**
 * Bytes of a fork proof, at most: its signed metadata (MAX_METADATA_LENGTH) and room for the rest, two heartbeats and
 * an inclusion proof of at most 64 hashes (a few KB).
 */
export const MAX_FORK_PROOF_BYTES = MAX_METADATA_LENGTH + 64 * 1024
/** Bytes of a proof document (gdp capsule prove --json), at most: as much in base64 (4/3 as long) and room for its JSON. */
export const MAX_PROOF_DOCUMENT_BYTES = 2 * MAX_FORK_PROOF_BYTES

/**
 * A file's bytes, or stdin's for '-', refused as soon as they are over `limit` bytes (what the input is, `what`, can
 * hold), the rest unread: read whole first, `--file /dev/zero` or an endless pipe was held until memory ran out.
 */
async function readInput (ctx: CommandContext, path: string, limit: number, what: string): Promise<Uint8Array> {
  const refuse = (): InvalidArgumentError => new InvalidArgumentError(`${path === '-' ? 'stdin' : path} is over ${limit} bytes, more than ${what} holds`)
  return await readAll(path === '-' ? ctx.stdin : createReadStream(requireFile(path)), { bytes: limit, refuse })
}

const forkCheck: Command = {
  path: ['capsule', 'fork-check'],
  aliases: [['fork-check']],
  usage: 'capsule fork-check <fork-proof-file|->',
  summary: 'check a fork proof: two writer-signed heartbeats that contradict',
  help: '  the file holds one canonical ForkProof (what import and heartbeat-check write)\n  exit status: 0 a valid fork proof, 1 not one (the message says why)\n',
  options: {},
  minArgs: 1,
  maxArgs: 1,
  async run (ctx) {
    const fork = verifyForkProof(decodeForkProof(await readInput(ctx, ctx.positionals[0]!, MAX_FORK_PROOF_BYTES, 'a fork proof')))
    print(ctx, `valid fork proof: capsule ${formatName(fork.capsule)} forked (${fork.kind}) at record ${fork.position}`, { capsule: formatName(fork.capsule), kind: fork.kind, position: fork.position, valid: true })
    return 0
  }
}

const heartbeatCheck: Command = {
  path: ['capsule', 'heartbeat-check'],
  aliases: [['heartbeat-check']],
  usage: 'capsule heartbeat-check <capsule> <heartbeat> [--fork-proof <file>]',
  summary: 'check a signed heartbeat (base64url or base64) against a stored capsule',
  help: '  <heartbeat>          a SignedHeartbeat, encoded, in base64url or base64\n' +
    '  --fork-proof <file>  when it contradicts the store, write the fork proof there\n' +
    `  exit status: 0 it matches the store; ${EXIT_AHEAD} it is ahead of the store (states more records\n` +
    `  than it holds: cannot be checked yet); ${EXIT_CONTRADICTS} it contradicts the store (a fork);\n` +
    '  1 it is not a valid heartbeat of the capsule; 2 usage\n',
  options: { 'fork-proof': { type: 'string' } },
  minArgs: 2,
  maxArgs: 2,
  async run (ctx) {
    const file = ctx.values['fork-proof']
    // Checked first: refused after the check, the fork found went unsaid.
    if (typeof file === 'string') requireWritable(file, '--fork-proof')
    return await withStore(ctx, async (store) => {
      const c = await resolveCapsule(store, ctx.positionals[0]!)
      const hb = decodeSignedHeartbeat(parseBinary(ctx.positionals[1]!, 'the heartbeat'))
      verifyHeartbeat(hb, c.name, c.metadata)
      const size = hb.heartbeat.size
      const compared = await compareWithStore(c, hb)
      const json = { size, signatureValid: true, status: compared.status, matchesStore: compared.status === 'matches', storedSize: c.size, forkProof: null as string | null }
      if (compared.status === 'matches') {
        print(ctx, `heartbeat at size ${size}: signature valid, matches the stored capsule`, json)
        return 0
      }
      if (compared.status === 'ahead') {
        print(ctx, `heartbeat at size ${size}: signature valid, ahead of the stored capsule (${c.size} records): it cannot be checked against it yet`, json)
        return EXIT_AHEAD
      }
      const written = typeof file === 'string' && compared.proof !== undefined ? file : null
      if (written !== null) await writeOutput(ctx, written, async (write) => { await write(encodeForkProof(compared.proof!)) }, '--fork-proof')
      const evidence = written !== null ? `; fork proof written to ${written}` : compared.proof === undefined ? ' (it disagrees with its own tree: no portable fork proof)' : ' (--fork-proof <file> writes the fork proof)'
      print(ctx, `heartbeat at size ${size}: signature valid, CONTRADICTS the stored capsule: its writer forked it${evidence}`, { ...json, forkProof: written })
      return EXIT_CONTRADICTS
    })
  }
}

const prove: Command = {
  path: ['capsule', 'prove'],
  usage: 'capsule prove <capsule> --from <size a> [--to <size b>]',
  summary: 'prove that the tree of b records extends the tree of a records (consistency proof)',
  help: '  --from a   the smaller size, at least 1\n  --to b     the larger size (default: every stored record)\n' +
    '  with --json it prints the proof document gdp capsule prove-check reads: the proof, both roots,\n' +
    '  the metadata, and the writer\'s heartbeats at a and b where the store holds them\n',
  options: { from: { type: 'string' }, to: { type: 'string' } },
  minArgs: 1,
  maxArgs: 1,
  async run (ctx) {
    await withStore(ctx, async (store) => {
      const c = await resolveCapsule(store, ctx.positionals[0]!)
      const from = integer(ctx, 'from', 1)
      if (from === undefined) throw new UsageError('--from <size> is required (every history extends the empty capsule, so it is at least 1)')
      const given = integer(ctx, 'to', 1)
      if (given !== undefined && from > given) throw new UsageError(`--from ${from} is past --to ${given}: a proof goes from the smaller size to the larger`)
      const to = given ?? c.size
      // (It said "give 1 <= from <= to <= 0" of an empty capsule.)
      if (to > c.size || from > c.size) throw new InvalidArgumentError(`the capsule has ${c.size} record${c.size === 1 ? '' : 's'}; ${to > c.size ? `--to ${to}` : `--from ${from}`} is past ${c.size === 0 ? 'them: it has no history to prove yet' : 'them'}`)
      const proof = await c.consistencyProof(from, to)
      const [fromRoot, toRoot, fromHeartbeat, toHeartbeat] = await Promise.all([c.rootAt(from), c.rootAt(to), c.heartbeatAt(from), c.heartbeatAt(to)])
      const signed = (hb: SignedHeartbeat | undefined): string => hb === undefined ? 'no heartbeat stored at that size' : 'the writer\'s heartbeat is included'
      print(ctx, [
        `consistency proof: capsule ${formatName(c.name)} at ${to} records extends itself at ${from} (${proof.path.length} ${proof.path.length === 1 ? 'hash' : 'hashes'})`,
        `from root ${base64url(fromRoot)}  (${signed(fromHeartbeat)})`,
        `to root   ${base64url(toRoot)}  (${signed(toHeartbeat)})`,
        'run with --json for the document gdp capsule prove-check reads'
      ].join('\n'), {
        capsule: formatName(c.name),
        metadata: base64url(encodeSignedMetadata(c.signedMetadata)),
        fromSize: from,
        toSize: to,
        fromRoot: base64url(fromRoot),
        toRoot: base64url(toRoot),
        consistency: base64url(encodeConsistencyProof(proof)),
        fromHeartbeat: fromHeartbeat === undefined ? null : base64url(encodeSignedHeartbeat(fromHeartbeat)),
        toHeartbeat: toHeartbeat === undefined ? null : base64url(encodeSignedHeartbeat(toHeartbeat))
      })
    })
    return 0
  }
}

const proveCheck: Command = {
  path: ['capsule', 'prove-check'],
  usage: 'capsule prove-check <proof-document|->',
  summary: 'check a consistency proof document (from gdp capsule prove --json), needing no store',
  help: '  exit status: 0 the proof holds, 1 it does not (the message says why)\n',
  options: {},
  minArgs: 1,
  maxArgs: 1,
  async run (ctx) {
    const doc = parseProofDocument(await readInput(ctx, ctx.positionals[0]!, MAX_PROOF_DOCUMENT_BYTES, 'a proof document'))
    const metadata = decodeSignedMetadata(doc.binary('metadata'))
    const name = verifySignedMetadata(metadata)
    if (doc.text('capsule') !== formatName(name)) throw new InvalidProofError(`the document names capsule ${doc.text('capsule')}, its metadata is capsule ${formatName(name)}'s`)
    const proof = decodeConsistencyProof(doc.binary('consistency'))
    const ends = (['from', 'to'] as const).map((end) => {
      const size = doc.size(`${end}Size`)
      const root = doc.binary(`${end}Root`)
      if (root.length !== HASH_LENGTH) throw new InvalidProofError(`${end}Root is ${root.length} bytes, not ${HASH_LENGTH}`)
      const encoded = doc.optionalBinary(`${end}Heartbeat`)
      if (encoded !== undefined) {
        const hb = decodeSignedHeartbeat(encoded)
        verifyHeartbeat(hb, name, metadata.metadata)
        if (hb.heartbeat.size !== size || !equalBytes(hb.heartbeat.root, root)) throw new InvalidProofError(`${end}Heartbeat states size ${hb.heartbeat.size} and another root than ${end}Size ${size} and ${end}Root`)
      }
      return { size, root, signed: encoded !== undefined }
    })
    const [a, b] = ends as [typeof ends[0], typeof ends[0]]
    if (proof.fromSize !== a.size || proof.toSize !== b.size) throw new InvalidProofError(`the consistency proof is from size ${proof.fromSize} to ${proof.toSize}, the document says ${a.size} to ${b.size}`)
    if (!verifyConsistency(a.size, b.size, proof.path, a.root, b.root)) throw new InvalidProofError(`the tree of ${b.size} records is not shown to extend the tree of ${a.size}: the proof does not lead to both roots`)
    const signedAt = [a, b].filter((e) => e.signed).map((e) => e.size)
    print(ctx, `valid consistency proof: capsule ${formatName(name)} at ${b.size} records extends itself at ${a.size} (roots signed by the writer at: ${signedAt.length === 0 ? 'neither size' : signedAt.join(', ')})`,
      { capsule: formatName(name), fromSize: a.size, toSize: b.size, valid: true, fromSigned: a.signed, toSigned: b.signed })
    return 0
  }
}

/** The fields of a proof document (docs/spec.md, "Command-line JSON"), each read as it must be. */
function parseProofDocument (bytes: Uint8Array): { text: (k: string) => string, size: (k: string) => number, binary: (k: string) => Uint8Array, optionalBinary: (k: string) => Uint8Array | undefined } {
  let doc: Record<string, unknown>
  try {
    doc = JSON.parse(Buffer.from(bytes).toString('utf8'))
  } catch (err) {
    throw new InvalidArgumentError(`not a proof document (JSON from gdp capsule prove --json): ${(err as Error).message}`)
  }
  if (doc === null || typeof doc !== 'object') throw new InvalidArgumentError('not a proof document: it is not a JSON object')
  const text = (k: string): string => {
    const v = doc[k]
    if (typeof v !== 'string') throw new InvalidArgumentError(`proof document: '${k}' must be a string`)
    return v
  }
  return {
    text,
    size: (k) => {
      const v = doc[k]
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) throw new InvalidArgumentError(`proof document: '${k}' must be an integer of at least 1`)
      return v
    },
    binary: (k) => parseBinary(text(k), `proof document '${k}'`),
    optionalBinary: (k) => doc[k] === null || doc[k] === undefined ? undefined : parseBinary(text(k), `proof document '${k}'`)
  }
}

export const proofCommands: Command[] = [forkCheck, heartbeatCheck, prove, proveCheck]
