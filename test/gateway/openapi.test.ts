// The gateway against its OpenAPI document (docs/openapi.yaml): the file is
// the document the server builds from its routes (UPDATE_OPENAPI=1 writes
// it), every route the HTTP server registered is in it and every operation
// in it is a registered route, /openapi.json serves it, and real answers
// of every operation, successes and errors, match its response schemas
// (request() in harness.ts checks each one).
import { readFileSync, writeFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse, stringify } from 'yaml'
import { Validator } from '@seriousme/openapi-schema-validator'
import { formatName } from '../../src/capsule/name.js'
import { encodeSignedHeartbeat } from '../../src/capsule/codec.js'
import { pb } from '../../src/wire/index.js'
import { recordToPb, signedHeartbeatToPb } from '../../src/capsule/codec.js'
import { payload, testCapsule } from '../helpers.js'
import { checkedAnswers, OPENAPI_FILE, openApiDoc, openEvents, request, startHarness, type Harness } from './harness.js'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
  if (process.env.UPDATE_OPENAPI === '1') {
    writeFileSync(OPENAPI_FILE, '# Generated from the gateway\'s routes (src/gateway): UPDATE_OPENAPI=1 npx vitest run test/gateway/openapi.test.ts\n' + stringify(h.gateway.openApi, { lineWidth: 0, aliasDuplicateObjects: false }))
  }
})
afterAll(async () => { await h?.cleanup() })

const fastifyForm = (path: string): string => path.replace(/\{(key|path)\}/g, '*').replace(/\{(\w+)\}/g, ':$1')

describe('the OpenAPI document', () => {
  it('docs/openapi.yaml is the document the server builds from its routes (OpenAPI 3.1)', () => {
    const file = parse(readFileSync(OPENAPI_FILE, 'utf8')) as Record<string, unknown>
    expect(file.openapi).toBe('3.1.0')
    expect(file).toEqual(JSON.parse(JSON.stringify(h.gateway.openApi)))
  })

  it('is a valid OpenAPI 3.1 document (checked against the specification\'s JSON schema)', async () => {
    const validator = new Validator()
    const result = await validator.validate(OPENAPI_FILE)
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
    expect(validator.version).toBe('3.1')
  })

  it('every route the server registered is in the document, and every operation of the document is a registered route', () => {
    const registered = h.gateway.registeredRoutes.map((r) => `${r.method} ${r.url}`).sort()
    const documented = Object.entries(openApiDoc().paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${fastifyForm(path)}`)).sort()
    expect(registered).toEqual(documented)
    expect(new Set(registered).size).toBe(registered.length)
  })

  it('is served at /openapi.json, behind the token like everything else', async () => {
    const served = await request(h.gateway, '/openapi.json')
    expect(served.status).toBe(200)
    expect(served.json).toEqual(JSON.parse(JSON.stringify(h.gateway.openApi)))
    expect((await request(h.gateway, '/openapi.json', { token: null })).status).toBe(401)
  })

  it('answers of every operation, successes and errors, match the response schemas of the document', async () => {
    const g = h.gateway
    const name = formatName(h.capsule.name)
    const absent = formatName(testCapsule().name)
    const writer = await h.client.writer(h.capsule.name, h.capsule.writer)
    await h.client.append(writer, [payload('zero'), payload('one')], Date.now() * 1000)
    const kv = formatName(h.kv.name)
    const ro = formatName(h.readOnlyKv.name)

    // Raw capsules.
    expect((await request(g, `/v1/capsules/${name}`)).status).toBe(200)
    expect((await request(g, `/v1/capsules/${absent}`)).status).toBe(404)
    expect((await request(g, `/v1/capsules/not-a-name`)).status).toBe(400)
    expect((await request(g, `/v1/capsules/${name}/records?from=0`)).status).toBe(200)
    expect((await request(g, `/v1/capsules/${name}/records?from=0&last=1`)).status).toBe(400)
    expect((await request(g, `/v1/capsules/${name}/records/1`)).status).toBe(200)
    expect((await request(g, `/v1/capsules/${name}/records/9`)).status).toBe(404)
    const bytes = await request(g, `/v1/capsules/${name}/records/0/payload`)
    expect(bytes.status).toBe(200)
    expect((await request(g, `/v1/capsules/${name}/records/0/payload`, { headers: { 'if-none-match': bytes.headers.get('etag')! } })).status).toBe(304)
    expect((await request(g, `/v1/capsules/${absent}/records/0/payload`)).status).toBe(404)
    const batch = writer.append([payload('two')], Date.now() * 1000)
    const protobuf = pb.AppendRequest.encode({ records: batch.records.map(recordToPb), heartbeat: signedHeartbeatToPb(batch.heartbeat) }).finish()
    expect((await request(g, `/v1/capsules/${name}/records`, { method: 'POST', body: protobuf, headers: { 'content-type': 'application/x-protobuf' } })).status).toBe(200)
    expect((await request(g, `/v1/capsules/${name}/records`, { method: 'POST', body: protobuf, headers: { 'content-type': 'application/x-protobuf' } })).status).toBe(409)
    expect((await request(g, `/v1/capsules/${name}/records`, { method: 'POST', body: encodeSignedHeartbeat(batch.heartbeat), headers: { 'content-type': 'text/plain' } })).status).toBe(415)
    const events = await openEvents(g, `/v1/capsules/${name}/events?from=2`, { record: 'Record' })
    expect(events.status).toBe(200)
    expect((await events.next()).data.seqno).toBe(2)
    events.close()
    expect((await request(g, `/v1/capsules/${absent}/events`)).status).toBe(404)

    // Key-value.
    expect((await request(g, `/v1/kv/${kv}`)).status).toBe(200)
    expect((await request(g, `/v1/kv/${absent}`)).status).toBe(404)
    expect((await request(g, `/v1/kv/${kv}/keys/a`, { method: 'PUT', body: 'one' })).status).toBe(200)
    expect((await request(g, `/v1/kv/${ro}/keys/a`, { method: 'PUT', body: 'one' })).status).toBe(403)
    expect((await request(g, `/v1/kv/${kv}/keys/a`, { method: 'PUT', body: 'two', headers: { 'if-none-match': '*' } })).status).toBe(412)
    expect((await request(g, `/v1/kv/${kv}/keys/a`)).status).toBe(200)
    expect((await request(g, `/v1/kv/${kv}/keys/a`, { method: 'HEAD' })).status).toBe(200)
    expect((await request(g, `/v1/kv/${kv}/keys/b`, { method: 'HEAD' })).status).toBe(404)
    expect((await request(g, `/v1/kv/${kv}/keys/b`)).status).toBe(404)
    expect((await request(g, `/v1/kv/${kv}/keys/a`, { headers: { 'if-none-match': '"0"' } })).status).toBe(304)
    expect((await request(g, `/v1/kv/${kv}/batch`, { method: 'POST', body: { ops: [{ op: 'put', key: 'b', value: 'AA==' }, { op: 'put', key: 'c', value: '' }] } })).status).toBe(200)
    expect((await request(g, `/v1/kv/${kv}/batch`, { method: 'POST', body: { ops: [] } })).status).toBe(400)
    expect((await request(g, `/v1/kv/${kv}/keys/c`, { method: 'DELETE', headers: { 'if-match': '"1"' } })).status).toBe(200)
    expect((await request(g, `/v1/kv/${kv}/keys/c`, { method: 'DELETE', headers: { 'if-match': '"1"' } })).status).toBe(412)
    expect((await request(g, `/v1/kv/${kv}/entries?limit=1`)).status).toBe(200)
    expect((await request(g, `/v1/kv/${kv}/entries?limit=0`)).status).toBe(400)
    expect((await request(g, `/v1/kv/${kv}/count?prefix=a`)).status).toBe(200)
    expect((await request(g, `/v1/kv/${kv}/count?prefix=a&gt=a`)).status).toBe(400)
    expect((await request(g, `/v1/kv/${kv}/history/a`)).status).toBe(200)
    // A version past the latest this node holds: 409 VersionNotHeldError, as a node's own index answers (not the client's mistake).
    expect((await request(g, `/v1/kv/${kv}/history/a?version=99`)).status).toBe(409)
    expect((await request(g, `/v1/kv/${kv}/history/a?version=x`)).status).toBe(400)
    expect((await request(g, `/v1/kv/${kv}/diff?from=0&to=3`)).status).toBe(200)
    expect((await request(g, `/v1/kv/${kv}/diff?from=0`)).status).toBe(400)
    const watch = await openEvents(g, `/v1/kv/${kv}/watch?from=0`, { change: 'KvChange' })
    expect((await watch.next()).data.version).toBe(1)
    watch.close()
    expect((await request(g, `/v1/kv/${kv}/watch?from=99`)).status).toBe(409)

    // Files.
    expect((await request(g, `/v1/files/${kv}/fs/dir/f.txt`, { method: 'PUT', body: 'file' })).status).toBe(201)
    expect((await request(g, `/v1/files/${ro}/fs/f.txt`, { method: 'PUT', body: 'file' })).status).toBe(403)
    expect((await request(g, `/v1/files/${kv}/fs/dir/f.txt`)).status).toBe(200)
    expect((await request(g, `/v1/files/${kv}/fs/dir`)).status).toBe(200)
    expect((await request(g, `/v1/files/${kv}/fs/dir/f.txt`, { headers: { range: 'bytes=1-2' } })).status).toBe(206)
    expect((await request(g, `/v1/files/${kv}/fs/dir/f.txt`, { headers: { range: 'bytes=9-' } })).status).toBe(416)
    expect((await request(g, `/v1/files/${kv}/fs/dir/f.txt`, { method: 'HEAD' })).status).toBe(200)
    expect((await request(g, `/v1/files/${kv}/fs/dir/none`, { method: 'HEAD' })).status).toBe(404)
    const files = await openEvents(g, `/v1/files/${kv}/watch/dir?from=0`, { change: 'FsChange' })
    expect((await files.next()).event).toBe('change')
    files.close()
    expect((await request(g, `/v1/files/${kv}/watch/dir/f.txt`)).status).toBe(409)
    expect((await request(g, `/v1/files/${kv}/fs/dir/f.txt`, { method: 'DELETE' })).status).toBe(200)
    expect((await request(g, `/v1/files/${kv}/fs/dir/f.txt`)).status).toBe(404)
    expect((await request(g, `/v1/files/${kv}/fs/dir/f.txt`, { method: 'DELETE' })).status).toBe(404)

    // HEAD beside every GET that is not an event stream: the GET's headers, no body (RFC 9110 section 9.1).
    const heads: Array<[string, number]> = [
      [`/v1/capsules/${name}`, 200], [`/v1/capsules/${absent}`, 404],
      [`/v1/capsules/${name}/records?from=0`, 200], [`/v1/capsules/${name}/records?from=0&last=1`, 400],
      [`/v1/capsules/${name}/records/1`, 200], [`/v1/capsules/${name}/records/9`, 404],
      [`/v1/capsules/${name}/records/0/payload`, 200], [`/v1/capsules/${absent}/records/0/payload`, 404],
      [`/v1/kv/${kv}`, 200], [`/v1/kv/${absent}`, 404],
      [`/v1/kv/${kv}/entries?limit=1`, 200], [`/v1/kv/${kv}/entries?limit=0`, 400],
      [`/v1/kv/${kv}/count?prefix=a`, 200], [`/v1/kv/${kv}/count?prefix=a&gt=a`, 400],
      [`/v1/kv/${kv}/history/a`, 200], [`/v1/kv/${kv}/history/a?version=99`, 409], [`/v1/kv/${kv}/history/a?version=x`, 400],
      [`/v1/kv/${kv}/diff?from=0&to=3`, 200], [`/v1/kv/${kv}/diff?from=0`, 400]
    ]
    for (const [path, status] of heads) {
      const got = await request(g, path)
      const head = await request(g, path, { method: 'HEAD' })
      expect(head.status, `HEAD ${path}`).toBe(status)
      expect(head.body.length, `HEAD ${path}`).toBe(0)
      if (status === 200) expect(head.headers.get('content-length'), `HEAD ${path}`).toBe(got.headers.get('content-length'))
    }

    // Every operation of the document answered at least once, and with an error at least once (the stream routes' errors
    // come before the stream opens); /openapi.json has its own test above.
    for (const [path, ops] of Object.entries(openApiDoc().paths)) {
      for (const method of Object.keys(ops)) {
        if (path === '/openapi.json') continue
        const answered = [...checkedAnswers].filter((a) => a.startsWith(`${method.toUpperCase()} ${path} `)).map((a) => Number(a.split(' ')[2]))
        expect(answered.some((s) => s < 400), `${method} ${path} succeeded at least once`).toBe(true)
        expect(answered.some((s) => s >= 400), `${method} ${path} failed at least once`).toBe(true)
      }
    }
  })
})
