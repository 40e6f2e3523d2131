import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Evidence, EVIDENCE_FILE } from '../../src/store/evidence.js'
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
