// The owners' saved byte counts ('O' rows, a server's byte quota) are
// written apart from the records they count. LevelDB dropping part of its
// log at open can take a count's latest save and keep the records it
// counted: the count was left too low, for good (the server only adds to
// it). A drop at open has them counted again from the capsules.
import { statSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { formatName } from '../../src/capsule/name.js'
import { CapsuleWriter } from '../../src/capsule/writer.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { payload, tempDir, testCapsule } from '../helpers.js'
import { flipByte, newestLog } from './damage-helper.js'

describe('owner usage after LevelDB dropped part of its log at open', () => {
  it('is counted again from the capsules: a count whose last save went with the drop is not left too low', async () => {
    const dir = tempDir('gdp-log-drop-usage-')
    try {
      const t = testCapsule()
      let store = await CapsuleStore.open({ path: dir.path })
      const capsule = await store.create(t.signed)
      const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, capsule.writerState)
      let bytes = 0
      // As a server's capsule service does: each append, then a save of the owner's count.
      for (let i = 0; i < 50; i++) {
        const batch = writer.append([payload(`record ${i} `.repeat(20))], i + 1)
        await capsule.append(batch)
        bytes += batch.records.reduce((n, r) => n + r.header.payloadLength, 0)
        await store.putOwnerUsage([{ owner: t.owner.publicKey, bytes }])
      }
      await store.close()
      // A byte of the last write, the last save of the count: LevelDB drops it, and keeps the append before it.
      const log = newestLog(dir.path)
      flipByte(log, statSync(log).size - 10)
      store = await CapsuleStore.open({ path: dir.path })
      try {
        expect(store.damageAtOpen).toEqual([expect.stringMatching(/^LevelDB dropped part of its log at open/)])
        expect((await store.capsule(t.name)).payloadBytes()).toBe(bytes)
        const usage: Array<{ owner: string, bytes: number | undefined }> = []
        for await (const row of store.ownerUsage()) usage.push({ owner: formatName(row.owner), bytes: row.bytes })
        expect(usage).toEqual([{ owner: formatName(t.owner.publicKey), bytes }])
      } finally {
        await store.close()
      }
    } finally {
      dir.cleanup()
    }
  })
})
