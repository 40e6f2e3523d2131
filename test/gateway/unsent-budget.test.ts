// File downloads, and answers built whole, under the gateway's budgets of
// bytes held for clients that have not taken them (docs/gateway.md,
// Limits): through the real HTTP stack, clients that stop reading on raw
// sockets, small budgets.
import { randomBytes } from 'node:crypto'
import { describe, expect, it, vi } from 'vitest'
import { formatName } from '../../src/capsule/name.js'
import { FileSystemReader } from '../../src/files/file-system.js'
import { UnsentBudget } from '../../src/gateway/unsent-budget.js'
import { rawConnectionsPerTest, readAtPace } from '../http/raw-connection.js'
import { waitFor } from '../helpers.js'
import { harnessPerTest, request, SHORT_STUCK, TOKEN, type Harness } from './harness.js'
import type { RawConnection } from '../http/raw-connection.js'

const harness = harnessPerTest()
const openRaw = rawConnectionsPerTest()
const MiB = 1024 * 1024

/** A client that asks for `path` and reads nothing. */
async function stalledClient (h: Harness, path: string): Promise<RawConnection> {
  const c = await openRaw(h.gateway.url)
  c.socket.pause()
  c.socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\n\r\n`)
  return c
}

/** A slow server: calls made through `through` wait until `letGo`; `counts` says how many began and ended. */
function slowServer (): { counts: { began: number, ended: number }, letGo: () => void, through: <T>(call: () => Promise<T>) => Promise<T> } {
  let letGo = (): void => {}
  const gate = new Promise<void>((resolve) => { letGo = resolve })
  const counts = { began: 0, ended: 0 }
  return {
    counts,
    letGo: () => { letGo() },
    async through (call) {
      counts.began++
      await gate
      try {
        return await call()
      } finally {
        counts.ended++
      }
    }
  }
}

/** `times` clients that ask for `path` and leave once the slow server has their request. */
async function leavingClients (h: Harness, path: string, server: ReturnType<typeof slowServer>, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    const leaving = await openRaw(h.gateway.url)
    leaving.socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\n\r\n`)
    const began = server.counts.began
    await waitFor(() => server.counts.began > began || undefined, { timeoutMs: 5000, what: 'the slow server to have the request' })
    leaving.socket.destroy()
  }
}

describe('the downloads\' budget', () => {
  // Found by attacking a node: each download read 64 chunks (about 4 MiB) ahead of its client, whether the client read
  // or not, so 200 clients that asked for a 32 MiB file and read nothing took the node's memory up 850 MB, without end
  // but the connection limit (1,024).
  it('holds at most maxDownloadBytes for all downloads; a client that stops reading keeps its download until another needs the room, then the one stuck longest is cut off', async () => {
    const budget = 3 * MiB
    const h = await harness({ maxDownloadBytes: budget, ...SHORT_STUCK })
    const file = randomBytes(24 * MiB)
    const path = `/v1/files/${formatName(h.kv.name)}/fs/big.bin`
    expect((await request(h.gateway, path, { method: 'PUT', body: file })).status).toBe(201)
    let mostHeld = 0
    const sampler = setInterval(() => { mostHeld = Math.max(mostHeld, h.gateway.counters.downloads.heldBytes) }, 5)
    try {
      // A client that asks for the file and reads nothing: its download reads ahead up to the budget, and is left be
      // however long it waits, while no other download needs the room.
      const stalled = await stalledClient(h, path)
      // (How close to the budget it comes depends on the size of its next run of chunks, which did not fit: about 1 MiB.)
      await waitFor(() => h.gateway.counters.downloads.heldBytes >= MiB || undefined, { timeoutMs: 10_000, intervalMs: 10, what: 'the stalled download to read ahead' })
      expect(await stalled.closedWithin(SHORT_STUCK.stuckClientMostMs + 1000)).toBe(false)
      expect(h.gateway.counters.downloads).toMatchObject({ open: 1, closedOverBudget: 0 })
      // A client that reads needs room past the budget: the stalled download is cut off, and the reader gets the whole file.
      const read = await request(h.gateway, path)
      expect(read.status).toBe(200)
      expect(Buffer.compare(read.body, file)).toBe(0)
      expect(h.gateway.counters.downloads.closedOverBudget).toBe(1)
      stalled.socket.resume()
      expect(await stalled.closedWithin(1000)).toBe(true)
      // What the cut-off client got is a start of the file, short of its Content-Length.
      const received = Buffer.from(stalled.received(), 'latin1')
      const body = received.subarray(received.indexOf('\r\n\r\n') + 4)
      expect(received.toString('latin1')).toMatch(/^HTTP\/1\.1 200 /)
      expect(body.length).toBeLessThan(file.length)
      expect(Buffer.compare(body, file.subarray(0, body.length))).toBe(0)
      await waitFor(() => h.gateway.counters.downloads.open === 0 || undefined, { timeoutMs: 3000, intervalMs: 10, what: 'the downloads to end' })
      expect(h.gateway.counters.downloads.heldBytes).toBe(0)
      expect(mostHeld).toBeLessThanOrEqual(budget)
    } finally {
      clearInterval(sampler)
    }
  })

  // Found by attacking the gateway: a download whose client left while its file was looked up began anyway, on a
  // response closed already: nothing let its lease go, and the room it took for its first reads was held for ever.
  it('a download whose client leaves before it begins holds nothing: the whole budget is there for the next', async () => {
    const h = await harness({ maxDownloadBytes: 3 * MiB })
    const file = randomBytes(8 * MiB)
    const path = `/v1/files/${formatName(h.kv.name)}/fs/big.bin`
    expect((await request(h.gateway, path, { method: 'PUT', body: file })).status).toBe(201)
    // The file is looked up slowly (a slow server) until let go.
    const view = FileSystemReader.prototype.view
    const slow = slowServer()
    const spy = vi.spyOn(FileSystemReader.prototype, 'view').mockImplementation(async function (this: FileSystemReader, ...args) { return await slow.through(async () => await view.apply(this, args)) })
    await leavingClients(h, path, slow, 3)
    slow.letGo()
    await waitFor(() => slow.counts.ended === 3 || undefined, { timeoutMs: 3000, what: 'the lookups to end' })
    spy.mockRestore()
    await waitFor(() => (h.gateway.counters.downloads.open === 0 && h.gateway.counters.downloads.heldBytes === 0) || undefined, { timeoutMs: 3000, what: 'the downloads of the clients that left to hold nothing' })
    const read = await request(h.gateway, path)
    expect(read.status).toBe(200)
    expect(Buffer.compare(read.body, file)).toBe(0)
    expect(h.gateway.counters.downloads.closedOverBudget).toBe(0)
  })

  // Found by attacking the gateway: a download pipelined behind another whose connection closed before its turn waited
  // for a 'drain' that never came, its file's reader suspended for good (each such client left one behind).
  it('a download pipelined behind another on a connection that closes before its turn ends, its reader with it', async () => {
    const h = await harness()
    const file = randomBytes(8 * MiB)
    const path = `/v1/files/${formatName(h.kv.name)}/fs/big.bin`
    expect((await request(h.gateway, path, { method: 'PUT', body: file })).status).toBe(201)
    const send = UnsentBudget.prototype.send
    let sending = 0
    const spy = vi.spyOn(UnsentBudget.prototype, 'send').mockImplementation(async function (this: UnsentBudget, ...args) {
      sending++
      try {
        await send.apply(this, args)
      } finally {
        sending--
      }
    })
    try {
      const piped = await openRaw(h.gateway.url)
      piped.socket.pause()
      const ask = `GET ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\n\r\n`
      piped.socket.write(ask + ask)
      await waitFor(() => sending === 2 || undefined, { timeoutMs: 10_000, intervalMs: 10, what: 'both downloads to begin' })
      piped.socket.destroy()
      await waitFor(() => sending === 0 || undefined, { timeoutMs: 5000, intervalMs: 10, what: 'both downloads to end' })
      await waitFor(() => (h.gateway.counters.downloads.open === 0 && h.gateway.counters.downloads.heldBytes === 0) || undefined, { timeoutMs: 3000, what: 'the downloads to hold nothing' })
    } finally {
      spy.mockRestore()
    }
  })

  it('downloads whose clients read are not cut off when the gateway\'s own loop was busy for seconds (5 of 64 reading downloads were, cut short, on a loaded machine)', async () => {
    const h = await harness({ maxDownloadBytes: 3 * MiB })
    const file = randomBytes(24 * MiB)
    const path = `/v1/files/${formatName(h.kv.name)}/fs/big.bin`
    expect((await request(h.gateway, path, { method: 'PUT', body: file })).status).toBe(201)
    // Three readers in this process, each wanting more than the budget leaves: their reads ahead wait for room.
    const reads = [0, 1, 2].map(async () => await request(h.gateway, path))
    await waitFor(() => h.gateway.counters.downloads.heldBytes >= 2 * MiB || undefined, { timeoutMs: 10_000, intervalMs: 1, what: 'the downloads to fill the budget' })
    // The loop busy for 3 s: nothing is read or taken meanwhile, by the gateway or its clients.
    const until = performance.now() + 3000
    while (performance.now() < until);
    for (const read of await Promise.all(reads)) expect(Buffer.compare(read.body, file)).toBe(0)
    expect(h.gateway.counters.downloads.closedOverBudget).toBe(0)
  })

  // Found by attacking the gateway: an answer built whole was held until its client took it, so 30 clients that asked
  // for a page of 16 MiB of records and read nothing took the node's memory up 1.5 GB (some 50 MB each as JSON text
  // and its bytes), without end but the connection limit.
  it('holds at most maxAnswerBytes of answers built whole; past it the one stuck longest is cut off, and while none is stuck a read waits its time and is refused (503), as is an answer built past the room it reserved', async () => {
    // A page reserves 3 MiB before it reads (twice its 1 MiB bound, and 1 MiB for proofs), a payload 1 MiB.
    const h = await harness({ maxAnswerBytes: 24 * MiB, maxReadBytes: MiB, roomWaitMs: 300, ...SHORT_STUCK })
    const writer = await h.client.writer(h.capsule.name, h.capsule.writer)
    await h.client.append(writer, [randomBytes(16 * MiB - 1024)], Date.now() * 1000)
    const page = `/v1/capsules/${formatName(h.capsule.name)}/records?from=0`
    const pageBytes = (await request(h.gateway, page)).body.length
    expect(pageBytes).toBeGreaterThan(21 * MiB)
    // The record's payload: 16 MiB, built past the 1 MiB it reserved, and past the budget beside the page.
    const record = `/v1/capsules/${formatName(h.capsule.name)}/records/0/payload`
    const recordBytes = (await request(h.gateway, record)).body.length
    expect(pageBytes + recordBytes).toBeGreaterThan(24 * MiB)
    // A client that reads nothing holds its page within the budget.
    const stalled = await stalledClient(h, page)
    await waitFor(() => h.gateway.counters.answers.heldBytes === pageBytes || undefined, { timeoutMs: 10_000, intervalMs: 10, what: 'the stalled answer to be held' })
    // A page read that comes within 1 s finds too little room and no client stuck that long: it waits its 300 ms, and
    // is refused, told why.
    const waited = await request(h.gateway, page)
    expect(waited.status).toBe(503)
    expect(waited.json.error).toBe('ServerBusyError')
    expect(waited.json.message).toMatch(/no room for this one within 0\.3 s/)
    // The payload finds room for what it reserved, and is refused once built past it.
    const refused = await request(h.gateway, record)
    expect(refused.status).toBe(503)
    expect(refused.json.error).toBe('ServerBusyError')
    // Without the payload's headers: a cache told to keep it a year, immutable, would keep the refusal.
    expect([refused.headers.get('cache-control'), refused.headers.get('etag')]).toEqual([null, null])
    expect(h.gateway.counters.answers).toMatchObject({ heldBytes: pageBytes, refused: 2, closedOverBudget: 0 })
    // Past 1 s untaken (5 s: its socket took megabytes at once), the stalled answer gives way: cut off short of its
    // length, and the reader gets its payload.
    expect(await stalled.closedWithin(SHORT_STUCK.stuckClientMostMs + 1000)).toBe(false)
    const read = await request(h.gateway, record)
    expect(read.status).toBe(200)
    expect(read.body.length).toBe(recordBytes)
    // (Its answer's lease ends at the response's 'finish', which may come after the client read the last byte: a
    // loaded machine saw it still open.)
    await waitFor(() => h.gateway.counters.answers.open === 0 || undefined, { timeoutMs: 5000, intervalMs: 10, what: 'the payload\'s answer to end' })
    expect(h.gateway.counters.answers).toMatchObject({ closedOverBudget: 1, heldBytes: 0, open: 0 })
    stalled.socket.resume()
    expect(await stalled.closedWithin(1000)).toBe(true)
    const received = Buffer.from(stalled.received(), 'latin1')
    expect(received.toString('latin1', 0, 20)).toMatch(/^HTTP\/1\.1 200 /)
    expect(received.length - received.indexOf('\r\n\r\n') - 4).toBeLessThan(pageBytes)
    // Small answers are not held: the budget does not refuse an error or a little page.
    expect((await request(h.gateway, `/v1/capsules/${formatName(h.capsule.name)}`)).status).toBe(200)
  })

  // Found by attacking the gateway: the kernel buffers megabytes of what a socket sends and lets it write again only
  // once a good part was read, so a client reading 200 KiB/s (above the 128 KiB/s that 256 KiB in 2 s allow) took
  // nothing for 5 s at a time, as the gateway saw it, and was cut off as stuck while others needed the room.
  it('does not cut off an answer whose client reads it at 200 KiB/s, the kernel taking its bytes a megabyte at a time, while others need the room', async () => {
    // The slow answer holds 4 MiB of 6: the others (1.5 MiB each, two at once) need more than is left.
    const h = await harness({ maxAnswerBytes: 6 * MiB, maxReadBytes: MiB, roomWaitMs: 200 })
    const writer = await h.client.writer(h.capsule.name, h.capsule.writer)
    const payloads = [randomBytes(4 * MiB), randomBytes(1.5 * MiB)]
    await h.client.append(writer, payloads, Date.now() * 1000)
    const record = (seq: number): string => `/v1/capsules/${formatName(h.capsule.name)}/records/${seq}/payload`
    const slow = await openRaw(h.gateway.url)
    slow.socket.pause()
    slow.socket.write(`GET ${record(0)} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\n\r\n`)
    // The client reads 200 KiB a second; the loopback's buffers take some 3 MB of the answer at once, so the gateway
    // hands the rest over while the client reads at that pace.
    const reader = readAtPace(slow, 200 * 1024)
    try {
      await waitFor(() => h.gateway.counters.answers.heldBytes >= 4 * MiB || undefined, { timeoutMs: 10_000, intervalMs: 5, what: 'the slow answer to be held' })
      // Others read the small record, two at once, until the slow answer is handed over (then the answers hold less than 4 MiB: at most two small ones).
      let slowOpen = true
      const press = async (): Promise<void> => {
        for (const until = performance.now() + 30_000; slowOpen && performance.now() < until;) await request(h.gateway, record(1))
      }
      const pressing = Promise.all([press(), press()])
      await waitFor(() => h.gateway.counters.answers.heldBytes < 4 * MiB || undefined, { timeoutMs: 30_000, intervalMs: 5, what: 'the slow answer to be handed over' })
      slowOpen = false
      await pressing
      expect(h.gateway.counters.answers.closedOverBudget).toBe(0)
      // It was handed over while the client read at its pace, and the client gets all of it.
      expect(reader.taken()).toBeLessThan(3 * MiB)
    } finally {
      reader.stop()
    }
    slow.socket.resume()
    await slow.waitFor({ bodyBytes: 4 * MiB }, 20_000)
    const received = Buffer.from(slow.received(), 'latin1')
    expect(received.toString('latin1', 0, 20)).toMatch(/^HTTP\/1\.1 200 /)
    expect(Buffer.compare(received.subarray(received.indexOf('\r\n\r\n') + 4), payloads[0]!)).toBe(0)
  })

  // Found by attacking the gateway: an answer pipelined behind another on its connection was looked at as its own
  // client, so it was taken for stuck while its client read the one in front, and cut off, closing the connection; and
  // when the connection closed first, it ended neither in 'finish' nor in 'close', and held its room until cut off.
  it('answers pipelined on one connection: the one waiting behind another is not taken for stuck, and those of a connection that closes give back their room', async () => {
    const h = await harness({ maxAnswerBytes: 10 * MiB, maxReadBytes: MiB, roomWaitMs: 200, ...SHORT_STUCK })
    const writer = await h.client.writer(h.capsule.name, h.capsule.writer)
    const payload = randomBytes(4 * MiB)
    await h.client.append(writer, [payload], Date.now() * 1000)
    const ask = `GET /v1/capsules/${formatName(h.capsule.name)}/records/0/payload HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\n\r\n`
    // Two answers asked at once on a connection that stops reading a while: the kernel took most of the first, so it is
    // given time; the second waits behind it, and is not its own client.
    const piped = await openRaw(h.gateway.url)
    piped.socket.pause()
    piped.socket.write(ask + ask)
    await waitFor(() => h.gateway.counters.answers.heldBytes === 8 * MiB || undefined, { timeoutMs: 10_000, intervalMs: 10, what: 'the two answers to be held' })
    expect(await piped.closedWithin(SHORT_STUCK.stuckClientMs + 1000)).toBe(false)
    // Another answer needs room: none is stuck, it is refused.
    const refused = await request(h.gateway, `/v1/capsules/${formatName(h.capsule.name)}/records/0/payload`)
    expect(refused.status).toBe(503)
    expect(h.gateway.counters.answers).toMatchObject({ closedOverBudget: 0, refused: 1 })
    // The client reads on, and gets both answers whole.
    piped.socket.resume()
    /** The bodies of the answers in `text` so far, each one whole. */
    const bodies = (text: string): Buffer[] => {
      const found: Buffer[] = []
      for (let at = 0; text.startsWith('HTTP/1.1 200 ', at);) {
        const start = text.indexOf('\r\n\r\n', at) + 4
        if (start < 4 || text.length < start + payload.length) break
        found.push(Buffer.from(text.slice(start, start + payload.length), 'latin1'))
        at = start + payload.length
      }
      return found
    }
    const both = await waitFor(() => bodies(piped.received()).length === 2 ? bodies(piped.received()) : undefined, { timeoutMs: 10_000, what: 'both answers' })
    for (const body of both) expect(Buffer.compare(body, payload)).toBe(0)
    await waitFor(() => h.gateway.counters.answers.open === 0 || undefined, { timeoutMs: 3000, intervalMs: 10, what: 'the answers to end' })
    // Three asked at once on a connection that closes without reading: all three give back their room.
    const left = await openRaw(h.gateway.url)
    left.socket.pause()
    left.socket.write(ask + ask + ask)
    await waitFor(() => h.gateway.counters.answers.heldBytes >= 8 * MiB || undefined, { timeoutMs: 10_000, intervalMs: 10, what: 'the answers to be held' })
    left.socket.destroy()
    await waitFor(() => h.gateway.counters.answers.open === 0 || undefined, { timeoutMs: 2000, intervalMs: 10, what: 'the answers of the closed connection to give back their room' })
    expect(h.gateway.counters.answers).toMatchObject({ heldBytes: 0, closedOverBudget: 0 })
  })

  // Found by attacking the gateway: an answer whose client left while it was read was held once built, with no lease
  // to let it go (its response had closed already), so its bytes were counted for ever: each such client took its
  // answer's size from the budget for good, until every large answer was refused.
  it('an answer whose client leaves while it is read holds nothing once built: the whole budget is there for the next', async () => {
    const h = await harness({ maxAnswerBytes: 10 * MiB, maxReadBytes: MiB, roomWaitMs: 200 })
    const writer = await h.client.writer(h.capsule.name, h.capsule.writer)
    const payload = randomBytes(8 * MiB)
    await h.client.append(writer, [payload], Date.now() * 1000)
    const path = `/v1/capsules/${formatName(h.capsule.name)}/records/0/payload`
    // Reads wait on the capsule's server until let go (a slow server).
    const read = h.client.read.bind(h.client)
    const slow = slowServer()
    const spy = vi.spyOn(h.client, 'read').mockImplementation(async (...args) => await slow.through(async () => await read(...args)))
    await leavingClients(h, path, slow, 2)
    await waitFor(() => h.gateway.counters.answers.open === 0 || undefined, { timeoutMs: 3000, what: 'the room reserved to come back' })
    slow.letGo()
    await waitFor(() => slow.counts.ended === 2 || undefined, { timeoutMs: 3000, what: 'the server to answer both reads' })
    spy.mockRestore()
    // Built after their clients left, they hold nothing, and the next reader gets the answer (8 MiB of 10).
    expect(h.gateway.counters.answers).toMatchObject({ heldBytes: 0, open: 0 })
    const answer = await request(h.gateway, path)
    expect(answer.status).toBe(200)
    expect(Buffer.compare(answer.body, payload)).toBe(0)
    await waitFor(() => h.gateway.counters.answers.open === 0 || undefined, { timeoutMs: 3000, intervalMs: 10, what: 'the answer to end' })
    expect(h.gateway.counters.answers).toMatchObject({ heldBytes: 0, refused: 0 })
  })

  // Found by attacking the gateway: the budget counted answers once built and refused the next at once when it had
  // no room, so readers at once were refused though room came within a second, and nothing bounded how many answers
  // were being read at once.
  it('reserves room for an answer before it reads: requests at once read no more pages together than the budget has room for, and each is answered once there is', async () => {
    // A page reserves 17 MiB before it reads (twice its 8 MiB bound, and 1 MiB for proofs): two at once fit in 40 MiB.
    const h = await harness({ maxAnswerBytes: 40 * MiB, maxReadBytes: 8 * MiB })
    const writer = await h.client.writer(h.capsule.name, h.capsule.writer)
    const payloads = Array.from({ length: 8 }, () => randomBytes(MiB - 1024))
    await h.client.append(writer, payloads, Date.now() * 1000)
    let reading = 0
    let mostReading = 0
    const readProven = h.client.readProven.bind(h.client)
    vi.spyOn(h.client, 'readProven').mockImplementation(async (...args) => {
      mostReading = Math.max(mostReading, ++reading)
      try {
        return await readProven(...args)
      } finally {
        reading--
      }
    })
    const page = `/v1/capsules/${formatName(h.capsule.name)}/records?from=0`
    const answers = await Promise.all(Array.from({ length: 16 }, async () => await request(h.gateway, page)))
    expect(answers.map((a) => a.status)).toEqual(Array(16).fill(200))
    for (const answer of answers) expect(answer.json.records).toHaveLength(8)
    expect(mostReading).toBeLessThanOrEqual(2)
    expect(h.gateway.counters.answers).toMatchObject({ refused: 0, closedOverBudget: 0 })
    await waitFor(() => h.gateway.counters.answers.open === 0 || undefined, { timeoutMs: 3000, intervalMs: 10, what: 'the answers to end' })
    expect(h.gateway.counters.answers.heldBytes).toBe(0)
  })
})

describe('the uploads\' budget', () => {
  /** An upload of `bytes` to `path` of which the first `sent` bytes are sent. */
  async function partUpload (h: Harness, path: string, bytes: number, sent: number): Promise<{ connection: RawConnection, rest: () => void }> {
    const body = randomBytes(bytes)
    const c = await openRaw(h.gateway.url)
    c.socket.write(`PUT ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/octet-stream\r\nContent-Length: ${bytes}\r\n\r\n`)
    c.socket.write(body.subarray(0, sent))
    return { connection: c, rest: () => { c.socket.write(body.subarray(sent)) } }
  }

  // Found by attacking the gateway: each upload held some 5 MB while it stored (chunks looked up ahead, a group of new
  // chunks), and nothing bounded how many stored at once: 300 uploads of 8 MiB from another process took a node up 1.6 to 1.7 GB (0.4 to 0.5 GB since).
  it('reserves room for each upload before it reads its body (8 MiB, or its length when less): past maxUploadBytes an upload waits its time, then is refused (503)', async () => {
    const h = await harness({ maxUploadBytes: 16 * MiB, roomWaitMs: 300 })
    const files = `/v1/files/${formatName(h.kv.name)}/fs`
    // Two uploads of 12 MiB, a little of each sent: 8 MiB reserved each, the whole budget.
    const first = await partUpload(h, `${files}/a.bin`, 12 * MiB, MiB)
    await partUpload(h, `${files}/b.bin`, 12 * MiB, MiB)
    await waitFor(() => h.gateway.counters.uploads.heldBytes === 16 * MiB || undefined, { timeoutMs: 10_000, intervalMs: 10, what: 'the two uploads to reserve their room' })
    // An empty file needs no room; a byte more waits its 300 ms for room, and is refused, told why.
    expect((await request(h.gateway, `${files}/empty`, { method: 'PUT', body: Buffer.alloc(0) })).status).toBe(201)
    const refused = await request(h.gateway, `${files}/c.bin`, { method: 'PUT', body: randomBytes(1) })
    expect(refused.status).toBe(503)
    expect(refused.json.error).toBe('ServerBusyError')
    expect(refused.json.message).toMatch(/for the file uploads under way, its limit, and had no room for this one within 0\.3 s/)
    expect(h.gateway.counters.uploads).toMatchObject({ open: 2, heldBytes: 16 * MiB, refused: 1 })
    // The first upload ends: stored, and its room given back, which the next upload takes.
    first.rest()
    await first.connection.waitFor(/^HTTP\/1\.1 201 /, 20_000)
    await waitFor(() => h.gateway.counters.uploads.heldBytes === 8 * MiB || undefined, { timeoutMs: 3000, intervalMs: 10, what: 'the first upload to give its room back' })
    const stored = await request(h.gateway, `${files}/c.bin`, { method: 'PUT', body: randomBytes(MiB) })
    expect(stored.status).toBe(201)
  })

  it('has uploads at once wait for room in turn, each stored', async () => {
    const h = await harness({ maxUploadBytes: 16 * MiB })
    const files = `/v1/files/${formatName(h.kv.name)}/fs`
    let mostHeld = 0
    const sampler = setInterval(() => { mostHeld = Math.max(mostHeld, h.gateway.counters.uploads.heldBytes) }, 2)
    try {
      // Six uploads of 4 MiB reserve 4 MiB each: four store at once, at most.
      const bodies = Array.from({ length: 6 }, () => randomBytes(4 * MiB))
      const answers = await Promise.all(bodies.map(async (body, i) => await request(h.gateway, `${files}/f${i}.bin`, { method: 'PUT', body })))
      expect(answers.map((a) => a.status)).toEqual(Array(6).fill(201))
      for (const [i, body] of bodies.entries()) expect(Buffer.compare((await request(h.gateway, `${files}/f${i}.bin`)).body, body)).toBe(0)
    } finally {
      clearInterval(sampler)
    }
    expect(mostHeld).toBeLessThanOrEqual(16 * MiB)
    expect(h.gateway.counters.uploads).toMatchObject({ open: 0, heldBytes: 0, refused: 0 })
  })
})

