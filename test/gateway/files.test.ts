// The file routes of the gateway through the real HTTP stack, over the file
// CAAPI (src/files) on an in-memory key-value capsule: streamed uploads,
// byte ranges, ETags, HEAD, listings, versions, deletes, watch, bad paths,
// the upload limit at and past it, and uploads cut off midway.
import { randomBytes } from 'node:crypto'
import { describe, expect, it, vi } from 'vitest'
import { RequestRefusedError, StoreFullError } from '../../src/errors.js'
import { FileSystem } from '../../src/files/file-system.js'
import { storeFullDetail } from '../../src/store/free-space.js'
import { formatName } from '../../src/capsule/name.js'
import { keyOfPath, MAX_PATH_BYTES } from '../../src/files/path.js'
import { byteRange, MAX_CHUNK_LOOKUPS } from '../../src/gateway/files-routes.js'
import { waitFor } from '../helpers.js'
import { abandonedUpload, gatewayLog, openEvents, rawPathRequest, request, harnessPerTest, type Harness } from './harness.js'

const harness = harnessPerTest()

const fsPath = (h: Harness, rest: string): string => `/v1/files/${formatName(h.kv.name)}${rest}`

/** A body sent in pieces, with no Content-Length (chunked), as a client streaming a file it does not know the size of. */
function streamOf (bytes: Uint8Array, piece = 64 * 1024): ReadableStream<Uint8Array> {
  let offset = 0
  return new ReadableStream({
    pull (controller) {
      if (offset >= bytes.length) { controller.close(); return }
      controller.enqueue(bytes.slice(offset, offset + piece))
      offset += piece
    }
  })
}

describe('byte ranges', () => {
  it('one range of a Range header, per RFC 9110: first-last, first-, -suffix; several or malformed: the whole; outside: none', () => {
    expect(byteRange(undefined, 100)).toBeUndefined()
    expect(byteRange('bytes=0-9', 100)).toEqual({ start: 0, end: 10 })
    expect(byteRange('bytes=90-', 100)).toEqual({ start: 90, end: 100 })
    expect(byteRange('bytes=90-1000', 100)).toEqual({ start: 90, end: 100 })
    expect(byteRange('bytes=-10', 100)).toEqual({ start: 90, end: 100 })
    expect(byteRange('bytes=-1000', 100)).toEqual({ start: 0, end: 100 })
    expect(byteRange('bytes=99-99', 100)).toEqual({ start: 99, end: 100 })
    expect(byteRange('bytes=0-1, 5-6', 100)).toBeUndefined()
    // Empty list elements are no ranges (RFC 9110 section 5.6.1): one range is left.
    expect([byteRange('bytes=0-1,', 100), byteRange('bytes=,0-1', 100), byteRange('bytes= , 0-1 ,, ', 100)]).toEqual(Array(3).fill({ start: 0, end: 2 }))
    expect(byteRange('bytes=,', 100)).toBeUndefined()
    expect(byteRange('lines=0-1', 100)).toBeUndefined()
    expect(byteRange('bytes=100-', 100)).toBeNull()
    // An invalid range (last before first, no position) is ignored: the whole file (RFC 9110 section 14.2).
    expect(byteRange('bytes=5-4', 100)).toBeUndefined()
    expect(byteRange('bytes=-', 100)).toBeUndefined()
    // Positions past 2^53 are compared exactly, not as doubles (which made these two one position past the end: 416).
    expect([byteRange('bytes=100000000000000000000-99999999999999999999', 100), byteRange('bytes=9007199254740993-9007199254740992', 100)]).toEqual([undefined, undefined])
    expect(byteRange('bytes=9007199254740992-9007199254740993', 100)).toBeNull()
    expect(byteRange('bytes=0010-009', 100)).toBeUndefined()
    expect(byteRange('bytes=009-0010', 100)).toEqual({ start: 9, end: 11 })
    expect(byteRange('bytes=-0', 100)).toBeNull()
    expect(byteRange('bytes=0-0', 0)).toBeNull()
    // A suffix of an empty file is satisfiable (RFC 9110 section 14.1.1: its length is not zero) and is the whole of it, which no 206 can say: 200.
    expect(byteRange('bytes=-5', 0)).toBeUndefined()
    expect(byteRange('BYTES = 0 - 9', 100)).toEqual({ start: 0, end: 10 })
    expect(byteRange('bytes=0-1-2', 100)).toBeUndefined()
  })

  // Found by attacking the gateway: the header's regex tried every way of sharing runs of spaces between its
  // parts, its time the cube of their length: 2,000 spaces held the node's event loop for 6 s, 8,000 for minutes.
  it('a Range header of runs of spaces that match nothing takes time in proportion to its length', () => {
    const spaces = ' '.repeat(8000)
    const started = performance.now()
    for (const header of [`bytes=${spaces}-${spaces}x`, `bytes=${spaces}1${spaces}-${spaces}2${spaces}x`, `bytes=${','.repeat(8000)}-x`]) expect(byteRange(header, 100)).toBeUndefined()
    expect(byteRange(`bytes=${spaces}1${spaces}-${spaces}2${spaces}`, 100)).toEqual({ start: 1, end: 3 })
    // (The regex took minutes, 6 s for runs of 2,000; a linear reading takes well under a millisecond, and the bound
    // leaves room for a loaded machine.)
    expect(performance.now() - started).toBeLessThan(2000)
  })
})

describe('files', () => {
  it('a file streamed in comes back whole, by range (206), and not at all when the client holds it (304); HEAD tells its size', async () => {
    const h = await harness()
    const content = randomBytes(300 * 1024)
    const put = await request(h.gateway, fsPath(h, '/fs/docs/data.bin'), { method: 'PUT', body: streamOf(content) })
    // 201 where the PUT made the file, 200 where it replaced one (RFC 9110 section 9.3.4).
    expect(put.status).toBe(201)
    expect(put.json.file).toMatchObject({ type: 'file', path: 'docs/data.bin', name: 'data.bin', size: content.length })
    expect(put.json.stored.blobs).toBeGreaterThan(1)
    const again = await request(h.gateway, fsPath(h, '/fs/docs/data.bin'), { method: 'PUT', body: streamOf(content) })
    expect([again.status, again.json.stored.blobs]).toEqual([200, 0])
    const whole = await request(h.gateway, fsPath(h, '/fs/docs/data.bin'))
    expect(whole.status).toBe(200)
    expect(whole.body.equals(content)).toBe(true)
    const etag = whole.headers.get('etag')!
    expect(etag).toBe(put.json.file.etag)
    expect(whole.headers.get('accept-ranges')).toBe('bytes')
    const part = await request(h.gateway, fsPath(h, '/fs/docs/data.bin'), { headers: { range: 'bytes=100000-199999' } })
    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe(`bytes 100000-199999/${content.length}`)
    expect(part.body.equals(content.subarray(100000, 200000))).toBe(true)
    const tail = await request(h.gateway, fsPath(h, '/fs/docs/data.bin'), { headers: { range: 'bytes=-10' } })
    expect(tail.body.equals(content.subarray(content.length - 10))).toBe(true)
    const outside = await request(h.gateway, fsPath(h, '/fs/docs/data.bin'), { headers: { range: `bytes=${content.length}-` } })
    expect(outside.status).toBe(416)
    expect(outside.headers.get('content-range')).toBe(`bytes */${content.length}`)
    expect(outside.json.error).toBe('RangeNotSatisfiableError')
    expect((await request(h.gateway, fsPath(h, '/fs/docs/data.bin'), { headers: { 'if-none-match': etag } })).status).toBe(304)
    const head = await request(h.gateway, fsPath(h, '/fs/docs/data.bin'), { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('content-length')).toBe(String(content.length))
    expect(head.headers.get('etag')).toBe(etag)
    expect(head.body.length).toBe(0)
    // The same content elsewhere stores no chunk again.
    const copy = await request(h.gateway, fsPath(h, '/fs/copy.bin'), { method: 'PUT', body: content })
    expect(copy.json.file.etag).toBe(etag)
    expect(copy.json.stored.reused).toBeGreaterThan(0)
  })

  it('folders list their children in name order, a page at a time; older versions stay readable; deletes', async () => {
    const h = await harness()
    const put = async (path: string, text: string): Promise<number> => (await request(h.gateway, fsPath(h, `/fs/${path}`), { method: 'PUT', body: text })).json.receipt.version
    const first = await put('a/b/one.txt', 'one')
    await put('a/b/two.txt', 'two')
    await put('a/c.txt', 'c')
    await put('a/b/one.txt', 'ONE')
    const listing = await request(h.gateway, fsPath(h, '/fs/a'))
    expect(listing.headers.get('content-type')).toMatch(/^application\/json/)
    // HEAD tells what GET sends, its length too (a folder's had none; gateway attack F2).
    const head = await request(h.gateway, fsPath(h, '/fs/a'), { method: 'HEAD' })
    expect([head.status, head.headers.get('content-type'), head.headers.get('content-length')]).toEqual([200, listing.headers.get('content-type'), String(listing.body.length)])
    expect(listing.json.entries.map((e: { name: string, type: string }) => `${e.type}:${e.name}`)).toEqual(['folder:b', 'file:c.txt'])
    const paged = await request(h.gateway, fsPath(h, '/fs/a/b?limit=1'))
    expect(paged.json.entries.map((e: { name: string }) => e.name)).toEqual(['one.txt'])
    expect(paged.json.after).toBe('one.txt')
    const next = await request(h.gateway, fsPath(h, `/fs/a/b?limit=1&after=${paged.json.after as string}`))
    expect(next.json.entries.map((e: { name: string }) => e.name)).toEqual(['two.txt'])
    expect(next.json.after).toBeUndefined()
    expect((await request(h.gateway, fsPath(h, '/fs/'))).json.entries.map((e: { name: string }) => e.name)).toEqual(['a'])
    expect((await request(h.gateway, fsPath(h, '/fs/a/b/one.txt'))).body.toString()).toBe('ONE')
    expect((await request(h.gateway, fsPath(h, `/fs/a/b/one.txt?version=${first}`))).body.toString()).toBe('one')
    expect((await request(h.gateway, fsPath(h, `/fs/a/c.txt?version=${first}`))).json.error).toBe('PathNotFoundError')
    // A past state is one version or one time, as for keys.
    const both = await request(h.gateway, fsPath(h, `/fs/a/b/one.txt?version=${first}&at=0`))
    expect([both.status, both.json.error, both.json.message]).toEqual([400, 'InvalidArgumentError', 'give version or at, not both'])

    const notEmpty = await request(h.gateway, fsPath(h, '/fs/a/b'), { method: 'DELETE' })
    expect(notEmpty.status).toBe(409)
    expect(notEmpty.json.error).toBe('DirectoryNotEmptyError')
    // The query parameter to add, as a request gives it (gdp's message names its --recursive).
    expect(notEmpty.json.message).toBe('the folder \'a/b\' holds 2 entries: delete them first, or delete with ?recursive=true')
    expect((await request(h.gateway, fsPath(h, '/fs/a/c.txt'), { method: 'DELETE' })).status).toBe(200)
    expect((await request(h.gateway, fsPath(h, '/fs/a/c.txt'))).status).toBe(404)
    expect((await request(h.gateway, fsPath(h, '/fs/a/b?recursive=true'), { method: 'DELETE' })).status).toBe(200)
    expect((await request(h.gateway, fsPath(h, '/fs/a'))).json.entries).toEqual([])
    expect((await request(h.gateway, fsPath(h, '/fs/a/none'), { method: 'DELETE' })).status).toBe(404)
  })

  it('a name that begins with U+FEFF is a name of its own: its folder still lists, beside the name without it (the mark was dropped, and the listing failed 400; gateway attack F0)', async () => {
    const h = await harness()
    const mark = encodeURIComponent('\uFEFF')
    for (const path of [`d/${mark}a`, 'd/a']) expect((await request(h.gateway, fsPath(h, `/fs/${path}`), { method: 'PUT', body: path })).status).toBe(201)
    const listing = await request(h.gateway, fsPath(h, '/fs/d'))
    expect(listing.status).toBe(200)
    expect(listing.json.entries.map((e: { name: string }) => e.name)).toEqual(['a', '\uFEFFa'])
    expect((await request(h.gateway, fsPath(h, `/fs/d/${mark}a`))).body.toString()).toBe(`d/${mark}a`)
  })

  it('a PUT of a name holding DEL (U+007F) or a C1 control character (U+0080 to U+009F) is refused, 400, as U+0000 to U+001F are; one written otherwise stays readable and deletable', async () => {
    const h = await harness()
    for (const [bad, code] of [['a%7Fb', 'U+007F'], ['a%C2%80b', 'U+0080'], ['d%C2%9F/x', 'U+009F'], ['d/%C2%85', 'U+0085'], ['a%1Fb', 'U+001F']]) {
      const refused = await rawPathRequest(h.gateway, 'PUT', fsPath(h, `/fs/${bad}`), 'x')
      expect([bad, refused.status, refused.json.error]).toEqual([bad, 400, 'PathError'])
      expect(refused.json.message, bad).toContain(code)
    }
    expect((await rawPathRequest(h.gateway, 'PUT', fsPath(h, '/fs/x%7F%C2%80'), 'x')).json.message).toBe('path "x\\u007f\\u0080" holds U+007F, a control character (DEL): a name holds none of U+0000 to U+001F and U+007F to U+009F')
    expect((await h.kv.view()).version).toBe(0)
    // The characters either side are names as any other.
    for (const good of ['a~b', 'a%C2%A0b']) expect((await rawPathRequest(h.gateway, 'PUT', fsPath(h, `/fs/${good}`), 'x')).status).toBe(201)
    // A name another writer stored (through the key-value facade; the file library makes none): read, listed and deleted through the gateway all the same.
    await new FileSystem(h.kv).put('old', [new TextEncoder().encode('kept')])
    await h.kv.put(keyOfPath(['old\u007f']), (await (await h.kv.view()).get(keyOfPath(['old'])))!.value)
    expect((await rawPathRequest(h.gateway, 'GET', fsPath(h, '/fs/'))).json.entries.map((e: { name: string }) => e.name)).toContain('old\u007f')
    expect((await request(h.gateway, fsPath(h, '/fs/old%7F'))).body.toString()).toBe('kept')
    expect((await request(h.gateway, fsPath(h, '/fs/old%7F'), { method: 'DELETE' })).status).toBe(200)
  })

  it('paths with . or .., empty names, too many bytes, or bytes that are not UTF-8 are refused; a file where a folder goes too', async () => {
    const h = await harness()
    expect((await request(h.gateway, fsPath(h, '/fs/f.txt'), { method: 'PUT', body: 'x' })).status).toBe(201)
    for (const bad of ['/fs/a/%2E%2E/b', '/fs/a/../b', '/fs/./a', '/fs/a//b']) {
      const answer = await rawPathRequest(h.gateway, 'GET', fsPath(h, bad))
      expect(answer.status, bad).toBe(400)
      expect(answer.json.error, bad).toBe('PathError')
    }
    // Bytes that are not UTF-8, in the path or in a listing's after (read as U+FFFD there): refused, without the key-value
    // routes' hint of keyEncoding=hex, which files do not take (gateway attack F4, F5).
    for (const bad of ['/fs/%FF', '/fs/?after=%ff', '/fs/?after=%zz']) {
      const answer = await rawPathRequest(h.gateway, 'GET', fsPath(h, bad))
      expect([answer.status, answer.json.error], bad).toEqual([400, 'InvalidArgumentError'])
      expect(answer.json.message, bad).not.toMatch(/keyEncoding/)
    }
    expect((await rawPathRequest(h.gateway, 'PUT', fsPath(h, '/fs/%FF'), 'x')).json.message).not.toMatch(/keyEncoding/)
    const longest = 'n'.repeat(200) + '/' + 'n'.repeat(200) + '/' + 'n'.repeat(200) + '/' + 'n'.repeat(200) + '/' + 'n'.repeat(MAX_PATH_BYTES - 804)
    expect(Buffer.byteLength(longest)).toBe(MAX_PATH_BYTES)
    expect((await request(h.gateway, fsPath(h, `/fs/${longest}`), { method: 'PUT', body: 'x' })).status).toBe(201)
    const tooLong = await request(h.gateway, fsPath(h, `/fs/${longest}n`), { method: 'PUT', body: 'x' })
    expect(tooLong.status).toBe(400)
    expect(tooLong.json.message).toMatch(/at most 1000/)
    const under = await request(h.gateway, fsPath(h, '/fs/f.txt/inner'), { method: 'PUT', body: 'x' })
    expect(under.status).toBe(409)
    expect(under.json.error).toBe('NotADirectoryError')
    expect((await request(h.gateway, fsPath(h, '/fs/'), { method: 'PUT', body: 'x' })).json.error).toBe('IsADirectoryError')
  })

  it('the upload limit: a file of exactly the limit is stored, one byte more is 413 (declared or streamed) and leaves no file; a cut upload leaves none', async () => {
    const limit = 100_000
    const h = await harness({ maxFileBytes: limit })
    expect((await request(h.gateway, fsPath(h, '/fs/at'), { method: 'PUT', body: randomBytes(limit) })).json.file.size).toBe(limit)
    const declared = await request(h.gateway, fsPath(h, '/fs/past'), { method: 'PUT', body: randomBytes(limit + 1) })
    expect(declared.status).toBe(413)
    expect(declared.json.error).toBe('BodyTooLargeError')
    expect((await request(h.gateway, fsPath(h, '/fs/streamed-at'), { method: 'PUT', body: streamOf(randomBytes(limit), 10_000) })).status).toBe(201)
    const streamed = await request(h.gateway, fsPath(h, '/fs/streamed-past'), { method: 'PUT', body: streamOf(randomBytes(limit + 1), 10_000) })
    expect(streamed.status).toBe(413)
    for (const path of ['past', 'streamed-past']) expect((await request(h.gateway, fsPath(h, `/fs/${path}`))).status).toBe(404)
    await abandonedUpload(h.gateway, fsPath(h, '/fs/cut'), 'PUT', 'application/octet-stream', 90_000, 45_000)
    // The put may still be unwinding: it stores no entry however it ends.
    expect((await request(h.gateway, fsPath(h, '/fs/after'), { method: 'PUT', body: 'whole' })).status).toBe(201)
    await waitFor(async () => (await request(h.gateway, fsPath(h, '/fs/'))).json.entries.length === 3, { timeoutMs: 5000, what: 'the listing to settle' })
    expect((await request(h.gateway, fsPath(h, '/fs/'))).json.entries.map((e: { name: string }) => e.name)).toEqual(['after', 'at', 'streamed-at'])
    expect(h.kv.model.invalidRecords).toEqual([])
  })

  // Found by filling a server node's disk under uploads through its gateway: a put refused after 60 of its chunks went
  // in said "nothing of this request was stored" (true of its last append only), where 7 MiB of the disk it filled were
  // taken by the file's own chunks.
  it('a disk that fills part way through an upload: 507, no file, and the message says what of the file stays stored', async () => {
    const h = await harness()
    const appendBlobs = h.kv.appendBlobs.bind(h.kv)
    // 9 MiB: three groups of blobs (MAX_GROUP_BYTES), the first stored, the second refused.
    const overTheOverlay = new RequestRefusedError('STORE_FULL', storeFullDetail(new StoreFullError('the disk holding the store at /srv/gdp is full: the store keeps room to open again, so 1.0 MiB more of new data needs about 21.4 MiB free, 14.0 MiB are free; the capsule stays at 113 records')))
    const ownStore = new StoreFullError('the disk holding the store at /srv/gdp is full: the store keeps room to open again, so 1.0 MiB more of new data needs about 21.4 MiB free, 14.0 MiB are free')
    for (const [i, refusal] of [overTheOverlay, ownStore].entries()) {
      let appends = 0
      const refused = vi.spyOn(h.kv, 'appendBlobs').mockImplementation(async (data) => {
        if (appends++ === 0) return await appendBlobs(data)
        throw refusal
      })
      const answer = await request(h.gateway, fsPath(h, `/fs/big${i}`), { method: 'PUT', body: randomBytes(9 << 20) })
      refused.mockRestore()
      expect(answer.status).toBe(507)
      expect(answer.json.error).toBe(refusal.name)
      expect(answer.json.message).toMatch(/^(STORE_FULL: )?the disk of this server's store is full \(it needs about 21\.4 MiB free to take writes, 14\.0 MiB are free\): the file was not written: \d+ blobs of it \(\d+ bytes\) appended before the disk filled stay in the capsule, unreferenced, and a put of the same bytes does not store them again; writes are taken again once its operator frees space$/)
      expect((await request(h.gateway, fsPath(h, `/fs/big${i}`))).status).toBe(404)
    }
    // Refused before any of it was stored: nothing was, as the store says.
    const refused = vi.spyOn(h.kv, 'appendBlobs').mockRejectedValue(overTheOverlay)
    const answer = await request(h.gateway, fsPath(h, '/fs/none'), { method: 'PUT', body: randomBytes(1 << 20) })
    refused.mockRestore()
    expect(answer.json.message).toMatch(/: nothing of this request was stored, the capsule stays at 113 records; /)
  })

  it('an upload the client cuts off is logged as the client going away, not as a failure of the gateway', async () => {
    const h = await harness()
    const logged = await gatewayLog(async (logged) => {
      await abandonedUpload(h.gateway, fsPath(h, '/fs/cut'), 'PUT', 'application/octet-stream', 90_000, 45_000)
      await waitFor(() => logged.some((line) => line.includes('the client went away')), { timeoutMs: 5000, what: 'the cut upload to be logged' })
    })
    expect(logged.filter((line) => line.includes('gdp:gateway:error'))).toEqual([])
  })

  it('a capsule this node cannot write serves files read-only', async () => {
    const h = await harness()
    const ro = `/v1/files/${formatName(h.readOnlyKv.name)}/fs/x`
    const answer = await request(h.gateway, ro, { method: 'PUT', body: 'x' })
    expect(answer.status).toBe(403)
    expect(answer.json.error).toBe('ReadOnlyCapsuleError')
    expect((await request(h.gateway, ro, { method: 'DELETE' })).status).toBe(403)
    expect((await request(h.gateway, ro)).status).toBe(404)
  })

  it('a key-value capsule that is not a file capsule is refused (400 MalformedMessageError), and nothing is written to it', async () => {
    const h = await harness()
    const plain = `/v1/files/${formatName(h.plainKv.name)}`
    for (const [method, path] of [['PUT', '/fs/x.txt'], ['GET', '/fs/x.txt'], ['GET', '/fs/'], ['DELETE', '/fs/x.txt'], ['GET', '/watch/']]) {
      const answer = await request(h.gateway, `${plain}${path}`, { method, ...(method === 'PUT' ? { body: 'x' } : {}) })
      expect(answer.status, `${method} ${path}`).toBe(400)
      expect(answer.json.error).toBe('MalformedMessageError')
      expect(answer.json.message).toMatch(/not a file capsule/)
    }
    expect((await h.plainKv.view()).version).toBe(0)
    // The key-value routes serve it, and file capsules too.
    expect((await request(h.gateway, `/v1/kv/${formatName(h.plainKv.name)}/keys/k`, { method: 'PUT', body: 'v' })).status).toBe(200)
    expect((await request(h.gateway, `/v1/kv/${formatName(h.kv.name)}`)).status).toBe(200)
  })

  it('an entry that is no file entry (put there through the key-value routes) is 502 naming its path, and a file delete or put there replaces it (found by attacking the facades)', async () => {
    const h = await harness()
    const bad = async (names: string[]): Promise<void> => {
      const key = Buffer.from(keyOfPath(names)).toString('hex')
      expect((await request(h.gateway, `/v1/kv/${formatName(h.kv.name)}/keys/${key}?keyEncoding=hex`, { method: 'PUT', body: 'junk' })).status).toBe(200)
    }
    expect((await request(h.gateway, fsPath(h, '/fs/d/ok.txt'), { method: 'PUT', body: 'ok' })).status).toBe(201)
    await bad(['a'])
    await bad(['b'])
    const listing = await request(h.gateway, fsPath(h, '/fs/'))
    expect([listing.status, listing.json.error, listing.json.message]).toEqual([502, 'MalformedEntryError', expect.stringMatching(/the entry of 'a' is no file entry .*a file put or delete at that path replaces it/)])
    expect((await request(h.gateway, fsPath(h, '/fs/a'), { method: 'DELETE' })).status).toBe(200)
    expect((await request(h.gateway, fsPath(h, '/fs/b'), { method: 'PUT', body: 'now a file' })).status).toBe(201)
    expect((await request(h.gateway, fsPath(h, '/fs/b'))).body.toString()).toBe('now a file')
    expect((await request(h.gateway, fsPath(h, '/fs/'))).json.entries.map((e: { name: string }) => e.name)).toEqual(['b', 'd'])
    // One with entries below keeps its place: replacing it would leave them without a folder.
    await bad(['d'])
    for (const method of ['PUT', 'DELETE']) {
      const refused = await request(h.gateway, fsPath(h, '/fs/d'), { method, ...(method === 'PUT' ? { body: 'x' } : {}) })
      expect([method, refused.status, refused.json.error]).toEqual([method, 502, 'MalformedEntryError'])
    }
    expect((await request(h.gateway, fsPath(h, '/fs/d/ok.txt'))).body.toString()).toBe('ok')
  })

  it('If-Unmodified-Since holds a PUT, a DELETE and a GET to a file not modified after the date (412 otherwise); it counts only without If-Match, and a header that is no date is ignored (it was ignored always)', async () => {
    const h = await harness()
    const path = fsPath(h, '/fs/u.txt')
    expect((await request(h.gateway, path, { method: 'PUT', body: 'one', headers: { 'if-unmodified-since': 'Thu, 01 Jan 2015 00:00:00 GMT' } })).status).toBe(201) // no file: no date to compare
    const modified = (await request(h.gateway, path)).headers.get('last-modified')!
    const before = new Date(Date.parse(modified) - 1000).toUTCString()
    for (const [method, body] of [['PUT', 'two'], ['DELETE', undefined], ['GET', undefined]] as const) {
      const refused = await request(h.gateway, path, { method, ...(body === undefined ? {} : { body }), headers: { 'if-unmodified-since': before } })
      expect([method, refused.status, refused.json.error, refused.json.message]).toEqual([method, 412, 'ConditionFailedError', expect.stringMatching(/If-Unmodified-Since does not hold: 'u.txt' was modified/)])
    }
    expect((await request(h.gateway, path)).body.toString()).toBe('one')
    // Ignored with If-Match (which decides), and when it is no date.
    const etag = (await request(h.gateway, path)).headers.get('etag')!
    expect((await request(h.gateway, path, { method: 'PUT', body: 'two', headers: { 'if-unmodified-since': before, 'if-match': etag } })).status).toBe(200)
    expect((await request(h.gateway, path, { method: 'PUT', body: 'three', headers: { 'if-unmodified-since': 'yesterday-ish' } })).status).toBe(200)
    const now = (await request(h.gateway, path)).headers.get('last-modified')!
    expect((await request(h.gateway, path, { headers: { 'if-unmodified-since': now } })).status).toBe(200)
    expect((await request(h.gateway, path, { method: 'DELETE', headers: { 'if-unmodified-since': now } })).status).toBe(200)
  })

  // Found by attacking the facades: a file's time is its writer's record timestamp, and a writer whose clock ran ahead
  // (or a hostile one) made the gateway send a Last-Modified years ahead, which RFC 9110 section 8.8.2.1 forbids: a
  // cache would then hold the file as fresh for years (heuristic freshness is a fraction of its age).
  it('Last-Modified of a file whose writer stamped it in the future is the answer\'s Date, never later', async () => {
    const h = await harness()
    const path = fsPath(h, '/fs/ahead.txt')
    // A file of now is said to be of now (the If-Unmodified-Since test above holds it to its own time).
    expect((await request(h.gateway, path, { method: 'PUT', body: 'of now' })).status).toBe(201)
    const written = Date.parse((await request(h.gateway, path)).headers.get('last-modified')!)
    expect(Math.abs(written - Date.now())).toBeLessThan(5000)
    const yearUs = 365 * 24 * 3600 * 1e6
    h.kv.setClock(Date.now() * 1000 + 10 * yearUs)
    expect((await request(h.gateway, path, { method: 'PUT', body: 'from the future' })).status).toBe(200)
    for (const method of ['GET', 'HEAD'] as const) {
      const answer = await request(h.gateway, path, { method })
      const date = Date.parse(answer.headers.get('date')!)
      expect(Date.parse(answer.headers.get('last-modified')!)).toBeLessThanOrEqual(date)
      expect(date - Date.parse(answer.headers.get('last-modified')!)).toBeLessThan(5000)
    }
  })

  it('If-Match and If-None-Match on a PUT hold it to the ETag of the file it replaces: 412 otherwise, and the file stays', async () => {
    const h = await harness()
    const put = async (body: string, headers: Record<string, string>): Promise<Awaited<ReturnType<typeof request>>> => await request(h.gateway, fsPath(h, '/fs/r.txt'), { method: 'PUT', body, headers })
    const content = async (): Promise<string> => (await request(h.gateway, fsPath(h, '/fs/r.txt'))).body.toString()
    expect((await put('one', { 'if-match': '*' })).status).toBe(412) // no file to match
    expect((await put('one', { 'if-none-match': '*' })).status).toBe(201)
    const etag = (await request(h.gateway, fsPath(h, '/fs/r.txt'))).headers.get('etag')!
    const refused = await put('two', { 'if-none-match': '*' })
    expect(refused.status).toBe(412)
    expect(refused.json.error).toBe('ConditionFailedError')
    expect((await put('two', { 'if-match': '"nothing"' })).status).toBe(412)
    expect((await put('two', { 'if-match': `W/${etag}` })).status).toBe(412) // If-Match compares strongly
    expect((await put('two', { 'if-none-match': `"x", ${etag}` })).status).toBe(412)
    expect(await content()).toBe('one')
    expect((await put('two', { 'if-match': `"x", ${etag}` })).status).toBe(200)
    expect(await content()).toBe('two')
    expect((await put('three', { 'if-none-match': etag })).status).toBe(200) // the file is "two" now, not the ETag named
    expect((await put('four', { 'if-match': '*' })).status).toBe(200)
    const malformed = await put('five', { 'if-match': 'not-quoted' })
    expect(malformed.status).toBe(400)
    expect(malformed.json.message).toMatch(/If-Match 'not-quoted' is not \* nor a list of ETags/)
    expect(await content()).toBe('four')
  })

  it('If-Match on a DELETE holds it to the ETag of the file: a file another writer changed is not deleted (412), and a folder has no ETag', async () => {
    const h = await harness()
    const del = async (path: string, headers: Record<string, string>): Promise<Awaited<ReturnType<typeof request>>> => await request(h.gateway, fsPath(h, path), { method: 'DELETE', headers })
    expect((await request(h.gateway, fsPath(h, '/fs/d.txt'), { method: 'PUT', body: 'one' })).status).toBe(201)
    const etag = (await request(h.gateway, fsPath(h, '/fs/d.txt'))).headers.get('etag')!
    expect((await request(h.gateway, fsPath(h, '/fs/d.txt'), { method: 'PUT', body: 'changed' })).status).toBe(200)
    const refused = await del('/fs/d.txt', { 'if-match': etag })
    expect(refused.status).toBe(412)
    expect(refused.json.error).toBe('ConditionFailedError')
    expect((await request(h.gateway, fsPath(h, '/fs/d.txt'))).body.toString()).toBe('changed')
    const current = (await request(h.gateway, fsPath(h, '/fs/d.txt'))).headers.get('etag')!
    expect((await del('/fs/d.txt', { 'if-none-match': current })).status).toBe(412)
    expect((await del('/fs/d.txt', { 'if-match': current })).status).toBe(200)
    expect((await request(h.gateway, fsPath(h, '/fs/d.txt'))).status).toBe(404)
    expect((await del('/fs/d.txt', { 'if-match': '*' })).status).toBe(412) // nothing there to match
    expect((await request(h.gateway, fsPath(h, '/fs/dir/f'), { method: 'PUT', body: 'x' })).status).toBe(201)
    expect((await del('/fs/dir?recursive=true', { 'if-match': '*' })).status).toBe(412)
    expect((await request(h.gateway, fsPath(h, '/fs/dir/f'))).body.toString()).toBe('x')
    expect((await del('/fs/d.txt', { 'if-match': 'not-quoted' })).status).toBe(400)
  })

  it('If-None-Match: * on a DELETE of a folder is 412: the folder is there (it was deleted, as if nothing were)', async () => {
    const h = await harness()
    const del = async (path: string, headers: Record<string, string>): Promise<Awaited<ReturnType<typeof request>>> => await request(h.gateway, fsPath(h, path), { method: 'DELETE', headers })
    expect((await request(h.gateway, fsPath(h, '/fs/dir/f'), { method: 'PUT', body: 'x' })).status).toBe(201)
    for (const path of ['/fs/dir?recursive=true', '/fs/dir']) {
      const refused = await del(path, { 'if-none-match': '*' })
      expect([path, refused.status, refused.json.error]).toEqual([path, 412, 'ConditionFailedError'])
      expect(refused.json.message).toContain('is a folder')
    }
    expect((await request(h.gateway, fsPath(h, '/fs/dir/f'))).body.toString()).toBe('x')
    // Nothing there: the condition holds, and there is nothing to delete (404), as before.
    expect((await del('/fs/none', { 'if-none-match': '*' })).status).toBe(404)
    // A folder has no ETag: a list of tags is none of its, and the delete goes on.
    expect((await del('/fs/dir?recursive=true', { 'if-none-match': '"x"' })).status).toBe(200)
    expect((await request(h.gateway, fsPath(h, '/fs/dir/f'))).status).toBe(404)
  })

  it('If-None-Match: * on a GET or HEAD of a folder is 304, as of a file: the folder is there (its listing was sent)', async () => {
    const h = await harness()
    expect((await request(h.gateway, fsPath(h, '/fs/p/f'), { method: 'PUT', body: 'x' })).status).toBe(201)
    for (const method of ['GET', 'HEAD']) {
      for (const path of ['/fs/p', '/fs/']) {
        const answer = await request(h.gateway, fsPath(h, path), { method, headers: { 'if-none-match': '*' } })
        expect([method, path, answer.status, answer.body.length]).toEqual([method, path, 304, 0])
      }
      // A folder has no ETag: tags are none of its, and the listing comes (a header that is no ETag names nothing, as for a file).
      for (const ifNoneMatch of ['"x"', 'W/"x"', 'garbage']) expect((await request(h.gateway, fsPath(h, '/fs/p'), { method, headers: { 'if-none-match': ifNoneMatch } })).status).toBe(200)
    }
    expect((await request(h.gateway, fsPath(h, '/fs/none'), { headers: { 'if-none-match': '*' } })).status).toBe(404)
  })

  it('If-Match on a GET or HEAD of a folder is 412, as on its DELETE: a folder has no ETag (the listing was sent as if the file asked for were there)', async () => {
    // A client that read a file and asks for it again with If-Match got a folder's listing (200) once a folder had
    // taken the file's place, where a file of another content is 412 (found by attacking the gateway).
    const h = await harness()
    const put = await request(h.gateway, fsPath(h, '/fs/p/f'), { method: 'PUT', body: 'x' })
    const etag = put.json.file.etag as string
    await request(h.gateway, fsPath(h, '/fs/p?recursive=true'), { method: 'DELETE' })
    expect((await request(h.gateway, fsPath(h, '/fs/p/f/g'), { method: 'PUT', body: 'y' })).status).toBe(201)
    for (const method of ['GET', 'HEAD']) {
      for (const ifMatch of [etag, '*']) {
        const answer = await request(h.gateway, fsPath(h, '/fs/p/f'), { method, headers: { 'if-match': ifMatch } })
        expect(answer.status, `${method} If-Match: ${ifMatch}`).toBe(412)
        if (method === 'GET') expect(answer.json.error).toBe('ConditionFailedError')
      }
      expect((await request(h.gateway, fsPath(h, '/fs/p/f'), { method, headers: { 'if-match': 'not-quoted' } })).status).toBe(400)
      // Without If-Match, the listing.
      expect((await request(h.gateway, fsPath(h, '/fs/p/f'), { method })).status).toBe(200)
    }
  })

  it('a conditional PUT whose file another write replaces while its body streams in is refused (412), not a lost update', async () => {
    const h = await harness()
    expect((await request(h.gateway, fsPath(h, '/fs/doc.bin'), { method: 'PUT', body: 'original' })).status).toBe(201)
    const etag = (await request(h.gateway, fsPath(h, '/fs/doc.bin'))).headers.get('etag')!
    // The body comes in two parts; the other write goes in once the first part's chunks are stored (the PUT is past any check before the body).
    let release: () => void = () => {}
    const held = new Promise<void>((resolve) => { release = resolve })
    const first = randomBytes(1024 * 1024)
    let sent = 0
    const body = new ReadableStream<Uint8Array>({
      async pull (controller) {
        if (sent === 1) await held
        if (sent === 2) { controller.close(); return }
        controller.enqueue(sent === 0 ? first : randomBytes(1000))
        sent++
      }
    })
    const conditional = request(h.gateway, fsPath(h, '/fs/doc.bin'), { method: 'PUT', body, headers: { 'if-match': etag } })
    await waitFor(() => h.kv.blobBytes > 0, { timeoutMs: 5000, what: 'the conditional PUT to store chunks' })
    expect((await request(h.gateway, fsPath(h, '/fs/doc.bin'), { method: 'PUT', body: 'replaced meanwhile' })).status).toBe(200)
    release()
    const answer = await conditional
    expect(answer.status).toBe(412)
    expect(answer.json.error).toBe('ConditionFailedError')
    expect((await request(h.gateway, fsPath(h, '/fs/doc.bin'))).body.toString()).toBe('replaced meanwhile')
  })

  it('If-None-Match on a GET: *, a weak tag or a list holding the ETag is 304 (RFC 9110 13.1.2)', async () => {
    const h = await harness()
    await request(h.gateway, fsPath(h, '/fs/f.txt'), { method: 'PUT', body: 'f' })
    const etag = (await request(h.gateway, fsPath(h, '/fs/f.txt'))).headers.get('etag')!
    for (const header of [etag, '*', `W/${etag}`, `"x", ${etag}`]) {
      expect((await request(h.gateway, fsPath(h, '/fs/f.txt'), { headers: { 'if-none-match': header } })).status, header).toBe(304)
      expect((await request(h.gateway, fsPath(h, '/fs/f.txt'), { method: 'HEAD', headers: { 'if-none-match': header } })).status, header).toBe(304)
    }
    expect((await request(h.gateway, fsPath(h, '/fs/f.txt'), { headers: { 'if-none-match': '"x"' } })).status).toBe(200)
  })

  it('watch streams what each record wrote below a folder, resumes from Last-Event-ID, and ends when the client goes away', async () => {
    const h = await harness()
    await request(h.gateway, fsPath(h, '/fs/w/a.txt'), { method: 'PUT', body: 'a' })
    const watch = await openEvents(h.gateway, fsPath(h, '/watch/w'), { change: 'FsChange' })
    await waitFor(() => h.kv.watchers === 1, { timeoutMs: 5000, what: 'the watch to wait' })
    await request(h.gateway, fsPath(h, '/fs/w/b.txt'), { method: 'PUT', body: 'bb' })
    const event = await watch.next()
    expect(event.event).toBe('change')
    expect(event.data.changes).toContainEqual({ path: 'w/b.txt', stat: expect.objectContaining({ type: 'file', size: 2 }) })
    watch.close()
    await waitFor(() => h.kv.watchers === 0, { timeoutMs: 5000, what: 'the watch to end once the client left' })
    const resumed = await openEvents(h.gateway, fsPath(h, '/watch/w?from=0'), { change: 'FsChange' }, { 'last-event-id': String(Number(event.id) - 1) })
    expect((await resumed.next()).id).toBe(event.id)
    resumed.close()
    expect((await request(h.gateway, fsPath(h, '/watch/w/a.txt'))).json.error).toBe('NotADirectoryError')
    expect((await request(h.gateway, fsPath(h, '/watch/nothing'))).status).toBe(404)
    // The folder's own removal too (it said only what was below it).
    const removal = await openEvents(h.gateway, fsPath(h, '/watch/w'), { change: 'FsChange' })
    await waitFor(() => h.kv.watchers === 1, { timeoutMs: 5000, what: 'the watch to wait' })
    expect((await request(h.gateway, fsPath(h, '/fs/w?recursive=true'), { method: 'DELETE' })).status).toBe(200)
    expect((await removal.next()).data.changes).toEqual([{ path: 'w' }, { path: 'w/a.txt' }, { path: 'w/b.txt' }])
    removal.close()
  })
})

describe('uploads at once', () => {
  // Found by attacking a server node's own gateway: each upload looked up to 64 chunks ahead in the capsule, and the
  // server keeps 1,024 key-value reads of one requester waiting at most: 40 uploads of 16 MiB at once had 23 refused
  // 503 RequestRefusedError CONGESTION. The lookups of all uploads together are bounded instead.
  it('look up at most MAX_CHUNK_LOOKUPS chunks at once, all uploads together, and all go in', async () => {
    const h = await harness()
    const uploads = Math.ceil(3 * MAX_CHUNK_LOOKUPS / 64)
    const find = h.kv.findBlob.bind(h.kv)
    let underWay = 0
    let most = 0
    // A busy server: no lookup is answered until MAX_CHUNK_LOOKUPS are under way (or 10 s have passed), then each in its time.
    let open!: () => void
    const opened = new Promise<void>((resolve) => { open = resolve })
    const timer = setTimeout(open, 10_000)
    h.kv.findBlob = async (hash) => {
      most = Math.max(most, ++underWay)
      if (underWay >= MAX_CHUNK_LOOKUPS) open()
      try {
        await opened
        await new Promise((resolve) => setTimeout(resolve, 20))
        return await find(hash)
      } finally {
        underWay--
      }
    }
    const files = Array.from({ length: uploads }, () => randomBytes(6 * 1024 * 1024))
    const puts = await Promise.all(files.map(async (file, i) => (await request(h.gateway, fsPath(h, `/fs/up/${i}.bin`), { method: 'PUT', body: file })).status))
    clearTimeout(timer)
    expect(puts).toEqual(Array(uploads).fill(201))
    expect(most).toBe(MAX_CHUNK_LOOKUPS)
    for (const [i, file] of files.entries()) expect(Buffer.compare((await request(h.gateway, fsPath(h, `/fs/up/${i}.bin`))).body, file)).toBe(0)
  })
})
