// Another node's text as this node keeps it (src/peer-text.ts): whole up to the limit, cut past it, no controls.
import { describe, expect, it } from 'vitest'
import { escapeControls, escapeJsonControls, holdsControl, MAX_PEER_TEXT, peerText } from '../src/peer-text.js'

describe('peerText', () => {
  it('keeps MAX_PEER_TEXT characters whole, and cuts one more, saying how many went', () => {
    const at = 'x'.repeat(MAX_PEER_TEXT)
    expect(peerText(at)).toBe(at)
    expect(peerText(at + 'y')).toBe(`${at}... (1 more characters)`)
  })

  it('escapes every control, newlines and tabs too, as one line; escapeControls keeps tab and newline', () => {
    expect(peerText('a\nb\tc\u001b[2J\u007f\u009b')).toBe('a\\nb\\tc\\x1b[2J\\x7f\\x9b')
    expect(escapeControls('a\nb\tc\u001b\u0085')).toBe('a\nb\tc\\x1b\\x85')
    expect(peerText('é ü 日本 \u00a0')).toBe('é ü 日本 \u00a0')
  })

  it('escapeJsonControls escapes in JSON what JSON.stringify leaves, DEL and C1, and nothing else', () => {
    const json = escapeJsonControls(JSON.stringify('a\u001b\u007f\u009b é\n'))
    expect(json).toBe('"a\\u001b\\u007f\\u009b é\\n"')
    expect(JSON.parse(json)).toBe('a\u001b\u007f\u009b é\n')
  })

  it('holdsControl tells any control but tab and newline, again and again (its pattern is global)', () => {
    for (let i = 0; i < 3; i++) expect(holdsControl('x\u0085')).toBe(true)
    expect(holdsControl('a\tb\nc é')).toBe(false)
  })
})
