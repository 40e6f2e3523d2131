// src/kv/recent-records.ts: records near capsules' tips, read once for all the watches that ask, within a count and a byte budget.
import { describe, expect, it } from 'vitest'
import type { RecordHead } from '../../src/capsule/types.js'
import { RecentRecords, type WatchedRecord } from '../../src/kv/recent-records.js'
import { rejection } from '../helpers.js'

const watched = (seqno: number, bytes: number): WatchedRecord => ({ record: { header: { seqno, payloadLength: bytes } } as unknown as RecordHead, kv: undefined })

describe('RecentRecords', () => {
  it('reads a record once for everyone who asks, while the read is under way and once it is kept', async () => {
    const recent = new RecentRecords()
    let reads = 0
    let finish!: () => void
    const read = async (): Promise<WatchedRecord> => { reads++; await new Promise<void>((resolve) => { finish = resolve }); return watched(7, 10) }
    const asked = [recent.get('c', 7, read), recent.get('c', 7, read), recent.get('c', 7, read)]
    finish()
    const got = await Promise.all(asked)
    expect(reads).toBe(1)
    expect(new Set(got).size).toBe(1)
    expect(await recent.get('c', 7, read)).toBe(got[0])
    expect(reads).toBe(1)
  })

  it('keeps no failed read: the next one reads again', async () => {
    const recent = new RecentRecords()
    expect((await rejection(recent.get('c', 1, async () => { throw new Error('unreadable') }))).message).toBe('unreadable')
    expect((await recent.get('c', 1, async () => watched(1, 1))).record.header.seqno).toBe(1)
  })

  it('keeps the latest records within its count and its bytes, at and past each limit', async () => {
    const recent = new RecentRecords(3, 100)
    let reads = 0
    const get = async (seqno: number, bytes = 10): Promise<WatchedRecord> => await recent.get('c', seqno, async () => { reads++; return watched(seqno, bytes) })
    for (const seqno of [1, 2, 3]) await get(seqno)
    await get(1)
    expect(reads).toBe(3) // 3 kept: at the count
    await get(4)
    await get(1)
    expect(reads).toBe(5) // the fourth pushed out the oldest, 1, read again (pushing out 2)
    await get(3)
    expect(reads).toBe(5)
    // 100 bytes at most: a record of 90 leaves room for one of 10; the one just read stays even when larger than all.
    await get(5, 90)
    await get(3)
    expect(reads).toBe(7)
    await get(6, 500)
    await get(6)
    expect(reads).toBe(8)
  })

  it('keeps the records of several capsules within one budget, each by its capsule and seqno; forgets one capsule\'s alone', async () => {
    const recent = new RecentRecords(10, 100)
    let reads = 0
    const get = async (capsule: string, seqno: number, bytes = 40): Promise<WatchedRecord> => await recent.get(capsule, seqno, async () => { reads++; return watched(seqno, bytes) })
    await get('a', 1)
    await get('b', 1)
    expect(reads).toBe(2) // the same seqno of another capsule is another record
    expect(recent.bytes).toBe(80)
    await get('c', 1)
    expect(recent.bytes).toBe(80) // a's went: 120 bytes is past the budget
    await get('b', 1)
    expect(reads).toBe(3)
    recent.forget('b')
    expect(recent.bytes).toBe(40)
    await get('c', 1)
    await get('b', 1)
    expect(reads).toBe(4)
  })
})
