import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { encodeForkProof, encodeMetadata } from '../../src/capsule/codec.js'
import { MAX_METADATA_LENGTH, MAX_NONCE_LENGTH, MAX_PROOF_PATH, type CapsuleMetadata, type SignedHeartbeat } from '../../src/capsule/types.js'
import { MAX_FORK_PROOF_BYTES, MAX_PROOF_DOCUMENT_BYTES } from '../../src/cli/proof-commands.js'
import { tempDir } from '../helpers.js'
import { gdpIn, gdpWithEndlessInput } from './run-gdp.js'

const dir = tempDir('gdp-cli-proofs-')
const { gdp, ok, json } = gdpIn(dir.path)

afterAll(() => dir.cleanup())

const base64url = /^[A-Za-z0-9_-]+$/
/** Arguments for the store in folder `data`, all written by the one key made first (in ./data). */
const store = (data: string): string[] => ['--data', data]
/** A store whose capsules one key signs, whichever store: --key only where a command signs (others refuse it). */
const signing = (data: string): string[] => [...store(data), '--key', 'data/keys/default.key']
/** The latest heartbeat, as `read --proof --json` prints it (base64url of a SignedHeartbeat). */
const head = (data: string, capsule: string): string => json([...store(data), 'capsule', 'read', capsule, '--last', '1', '--proof']).proof.heartbeat

describe('gdp capsule prove and prove-check', () => {
  let name = ''

  it('proves that a later tree extends an earlier one, with the writer\'s heartbeats where the store has them', () => {
    ok(['keys', 'generate'])
    name = json(['capsule', 'create']).name
    ok(['capsule', 'append', name, 'a', 'b'])
    ok(['capsule', 'append', name, 'c'])
    ok(['capsule', 'append', name, 'd', 'e'])
    const doc = json(['capsule', 'prove', name, '--from', '2', '--to', '5'])
    expect(doc).toMatchObject({ capsule: name, fromSize: 2, toSize: 5 })
    for (const field of ['metadata', 'fromRoot', 'toRoot', 'consistency', 'fromHeartbeat', 'toHeartbeat']) expect(doc[field], field).toMatch(base64url)
    writeFileSync(join(dir.path, 'p.json'), JSON.stringify(doc))
    expect(json(['capsule', 'prove-check', 'p.json'])).toEqual({ capsule: name, fromSize: 2, toSize: 5, valid: true, fromSigned: true, toSigned: true })
    expect(ok(['capsule', 'prove-check', '-'], JSON.stringify(doc))).toMatch(/^valid consistency proof: capsule .* at 5 records extends itself at 2 \(roots signed by the writer at: 2, 5\)\n$/)
    // Sizes where no batch ended: the roots are proven consistent, but neither is the writer's statement.
    const unsigned = json(['capsule', 'prove', name, '--from', '1'])
    expect(unsigned).toMatchObject({ fromSize: 1, toSize: 5, fromHeartbeat: null })
    expect(json(['capsule', 'prove-check', '-'], JSON.stringify(unsigned))).toMatchObject({ valid: true, fromSigned: false, toSigned: true })
    expect(ok(['capsule', 'prove', name, '--from', '3'])).toMatch(/extends itself at 3 \(\d hashes\)\nfrom root [A-Za-z0-9_-]{43} {2}\(the writer's heartbeat is included\)/)
    // A one-hash proof is '1 hash' (it said '1 hashes').
    expect(ok(['capsule', 'prove', name, '--from', '1', '--to', '2'])).toMatch(/^consistency proof: capsule \S+ at 2 records extends itself at 1 \(1 hash\)\n/)
  })

  it('reads standard base64 too, and refuses a proof that does not hold', () => {
    const doc = json(['capsule', 'prove', name, '--from', '2', '--to', '5'])
    const standard = { ...doc, consistency: Buffer.from(doc.consistency, 'base64url').toString('base64') }
    expect(json(['capsule', 'prove-check', '-'], JSON.stringify(standard)).valid).toBe(true)
    const cases: Array<[object, RegExp]> = [
      [{ ...doc, toRoot: doc.fromRoot, toHeartbeat: null }, /InvalidProofError: the tree of 5 records is not shown to extend the tree of 2/],
      [{ ...doc, toSize: 4, toHeartbeat: null }, /InvalidProofError: the consistency proof is from size 2 to 5, the document says 2 to 4/],
      [{ ...doc, fromRoot: doc.toRoot }, /InvalidProofError: fromHeartbeat states size 2 and another root/],
      [{ ...doc, capsule: 'A'.repeat(43) }, /InvalidProofError: the document names capsule A+, its metadata is capsule/],
      [{ ...doc, consistency: doc.consistency + '!' }, /InvalidArgumentError: proof document 'consistency' is neither base64url nor base64/],
      [{ ...doc, fromSize: 0 }, /'fromSize' must be an integer of at least 1/]
    ]
    for (const [bad, message] of cases) {
      const r = gdp(['capsule', 'prove-check', '-'], JSON.stringify(bad))
      expect(r.code, message.source).toBe(1)
      expect(r.err, message.source).toMatch(message)
    }
    expect(gdp(['capsule', 'prove-check', '-'], 'not json').err).toMatch(/InvalidArgumentError: not a proof document/)
    expect(gdp(['capsule', 'prove', name, '--from', '0']).err).toMatch(/--from must be an integer >= 1/)
    expect(gdp(['capsule', 'prove', name, '--from', '3', '--to', '2'])).toMatchObject({ code: 2, err: expect.stringMatching(/^gdp: --from 3 is past --to 2: a proof goes from the smaller size to the larger\n/) })
    expect(gdp(['capsule', 'prove', name, '--from', '3', '--to', '6']).err).toBe('gdp: InvalidArgumentError: the capsule has 5 records; --to 6 is past them\n')
    expect(gdp(['capsule', 'prove', name, '--from', '6']).err).toBe('gdp: InvalidArgumentError: the capsule has 5 records; --from 6 is past them\n')
    expect(gdp(['capsule', 'prove', name, '--to', '2']).err).toMatch(/--from <size> is required/)
  })
})

describe('gdp capsule heartbeat-check: matches, ahead, contradicts', () => {
  let name = ''

  it('a heartbeat the store holds matches (exit 0), in base64url or base64', () => {
    name = json([...signing('h'), 'capsule', 'create']).name
    ok([...signing('h'), 'capsule', 'append', name, 'one', 'two'])
    const hb = head('h', name)
    expect(hb).toMatch(base64url)
    expect(json([...store('h'), 'capsule', 'heartbeat-check', name, hb])).toEqual({ size: 2, signatureValid: true, status: 'matches', matchesStore: true, storedSize: 2, forkProof: null })
    expect(gdp([...store('h'), 'capsule', 'heartbeat-check', name, Buffer.from(hb, 'base64url').toString('base64')]).code).toBe(0)
  })

  it('an honest heartbeat beyond the store is ahead (exit 3), not a contradiction', () => {
    ok([...store('h'), 'capsule', 'export', name, '--out', 'h2.gdpx'])
    ok([...store('behind'), 'capsule', 'import', 'h2.gdpx'])
    ok([...signing('h'), 'capsule', 'append', name, 'three'])
    const r = gdp([...store('behind'), 'capsule', 'heartbeat-check', name, head('h', name)])
    expect(r.code).toBe(3)
    expect(r.out).toBe('heartbeat at size 3: signature valid, ahead of the stored capsule (2 records): it cannot be checked against it yet\n')
    expect(JSON.parse(gdp([...store('behind'), 'capsule', 'heartbeat-check', name, head('h', name), '--json']).out)).toMatchObject({ status: 'ahead', matchesStore: false, storedSize: 2 })
  })

  it('a forked heartbeat contradicts (exit 4) and makes a fork proof, of equal sizes or not', () => {
    ok([...store('fork'), 'capsule', 'import', 'h2.gdpx'])
    ok([...signing('fork'), 'capsule', 'append', name, 'EVIL'])
    const forked = head('fork', name)
    const same = gdp([...store('h'), 'capsule', 'heartbeat-check', name, forked, '--fork-proof', 'same.fork-proof'])
    expect(same.code).toBe(4)
    expect(same.out).toMatch(/^heartbeat at size 3: signature valid, CONTRADICTS the stored capsule: its writer forked it; fork proof written to same.fork-proof\n$/)
    expect(json(['capsule', 'fork-check', 'same.fork-proof'])).toMatchObject({ kind: 'same-size', position: 2, valid: true })
    // A forked heartbeat at a size the store has no heartbeat for: the store's head and its record 4 prove it.
    ok([...signing('fork'), 'capsule', 'append', name, 'X', 'Y'])
    ok([...signing('h'), 'capsule', 'append', name, 'four', 'five', 'six'])
    const longer = JSON.parse(gdp([...store('h'), 'capsule', 'heartbeat-check', name, head('fork', name), '--fork-proof', 'diverged.fork-proof', '--json']).out)
    expect(longer).toMatchObject({ size: 5, status: 'contradicts', matchesStore: false, storedSize: 6, forkProof: 'diverged.fork-proof' })
    expect(json(['capsule', 'fork-check', '-'], readFileSync(join(dir.path, 'diverged.fork-proof')))).toMatchObject({ kind: 'diverged', position: 4 })
    expect(gdp([...store('h'), 'capsule', 'heartbeat-check', name, forked]).out).toMatch(/\(--fork-proof <file> writes the fork proof\)\n$/)
    // A --fork-proof that cannot be written is refused before the check, naming that option (it was refused after,
    // as "--out", and the fork found went unsaid; found by attacking the command line).
    for (const [where, why] of [['.', '--fork-proof . is a folder; name a file'], ['no-such-folder/f.fork-proof', '--fork-proof no-such-folder/f.fork-proof: no folder no-such-folder']]) {
      const refused = gdp([...store('h'), 'capsule', 'heartbeat-check', name, forked, '--fork-proof', where!])
      expect(refused.code, where).toBe(1)
      expect(refused.err, where).toBe(`gdp: InvalidArgumentError: ${why}\n`)
    }
  })

  it('what is not a heartbeat of the capsule is an error (exit 1)', () => {
    const cases: Array<[string, RegExp]> = [
      ['not*base64', /InvalidArgumentError: the heartbeat is neither base64url nor base64/],
      ['AAAA', /MalformedMessageError: signed heartbeat/],
      [head('data', JSON.parse(ok(['capsule', 'list', '--json']).trim().split('\n')[0]!).name), /InvalidSignatureError: heartbeat is for capsule/]
    ]
    for (const [text, message] of cases) {
      const r = gdp([...store('h'), 'capsule', 'heartbeat-check', name, text])
      expect(r.code, text).toBe(1)
      expect(r.err, text).toMatch(message)
    }
    expect(ok(['capsule', 'heartbeat-check', '--help'])).toMatch(/exit status: 0 it matches the store; 3 it is ahead of the store/)
  })
})

describe('gdp capsule import: every diverging file leaves a fork proof', () => {
  it('a longer file that diverges before the store\'s end is refused with a proof fork-check accepts', () => {
    const name = json([...signing('i'), 'capsule', 'create']).name
    ok([...signing('i'), 'capsule', 'append', name, 'a', 'b', 'c'])
    ok([...store('i'), 'capsule', 'export', name, '--out', 'i3.gdpx'])
    ok([...store('i2'), 'capsule', 'import', 'i3.gdpx'])
    ok([...signing('i'), 'capsule', 'append', name, 'd'])
    ok([...signing('i2'), 'capsule', 'append', name, 'X', 'e', 'f'])
    ok([...store('i2'), 'capsule', 'export', name, '--out', 'longer.gdpx'])
    const r = gdp([...store('i'), 'capsule', 'import', 'longer.gdpx'])
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/ForkDetectedError: capsule .* forked at or before record 3: .*; fork proof written to longer.gdpx.fork-proof/)
    expect(json(['capsule', 'fork-check', 'longer.gdpx.fork-proof'])).toMatchObject({ kind: 'diverged', position: 3, valid: true })
    expect(json([...store('i'), 'capsule', 'info', name]).size).toBe(4)
    writeFileSync(join(dir.path, 'junk.fork-proof'), 'junk')
    expect(gdp(['capsule', 'fork-check', 'junk.fork-proof']).code).toBe(1)
  })
})

// Found by an audit of the command line's inputs: fork-check and prove-check read their input whole before looking
// at it, so an endless one (`yes |`, a FIFO, /dev/zero) was held until memory ran out.
describe('gdp capsule fork-check and prove-check read at most what a proof holds', () => {
  it(`a fork proof is at most ${MAX_FORK_PROOF_BYTES} bytes, its metadata the largest and its inclusion proof the longest`, () => {
    const key = { algorithm: 'ed25519' as const, key: new Uint8Array(32) }
    const metadata = (valueLength: number): CapsuleMetadata => ({
      owner: key, writer: key, createdAtUs: 2 ** 52, expiresAtUs: Number.MAX_SAFE_INTEGER, replication: { replicas: 16, writeQuorum: 16 },
      appFields: [{ key: 'k'.repeat(256), value: new Uint8Array(valueLength) }], nonce: new Uint8Array(MAX_NONCE_LENGTH)
    })
    // The value that makes the metadata MAX_METADATA_LENGTH bytes encoded, the most it may be.
    const valueLength = 2 * MAX_METADATA_LENGTH - 1000 - encodeMetadata(metadata(MAX_METADATA_LENGTH - 1000)).length
    expect(encodeMetadata(metadata(valueLength)).length).toBe(MAX_METADATA_LENGTH)
    const heartbeat: SignedHeartbeat = {
      heartbeat: { capsule: new Uint8Array(32), size: Number.MAX_SAFE_INTEGER, root: new Uint8Array(32), lastRecordHash: new Uint8Array(32), timestampUs: Number.MAX_SAFE_INTEGER },
      signature: new Uint8Array(64)
    }
    const largest = encodeForkProof({
      metadata: { metadata: metadata(valueLength), ownerSignature: new Uint8Array(64) },
      first: heartbeat,
      second: heartbeat,
      divergence: { proof: { index: Number.MAX_SAFE_INTEGER - 1, treeSize: Number.MAX_SAFE_INTEGER, path: Array.from({ length: MAX_PROOF_PATH }, () => new Uint8Array(32)) }, recordHash: new Uint8Array(32) }
    })
    expect(largest.length).toBeLessThanOrEqual(MAX_FORK_PROOF_BYTES)
    // A proof document holds as much in base64, 4/3 as long, and a few names of JSON.
    expect(Math.ceil(largest.length * 4 / 3) + 4096).toBeLessThanOrEqual(MAX_PROOF_DOCUMENT_BYTES)
  })

  it('reads a file of the limit; one byte more is refused by its size', () => {
    writeFileSync(join(dir.path, 'at-limit.fork-proof'), Buffer.alloc(MAX_FORK_PROOF_BYTES))
    expect(gdp(['capsule', 'fork-check', 'at-limit.fork-proof']).err).toMatch(/MalformedMessageError/)
    writeFileSync(join(dir.path, 'one-past.fork-proof'), Buffer.alloc(MAX_FORK_PROOF_BYTES + 1))
    expect(gdp(['capsule', 'fork-check', 'one-past.fork-proof']).err).toBe(`gdp: InvalidArgumentError: one-past.fork-proof is over ${MAX_FORK_PROOF_BYTES} bytes, more than a fork proof holds\n`)
    writeFileSync(join(dir.path, 'at-limit.json'), `"${' '.repeat(MAX_PROOF_DOCUMENT_BYTES - 2)}"`)
    expect(gdp(['capsule', 'prove-check', 'at-limit.json']).err).toBe('gdp: InvalidArgumentError: not a proof document: it is not a JSON object\n')
    expect(gdp(['capsule', 'prove-check', '-'], Buffer.alloc(MAX_PROOF_DOCUMENT_BYTES + 1, 0x20)).err).toBe(`gdp: InvalidArgumentError: stdin is over ${MAX_PROOF_DOCUMENT_BYTES} bytes, more than a proof document holds\n`)
  })

  it('refuses an endless stdin or FIFO past the limit, without reading on', async () => {
    const fifo = join(dir.path, 'endless.fifo')
    execFileSync('mkfifo', [fifo])
    for (const [args, through, limit] of [[['fork-check', '-'], undefined, MAX_FORK_PROOF_BYTES], [['fork-check', fifo], fifo, MAX_FORK_PROOF_BYTES], [['prove-check', fifo], fifo, MAX_PROOF_DOCUMENT_BYTES]] as const) {
      const run = await gdpWithEndlessInput(dir.path, ['capsule', ...args], 16 * MAX_PROOF_DOCUMENT_BYTES, through)
      expect(run.code, args.join(' ')).toBe(1)
      expect(run.err, args.join(' ')).toMatch(`is over ${limit} bytes`)
      expect(run.written, args.join(' ')).toBeLessThan(limit + 8 * 1024 * 1024)
    }
  }, 60_000)
})
