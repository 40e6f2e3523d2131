// Every status the gateway can answer on a route is one the OpenAPI document
// declares for it, with the body it says. The routes' components (the
// node's client, its key-value access) are replaced by ones that throw, and
// every route is driven with every refusal the overlay has (each NACK
// reason of the protocol, so a new reason is covered by itself) and every
// failure of the client's own: the capsule read routes declared 404, 410,
// 502, 503 and 504 only, and answered 403, 409, 413, 429 and 507 when the
// overlay refused so. Each answer is the route's JSON Error, as declared;
// and each path asked by a method the document does not list for it is 405
// with the methods it lists in Allow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as errors from '../../src/errors.js'
import { httpGateway, type HttpGateway } from '../../src/gateway/gateway.js'
import type { GatewayCapsuleClient } from '../../src/gateway/capsule-routes.js'
import { errorBody, STATUS_BY_NACK, STATUS_BY_NAME, statusOf } from '../../src/http/errors.js'
import { OVERLAY_STATUSES } from '../../src/gateway/spec.js'
import { gdp } from '../../src/wire/gen/proto.js'
import { formatName } from '../../src/capsule/name.js'
import { testCapsule } from '../helpers.js'
import { expectValid, TOKEN } from './harness.js'

/** What the overlay may refuse any request with: each NACK reason of the protocol. */
const refusals = Object.keys(gdp.v1.NackReason).filter((k) => Number.isNaN(Number(k)))
  .map((reason) => new errors.RequestRefusedError(reason as keyof typeof gdp.v1.NackReason, `refused: ${reason}`))

/** What the client, or the node's store under it, fails with on any call, whatever it asked. */
const clientFailures: Error[] = [
  new errors.CapsuleNotFoundError('no such capsule'),
  new errors.CapsuleDeletedError('deleted by its owner'),
  new errors.CapsuleExpiredError('its metadata expired'),
  new errors.RequestTimeoutError('no answer in time'),
  new errors.LinkTimeoutError('the link did not come up'),
  new errors.LinkRefusedError('the link was refused'),
  new errors.LinkCongestedError('the link is congested'),
  new errors.ReadQuorumNotReachedError('too few replicas answered'),
  new errors.ReplicasUnreachableError('no replica answered'),
  new errors.CapsuleMovedError('moved on the way', new Uint8Array(32)),
  new errors.InvalidProofError('a proof that does not verify'),
  new errors.InvalidSignatureError('a signature that does not verify'),
  new errors.UnexpectedResponseError('an answer that does not fit the request'),
  new errors.StoreCorruptionError('damage in this node\'s store'),
  new errors.StoreFullError('the disk is full'),
  new errors.StoreClosedError('the store is closed'),
  new errors.ServerBusyError('busy'),
  new errors.ServiceStoppedError('stopping')
]

/** What each route needs besides its path to reach its components (a route that checks the request first). */
const REQUEST_BY_ROUTE: Record<string, { query?: string, body?: string, contentType?: string }> = {
  'GET /v1/capsules/{name}/records': { query: 'from=0' },
  'HEAD /v1/capsules/{name}/records': { query: 'from=0' },
  'POST /v1/capsules/{name}/records': {
    contentType: 'application/json',
    body: JSON.stringify({ records: [{ seqno: 0, timestampUs: 1, prevHash: '00'.repeat(32), payload: '' }], heartbeat: { size: 1, root: '00'.repeat(32), lastRecordHash: '00'.repeat(32), timestampUs: 1, signature: '00'.repeat(64) } })
  },
  'GET /v1/kv/{capsule}/diff': { query: 'from=0&to=1' },
  'HEAD /v1/kv/{capsule}/diff': { query: 'from=0&to=1' },
  'PUT /v1/kv/{capsule}/keys/{key}': { body: 'value' },
  'POST /v1/kv/{capsule}/batch': { contentType: 'application/json', body: JSON.stringify({ ops: [{ op: 'put', key: 'k', value: '' }] }) },
  'PUT /v1/files/{capsule}/fs/{path}': { body: 'bytes' }
}

type Operation = { responses: Record<string, { content?: Record<string, { schema: unknown }> }>, parameters?: Array<{ name: string, in: string }> }

/** Statuses the gateway answers before any route is chosen: no operation of the document can list them. */
const ANSWERED_FOR_NO_ROUTE: Record<number, string> = {
  405: 'a method the path takes not (the Allow header lists those it takes)',
  408: 'a head that did not come in time: its route is not known yet'
}

/** Statuses only some routes can answer, and the request parameter that makes a route one of them. */
const ANSWERED_FOR_A_PARAMETER: Record<number, (method: string, parameter: string) => boolean> = {
  412: (method, parameter) => parameter === 'If-Match' || parameter === 'If-Unmodified-Since' || (parameter === 'If-None-Match' && method !== 'get' && method !== 'head'),
  416: (_method, parameter) => parameter === 'Range'
}

let failing: Error = new Error('set by each case')
let gateway: HttpGateway
beforeAll(async () => {
  const fail = async (): Promise<never> => { throw failing }
  const client = new Proxy({}, { get: () => fail }) as unknown as GatewayCapsuleClient
  gateway = httpGateway({ host: '127.0.0.1', port: 0, token: TOKEN, stopGraceMs: 200 })({ client, kv: fail })
  await gateway.start()
})
afterAll(async () => { await gateway?.stop() })

describe('the statuses of the OpenAPI document', () => {
  it('every route answers each overlay refusal and client failure with a status it declares, and the JSON Error it declares for it', async () => {
    const name = formatName(testCapsule().name)
    const paths = (gateway.openApi as { paths: Record<string, Record<string, Operation>> }).paths
    const undeclared = new Set<string>()
    let driven = 0
    for (const [template, operations] of Object.entries(paths)) {
      if (template === '/openapi.json') continue
      const path = template.replace(/\{(name|capsule)\}/g, name).replace('{seqno}', '0').replace('{key}', 'k').replace('{path}', 'f')
      for (const [method, operation] of Object.entries(operations)) {
        const route = `${method.toUpperCase()} ${template}`
        const { query, body, contentType } = REQUEST_BY_ROUTE[route] ?? {}
        for (const err of [...refusals, ...clientFailures]) {
          failing = err
          const status = statusOf(err)
          const res = await fetch(`${gateway.url}${path}${query === undefined ? '' : `?${query}`}`, {
            method: method.toUpperCase(),
            headers: { authorization: `Bearer ${TOKEN}`, ...(contentType === undefined ? {} : { 'content-type': contentType }) },
            ...(body === undefined ? {} : { body })
          })
          const text = await res.text()
          const what = `${route} with ${err.name}${err instanceof errors.RequestRefusedError ? ` ${err.reason}` : ''}`
          // The injected error reached the route's components: the route was driven, not refused before.
          expect(res.status, `${what}: ${text}`).toBe(status)
          driven++
          const declared = operation.responses[String(status)]
          if (declared === undefined) { undeclared.add(`${route} ${status}`); continue }
          expect(res.headers.get('content-type'), what).toMatch(/^application\/json/)
          expect(Object.keys(declared.content ?? {}), what).toEqual(['application/json'])
          if (method === 'head') { expect(text, what).toBe(''); continue }
          const sent = JSON.parse(text) as unknown
          expectValid(declared.content!['application/json']!.schema, sent, what)
          expect(sent, what).toEqual(JSON.parse(JSON.stringify(errorBody(err, status))))
        }
      }
    }
    expect([...undeclared], 'statuses answered that the route does not declare').toEqual([])
    expect(driven).toBeGreaterThan(20 * (refusals.length + clientFailures.length))
  })

  it('each status of the error tables is declared by every route that reaches a capsule, by every route that takes the parameter it answers, or answered for no route', () => {
    const paths = (gateway.openApi as { paths: Record<string, Record<string, Operation>> }).paths
    const tableStatuses = new Set([...Object.values(STATUS_BY_NAME), ...Object.values(STATUS_BY_NACK).filter((s) => s !== undefined)])
    for (const status of tableStatuses) {
      if (status in ANSWERED_FOR_NO_ROUTE) continue
      const answersFor = ANSWERED_FOR_A_PARAMETER[status]
      expect(OVERLAY_STATUSES.includes(status) || [400, 401, 415, 417, 431].includes(status) || answersFor !== undefined, `${status}: a status of the tables that no rule of the document places; place it in spec.ts, or here`).toBe(true)
      if (answersFor === undefined) continue
      for (const [template, operations] of Object.entries(paths)) {
        for (const [method, operation] of Object.entries(operations)) {
          const takes = (operation.parameters ?? []).some((p) => p.in === 'header' && answersFor(method, p.name))
          if (takes) expect(Object.keys(operation.responses), `${method.toUpperCase()} ${template} takes what answers ${status}`).toContain(String(status))
        }
      }
    }
  })

  it('a path of the document asked by a method it does not list is 405 MethodNotAllowedError, with the methods it lists in Allow', async () => {
    const name = formatName(testCapsule().name)
    const paths = (gateway.openApi as { paths: Record<string, Record<string, Operation>> }).paths
    for (const [template, operations] of Object.entries(paths)) {
      const path = template.replace(/\{(name|capsule)\}/g, name).replace('{seqno}', '0').replace('{key}', 'a/b').replace('{path}', 'a/b')
      const listed = Object.keys(operations).map((m) => m.toUpperCase()).sort()
      for (const method of ['GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS', 'PROPFIND'].filter((m) => !listed.includes(m))) {
        const res = await fetch(`${gateway.url}${path}`, { method, headers: { authorization: `Bearer ${TOKEN}` } })
        const text = await res.text()
        const what = `${method} ${template}`
        expect(res.status, `${what}: ${text}`).toBe(405)
        expect(res.headers.get('allow')?.split(', ').sort(), what).toEqual(listed)
        expect(res.headers.get('content-type'), what).toMatch(/^application\/json/)
        if (method !== 'HEAD') expect(JSON.parse(text), what).toMatchObject({ error: 'MethodNotAllowedError' })
      }
    }
  })
})
