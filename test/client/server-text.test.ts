// What a server says in a refusal is its own text: the client keeps a line of
// it, with no controls, however much it sent.
import { afterEach, describe, expect, it } from 'vitest'
import { RequestRefusedError } from '../../src/errors.js'
import { MAX_PEER_TEXT } from '../../src/peer-text.js'
import type { Link } from '../../src/routing/forwarder.js'
import { pb } from '../../src/wire/index.js'
import { servedCapsule } from './served-capsule.js'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => { for (const c of cleanups.splice(0)) await c() })

describe('a refusal\'s detail from a server', () => {
  it('is kept to MAX_PEER_TEXT characters, saying how many more there were, with its controls escaped', async () => {
    const o = await servedCapsule((undo) => cleanups.push(undo))
    const link = o.s.f.link(o.r.f.self) as Link & { send: Link['send'] }
    const send = link.send.bind(link)
    const detail = '\u001b]0;owned\u0007\u009b2J\nforged log line ' + 'x'.repeat(100_000)
    link.send = (pdu) => { send(pdu.response != null ? { ...pdu, response: null, nack: { reason: pb.NackReason.SERVER_ERROR, detail } } : pdu) }
    const refused = await o.client.info(o.capsule.name).catch((err: unknown) => err)
    expect(refused).toBeInstanceOf(RequestRefusedError)
    const { message } = refused as RequestRefusedError
    expect(message.startsWith('SERVER_ERROR: \\x1b]0;owned\\x07\\x9b2J\\nforged log line xxx')).toBe(true)
    expect(message).toMatch(new RegExp(`\\.\\.\\. \\(${detail.length - MAX_PEER_TEXT} more characters\\)$`))
    expect(message.length).toBeLessThan(MAX_PEER_TEXT + 100)
    expect(message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/)
  })
})

describe('a joining server\'s word on why it cannot catch up (InfoResponse.catch_up_failure)', () => {
  it('is kept to MAX_PEER_TEXT characters with its controls escaped, as a refusal\'s detail is (the move prints it)', async () => {
    const o = await servedCapsule((undo) => cleanups.push(undo))
    const link = o.s.f.link(o.r.f.self) as Link & { send: Link['send'] }
    const send = link.send.bind(link)
    const failure = '\u001b]0;owned\u0007\nforged log line ' + 'x'.repeat(100_000)
    link.send = (pdu) => { send(pdu.response?.info != null ? { ...pdu, response: { ...pdu.response, info: { ...pdu.response.info, catchUpFailure: failure } } } : pdu) }
    const said = (await o.client.info(o.capsule.name)).catchUpFailure!
    expect(said.startsWith('\\x1b]0;owned\\x07\\nforged log line xxx')).toBe(true)
    expect(said.length).toBeLessThan(MAX_PEER_TEXT + 100)
    expect(said).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/)
  })
})
