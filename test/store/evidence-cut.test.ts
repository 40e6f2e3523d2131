// The evidence file is what lets a store see its LevelDB folder gone
// backwards. Emptied, or cut short, it was taken for a file torn by a crash
// (or a new one) in silence: the store forgot what it acknowledged. Only a
// crash tears a write: a file shorter than its first line, or shorter than
// it was at a clean close, is refused; a torn tail after a kill -9 is still
// cut off quietly.
import { appendFileSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { capsuleName, newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import { CapsuleWriter } from '../../src/capsule/writer.js'
import { Ed25519Signer } from '../../src/crypto/ed25519.js'
import { StoreEvidenceError } from '../../src/errors.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { CLOSED_FILE, EVIDENCE_FILE } from '../../src/store/evidence.js'
import { tempDir, testCapsule } from '../helpers.js'
import { writeUntilKilled } from './killed-writer.js'

const cleanups: Array<() => void> = []
afterEach(() => { for (const c of cleanups.splice(0)) c() })

/** A store holding a capsule of 30 records, written in three sessions (three groups of evidence), closed cleanly. */
async function threeSessions (): Promise<{ path: string, file: string, name: Uint8Array }> {
  const dir = tempDir('gdp-evidence-cut-')
  cleanups.push(dir.cleanup)
  const t = testCapsule()
  for (let session = 0; session < 3; session++) {
    const store = await CapsuleStore.open({ path: dir.path })
    const capsule = await store.create(t.signed)
    const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, capsule.writerState)
    await capsule.append(writer.append(Array.from({ length: 10 }, (_, i) => Buffer.from(`record ${session}.${i}`)), session + 1))
    await store.close()
  }
  return { path: dir.path, file: join(dir.path, EVIDENCE_FILE), name: t.name }
}

async function sizeAfterOpen (path: string, name: Uint8Array): Promise<number> {
  const store = await CapsuleStore.open({ path })
  try {
    expect(store.damageAtOpen).toEqual([])
    return (await store.capsule(name)).size
  } finally {
    await store.close()
  }
}

const noteDamagedToo = (path: string): string => `. Its groups all verify, to its end: so a file cut between two groups reads, and so does a whole file beside a damaged ${join(path, CLOSED_FILE)} (its length has no checksum); ` +
  `where nothing cut the file, delete ${join(path, CLOSED_FILE)} instead: the file is then read as after a crash, and every claim in it kept`
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

describe('an evidence file emptied or cut short', () => {
  it.each([['emptied', 0, 'holds 0 bytes, less than its 15-byte first line'], ['cut inside its first line', 7, 'holds 7 bytes, less than its 15-byte first line']])('%s is refused naming the file and the way out; deleted, the store opens', async (_, length, said) => {
    const { path, file, name } = await threeSessions()
    truncateSync(file, length)
    const refused = await CapsuleStore.open({ path }).catch((err: unknown) => err)
    expect(refused).toBeInstanceOf(StoreEvidenceError)
    expect((refused as StoreEvidenceError).namesWayOut).toBe(true)
    expect((refused as Error).message).toBe(`the evidence file ${file} ${said}, which is written whole before the file is used: it was emptied or cut short, so the store no longer knows what it acknowledged, and would not see its LevelDB folder gone backwards. Restore the file from a backup of the store, or delete it to serve what the store holds, checked against nothing it acknowledged before (for every capsule)`)
    // Refused again, not forgotten by the refusal.
    await expect(CapsuleStore.open({ path })).rejects.toThrow(StoreEvidenceError)
    rmSync(file)
    expect(await sizeAfterOpen(path, name)).toBe(30)
  })

  it.each([['inside its last group', 20], ['at its last group\'s start', 4 + 72 + 8]])('cut %s after a clean close is refused: only a crash tears a write', async (_, cut) => {
    const { path, file, name } = await threeSessions()
    // A session that only reads leaves the note of the clean close as it was.
    expect(await sizeAfterOpen(path, name)).toBe(30)
    const whole = readFileSync(file)
    truncateSync(file, whole.length - cut)
    // Cut between two groups, it reads whole: that the note may be what was damaged is said too.
    const noteSaid = cut === 20 ? '' : noteDamagedToo(path)
    await expect(CapsuleStore.open({ path })).rejects.toThrow(new StoreEvidenceError(`the evidence file ${file} holds ${whole.length - cut} bytes, where the store closed cleanly with ${whole.length} (${join(path, CLOSED_FILE)}) and has not written to it since (only a crash tears a write): it was emptied or cut short, so the store no longer knows what it acknowledged, and would not see its LevelDB folder gone backwards. Restore the file from a backup of the store, or delete it to serve what the store holds, checked against nothing it acknowledged before (for every capsule)${noteSaid}`, { namesWayOut: true }))
    // Put back whole, it opens and claims on.
    writeFileSync(file, whole)
    expect(await sizeAfterOpen(path, name)).toBe(30)
    expect(statSync(file).size).toBe(whole.length)
  })

  // Found by attacking the disk: a digit flipped in the note had a whole file refused as cut short, and the way out
  // said, deleting the file, forgot what the store acknowledged.
  it('a whole file beside a note damaged to a greater length: the refusal says the note may be what was damaged; the note deleted, every claim is kept', async () => {
    const { path, file, name } = await threeSessions()
    expect(await sizeAfterOpen(path, name)).toBe(30)
    const note = join(path, CLOSED_FILE)
    const length = readFileSync(note, 'latin1').trim()
    writeFileSync(note, `9${length.slice(1)}\n`)
    const refused = await CapsuleStore.open({ path }).catch((err: unknown) => err)
    expect(refused).toBeInstanceOf(StoreEvidenceError)
    expect((refused as Error).message).toMatch(new RegExp(`^the evidence file ${file} holds ${length} bytes, where the store closed cleanly with 9${length.slice(1)} .*${escapeRegExp(noteDamagedToo(path))}$`))
    rmSync(note)
    expect(await sizeAfterOpen(path, name)).toBe(30)
    // The file as it was, every claim in it kept.
    expect(readFileSync(file).length).toBe(Number(length))
  })

  it('a last group damaged after a clean close is damage said as such, not a torn tail cut in silence', async () => {
    const { path, file, name } = await threeSessions()
    const bytes = readFileSync(file)
    bytes[bytes.length - 20]! ^= 1
    writeFileSync(file, bytes)
    const store = await CapsuleStore.open({ path })
    try {
      expect(store.damageAtOpen).toEqual([expect.stringMatching(new RegExp(`^the evidence file ${file} was damaged \\(bytes ${bytes.length - 84} to ${bytes.length - 1} fail their checksum, where the store closed cleanly with them whole\\)`))])
      expect((await store.capsule(name)).size).toBe(30)
    } finally {
      await store.close()
    }
  })

  it('a process killed (kill -9) leaves no note of a clean close: a torn tail is then cut off quietly, and nothing acknowledged is lost', async () => {
    const dir = tempDir('gdp-evidence-killed-')
    cleanups.push(dir.cleanup)
    const t = testCapsule()
    const writerSeed = Buffer.alloc(32, 5)
    const writer = new Ed25519Signer(writerSeed)
    const metadata = newMetadata({ owner: t.owner.publicKey, writer: writer.publicKey, createdAtUs: 1, nonce: new Uint8Array(3) })
    const signed = signMetadata(metadata, t.owner)
    // Closed cleanly once, so that the killed process's open found (and removed) the note.
    const first = await CapsuleStore.open({ path: dir.path })
    await first.create(signed)
    await first.close()
    const { acked, signal } = await writeUntilKilled(dir.path, signed, writerSeed, 500)
    expect(signal).toBe('SIGKILL')
    const file = join(dir.path, EVIDENCE_FILE)
    const length = statSync(file).size
    // A group torn as a crash tears it: its count and part of one claim.
    appendFileSync(file, Buffer.from([0, 0, 0, 1, 7, 7, 7]))
    const store = await CapsuleStore.open({ path: dir.path })
    try {
      expect(store.damageAtOpen).toEqual([])
      expect(statSync(file).size).toBe(length)
      const capsule = await store.capsule(capsuleName(metadata))
      expect(capsule.size).toBeGreaterThanOrEqual(acked)
    } finally {
      await store.close()
    }
  }, 90_000)
})
