import { appendFileSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CLOSED_FILE, Evidence, EVIDENCE_FILE } from '../../src/store/evidence.js'
import { tempDir, testCapsule } from '../helpers.js'

const cleanups: Array<() => void> = []
afterEach(() => { for (const c of cleanups.splice(0)) c() })

function folder (): string {
  const dir = tempDir()
  cleanups.push(dir.cleanup)
  return dir.path
}

/** A heartbeat hash; read back, hashes are Buffers. */
const hash = (n: number): Buffer => Buffer.alloc(32, n % 256)

describe('the evidence file', async () => {
  it('keeps the latest claim of each capsule across reopening', async () => {
    const path = folder()
    const [a, b] = [testCapsule().name, testCapsule().name]
    let evidence = Evidence.open(path, false)
    evidence.record([{ name: a, size: 10, heartbeatHash: hash(1) }, { name: b, size: 3, heartbeatHash: hash(2) }])
    evidence.record([{ name: a, size: 20, heartbeatHash: hash(3) }])
    await evidence.close()
    evidence = Evidence.open(path, false)
    expect(evidence.get(a)).toMatchObject({ size: 20, heartbeatHash: hash(3) })
    expect(evidence.get(b)).toMatchObject({ size: 3, heartbeatHash: hash(2) })
    await evidence.close()
  })

  it('stops reading at a group that does not check, and cuts it off: damage makes it lag, never invents a claim', async () => {
    const path = folder()
    const a = testCapsule().name
    let evidence = Evidence.open(path, false)
    evidence.record([{ name: a, size: 10, heartbeatHash: hash(1) }])
    await evidence.close() // claims recorded together share a group: close to end one
    evidence = Evidence.open(path, false)
    evidence.record([{ name: a, size: 20, heartbeatHash: hash(2) }])
    await evidence.close()
    const file = join(path, EVIDENCE_FILE)
    const bytes = readFileSync(file)
    bytes[bytes.length - 20]! ^= 1 // inside the second group
    writeFileSync(file, bytes)
    evidence = Evidence.open(path, false)
    expect(evidence.get(a)?.size).toBe(10)
    evidence.record([{ name: a, size: 30, heartbeatHash: hash(3) }])
    await evidence.close()
    appendFileSync(file, Buffer.from([0, 0, 0, 1, 7])) // a torn group
    evidence = Evidence.open(path, false)
    expect(evidence.get(a)?.size).toBe(30)
    await evidence.close()
  })

  /** A file of three groups: a at 10 and b at 5, then a at 20, then c at 7. */
  async function threeGroups (path: string, [a, b, c]: Uint8Array[]): Promise<void> {
    for (const claims of [[{ name: a!, size: 10, heartbeatHash: hash(1) }, { name: b!, size: 5, heartbeatHash: hash(2) }], [{ name: a!, size: 20, heartbeatHash: hash(3) }], [{ name: c!, size: 7, heartbeatHash: hash(4) }]]) {
      const evidence = Evidence.open(path, false)
      evidence.record(claims)
      await evidence.close() // claims recorded together share a group: close to end one
    }
  }

  const damagedCopies = (path: string): string[] => readdirSync(path).filter((f) => f.startsWith(`${EVIDENCE_FILE}.damaged-`))

  // The first group is bytes 15 (after the magic line) to 170: a count, two claims of 72 bytes, a checksum.
  it.each([['a claim', 15 + 4 + 10], ['its count', 15 + 3]])('damage to %s of the first group keeps the later groups that verify, keeps the damaged file aside and says so', async (_, offset) => {
    const path = folder()
    const names = [testCapsule().name, testCapsule().name, testCapsule().name]
    await threeGroups(path, names)
    const file = join(path, EVIDENCE_FILE)
    const bytes = readFileSync(file)
    bytes[offset]! ^= 1
    writeFileSync(file, bytes)
    let evidence = Evidence.open(path, false)
    expect(evidence.get(names[0]!)).toMatchObject({ size: 20, heartbeatHash: hash(3) })
    expect(evidence.get(names[2]!)).toMatchObject({ size: 7, heartbeatHash: hash(4) })
    // Claimed only in the damaged group: lost, never invented.
    expect(evidence.get(names[1]!)).toBeUndefined()
    expect(evidence.damage).toMatch(/bytes 15 to 170 fail their checksum.*the 2 claims that verify were kept; the damaged file is kept as .*GDP-EVIDENCE\.damaged-/)
    const [copy] = damagedCopies(path)
    expect(readFileSync(join(path, copy!))).toEqual(bytes)
    evidence.record([{ name: names[2]!, size: 8, heartbeatHash: hash(5) }])
    await evidence.close()
    // Written again whole: the next open finds no damage.
    evidence = Evidence.open(path, false)
    expect(evidence.damage).toBeUndefined()
    expect(evidence.get(names[0]!)?.size).toBe(20)
    expect(evidence.get(names[2]!)?.size).toBe(8)
    await evidence.close()
    expect(damagedCopies(path)).toEqual([copy])
  })

  // Readers reject integers of 2^53 or more (docs/spec.md): such a size was read inexactly as a number, and taken.
  it.each([2n ** 53n, 2n ** 64n - 2n])('a claim of %s records, with a checksum that holds (a tampered file), is damage: dropped and said, the claims before it kept', async (size) => {
    const path = folder()
    const [a, b] = [testCapsule().name, testCapsule().name]
    let evidence = Evidence.open(path, false)
    evidence.record([{ name: a, size: 10, heartbeatHash: hash(1) }])
    await evidence.close()
    const claims = Buffer.alloc(4 + 2 * (a.length + 8 + 32))
    claims.writeUInt32BE(2, 0)
    Buffer.from(a).copy(claims, 4)
    claims.writeBigUInt64BE(size, 4 + a.length)
    Buffer.from(b).copy(claims, 4 + a.length + 40)
    claims.writeBigUInt64BE(7n, 4 + a.length + 40 + a.length)
    const file = join(path, EVIDENCE_FILE)
    appendFileSync(file, Buffer.concat([claims, createHash('sha256').update(claims).digest().subarray(0, 8)]))
    rmSync(join(path, CLOSED_FILE))
    evidence = Evidence.open(path, false)
    expect(evidence.get(a)?.size).toBe(10)
    expect(evidence.get(b)?.size).toBe(7)
    expect(evidence.damage).toContain(`a claim states ${size} records for a capsule, 2^53 or more, which no store writes`)
    await evidence.close()
  })

  it('a damaged magic line keeps the groups that verify, and the damaged file aside', async () => {
    const path = folder()
    const names = [testCapsule().name, testCapsule().name, testCapsule().name]
    await threeGroups(path, names)
    const file = join(path, EVIDENCE_FILE)
    const bytes = readFileSync(file)
    bytes[2]! ^= 1
    writeFileSync(file, bytes)
    const evidence = Evidence.open(path, false)
    expect(evidence.get(names[0]!)?.size).toBe(20)
    expect(evidence.get(names[1]!)?.size).toBe(5)
    expect(evidence.damage).toMatch(/its magic line is damaged/)
    expect(damagedCopies(path)).toHaveLength(1)
    await evidence.close()
  })

  it('a torn tail (a group partly written by a crash) is cut off quietly, the claims before it kept', async () => {
    const path = folder()
    const names = [testCapsule().name, testCapsule().name, testCapsule().name]
    await threeGroups(path, names)
    const file = join(path, EVIDENCE_FILE)
    const whole = statSync(file).size
    // The last group (84 bytes) as a crash leaves it: only its first 50 bytes written, and no note of a clean close.
    writeFileSync(file, readFileSync(file).subarray(0, whole - 34))
    rmSync(join(path, CLOSED_FILE))
    const evidence = Evidence.open(path, false)
    expect(evidence.damage).toBeUndefined()
    expect(evidence.get(names[0]!)?.size).toBe(20)
    expect(evidence.get(names[1]!)?.size).toBe(5)
    expect(evidence.get(names[2]!)).toBeUndefined()
    expect(statSync(file).size).toBe(whole - 84)
    expect(damagedCopies(path)).toEqual([])
    await evidence.close()
  })

  it('forgets a capsule: its claims are gone after reopening, whether they reached the file or were still waiting', async () => {
    const path = folder()
    const [written, waiting, kept] = [testCapsule(1).name, testCapsule(2).name, testCapsule(3).name]
    let evidence = Evidence.open(path, false)
    evidence.record([{ name: written, size: 10, heartbeatHash: hash(1) }, { name: kept, size: 4, heartbeatHash: hash(2) }])
    await evidence.close()
    evidence = Evidence.open(path, false)
    evidence.forget(written)
    evidence.record([{ name: waiting, size: 3, heartbeatHash: hash(3) }])
    evidence.forget(waiting)
    expect([evidence.get(written), evidence.get(waiting)]).toEqual([undefined, undefined])
    await evidence.close()
    evidence = Evidence.open(path, false)
    expect([evidence.get(written), evidence.get(waiting)]).toEqual([undefined, undefined])
    expect(evidence.get(kept)).toMatchObject({ size: 4, heartbeatHash: hash(2) })
    expect(evidence.claimedNames()).toEqual([kept])
    await evidence.close()
  })

  it('stays bounded while capsules come and go: 100,000 created and forgotten one after another leave a file of about its 4 MiB rewrite size, claiming none', async () => {
    const path = folder()
    let evidence = Evidence.open(path, false)
    const kept = testCapsule(0).name
    evidence.record([{ name: kept, size: 1, heartbeatHash: hash(1) }])
    for (let i = 1; i <= 100_000; i++) {
      const name = Buffer.alloc(32)
      name.writeUInt32BE(i)
      evidence.record([{ name, size: i, heartbeatHash: hash(i) }])
      // Deleted after some writes in between, as a capsule that lived a while.
      if (i % 100 === 0) {
        for (let j = i - 99; j <= i; j++) {
          const gone = Buffer.alloc(32)
          gone.writeUInt32BE(j)
          evidence.forget(gone)
        }
        await new Promise((resolve) => setTimeout(resolve, 0))
      }
    }
    await evidence.close()
    // 100,000 claims and as many forgettings: 14.4 MB written in all; 7.2 MB of claims had they been kept. Past 4 MiB,
    // the file is rewritten once a write finds it twice its content: it ends under 4 MiB and the groups written since.
    expect(statSync(join(path, EVIDENCE_FILE)).size).toBeLessThan(5 << 20)
    evidence = Evidence.open(path, false)
    expect(evidence.claimedNames()).toEqual([kept])
    await evidence.close()
  })

  it('is rewritten once it is mostly stale claims, keeping the latest of each', async () => {
    const path = folder()
    const names = [testCapsule().name, testCapsule().name]
    let evidence = Evidence.open(path, false)
    for (let size = 1; size <= 60_000; size++) evidence.record([{ name: names[size % 2]!, size, heartbeatHash: hash(size) }])
    await evidence.close()
    expect(statSync(join(path, EVIDENCE_FILE)).size).toBeLessThan(4 << 20)
    evidence = Evidence.open(path, false)
    expect(evidence.get(names[0]!)).toMatchObject({ size: 60_000, heartbeatHash: hash(60_000) })
    expect(evidence.get(names[1]!)?.size).toBe(59_999)
    await evidence.close()
  })
})

describe('an evidence file that is a symbolic link to nothing', () => {
  // Found by attacking a server's disk: taken for a deleted file (the operator's choice), it was replaced by a new one
  // in silence, and the store forgot what it acknowledged of every capsule.
  it('is refused naming it and where it points, and left where it is; put back, its claims are read', async () => {
    const dir = tempDir()
    try {
      const name = testCapsule().name
      const evidence = Evidence.open(dir.path, false)
      evidence.record([{ name, size: 7, heartbeatHash: new Uint8Array(32).fill(7) }])
      await evidence.close()
      const path = join(dir.path, EVIDENCE_FILE)
      const elsewhere = join(dir.path, 'unmounted', EVIDENCE_FILE)
      renameSync(path, join(dir.path, 'kept'))
      symlinkSync(elsewhere, path)
      const way = `${path} is a symbolic link to ${elsewhere}, which is not there: it is the store's evidence file, what the store acknowledged of each capsule; put the file back where the link points (a disk not mounted?), or, to forget what the store acknowledged (for every capsule), delete the link`
      expect(() => Evidence.open(dir.path, false)).toThrow(expect.objectContaining({ name: 'StoreAccessError', message: way }))
      expect(lstatSync(path).isSymbolicLink()).toBe(true)
      mkdirSync(join(dir.path, 'unmounted'))
      renameSync(join(dir.path, 'kept'), elsewhere)
      const reopened = Evidence.open(dir.path, false)
      expect(reopened.get(name)?.size).toBe(7)
      await reopened.close()
    } finally {
      dir.cleanup()
    }
  })
})

describe('an evidence file that is a folder', () => {
  it('is refused naming it (EISDIR, which names no path, stopped the node with an internal error)', () => {
    const dir = tempDir()
    try {
      mkdirSync(join(dir.path, EVIDENCE_FILE))
      expect(() => Evidence.open(dir.path, false)).toThrow(`${join(dir.path, EVIDENCE_FILE)} is a folder: the store's evidence file goes there; move the folder away`)
    } finally {
      dir.cleanup()
    }
  })
})
