/**
 * Text that came from elsewhere (another node's refusal, a writer's path),
 * made fit to show: other nodes choose what they send, up to a whole frame
 * of it, with controls that move a terminal's cursor or forge log lines.
 */

/** Characters of another node's text kept in an error or a log line; a detail is one line for humans. */
export const MAX_PEER_TEXT = 1000

// Every C0 control but tab and newline, DEL, and the C1 controls: xterm takes U+009B, written in UTF-8, for CSI
// as it takes ESC [.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g
// What JSON.stringify leaves as it is of those: it escapes U+0000 to U+001F only.
// eslint-disable-next-line no-control-regex
const JSON_UNESCAPED_CONTROL = /[\x7f-\x9f]/g

/** Whether `text` holds a control but tab and newline. */
export function holdsControl (text: string): boolean {
  CONTROL.lastIndex = 0
  return CONTROL.test(text)
}

/** `text` with its controls (but tab and newline) as \xHH. */
export function escapeControls (text: string): string {
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
}

/**
 * JSON text as JSON.stringify makes it, with DEL and the C1 controls
 * escaped too (as \u00XX): the same value, safe on a terminal.
 */
export function escapeJsonControls (json: string): string {
  return json.replace(JSON_UNESCAPED_CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/**
 * Another node's text as this node keeps it in an error or a log line: its
 * first MAX_PEER_TEXT characters, saying how many more there were, and
 * every control as \xHH, newlines too (one line, as its sender meant).
 */
export function peerText (text: string, max = MAX_PEER_TEXT): string {
  const kept = text.length > max ? `${text.slice(0, max)}... (${text.length - max} more characters)` : text
  return escapeControls(kept).replace(/[\t\n]/g, (c) => c === '\n' ? '\\n' : '\\t')
}
