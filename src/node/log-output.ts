/**
 * Where the node's logs go and which are on. Every component logs through
 * @libp2p/logger (debug's namespaces: gdp:forwarder, gdp:node:error,
 * libp2p:dialer, ...). `log_level` turns namespaces on by level in place of
 * DEBUG; `log_format: json` writes one JSON object per line (time, level,
 * component, message) on stderr for log collectors, in place of debug's text.
 */
import { format } from 'node:util'
import weald from 'weald'
import type { LogFormat, LogLevel } from './config.js'

/**
 * The namespaces each level turns on: errors everywhere, then the node's
 * events, then libp2p's too. Per-PDU traces stay behind DEBUG=...:trace:
 * @libp2p/logger decides whether a trace logger exists when a module loads,
 * before any configuration is read.
 */
const NAMESPACES: Record<LogLevel, string> = {
  none: '',
  error: '*:error',
  info: 'gdp:*,-gdp:*:trace,*:error',
  debug: 'gdp:*,libp2p:*,-*:trace'
}

/** A namespace's level: its last part says error or trace; the rest are the component's events. */
function levelOf (namespace: string): 'error' | 'trace' | 'info' | 'debug' {
  if (namespace.endsWith(':error')) return 'error'
  if (namespace.endsWith(':trace')) return 'trace'
  return namespace.startsWith('gdp:') ? 'info' : 'debug'
}

export function configureLogs (options: { format: LogFormat, level: LogLevel | undefined }, write: (line: string) => void = (line) => { process.stderr.write(line) }): void {
  if (options.format === 'json') {
    // debug puts its own prefix (time, namespace) in the first argument; the JSON object carries them as fields.
    weald.formatArgs = function () {}
    weald.log = function (this: { namespace: string }, ...args: unknown[]) {
      const namespace = this.namespace
      const component = namespace.replace(/:(error|trace)$/, '')
      write(JSON.stringify({ time: new Date().toISOString(), level: levelOf(namespace), component, message: format(...args) }) + '\n')
    }
  }
  if (options.level !== undefined) weald.enable(NAMESPACES[options.level])
}
