// Another node's text as this node keeps it (src/peer-text.ts): whole up to the limit, cut past it, no controls.
import { describe, expect, it } from 'vitest'
import { escapeControls, MAX_PEER_TEXT, peerText } from '../src/peer-text.js'

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
})
