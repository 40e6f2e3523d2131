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
 * The namespaces each level turns on: the node's errors, then its events,
 * then libp2p's events and errors too. libp2p logs as errors what a peer
 * does to a connection (a stream reset, a dial answered by closing) and
 * its own stopping: at the error level a clean start and stop logged two,
 * one with a stack trace, and an alert on errors fired at every restart.
 * What of those matters to the node reaches its own logs. Per-PDU traces
 * stay behind DEBUG=...:trace: @libp2p/logger decides whether a trace
 * logger exists when a module loads, before any configuration is read.
 */
const NAMESPACES: Record<LogLevel, string> = {
  none: '',
  error: 'gdp:*:error',
  info: 'gdp:*,-gdp:*:trace',
  debug: 'gdp:*,libp2p:*,-*:trace'
}

/** A namespace's level: its last part says error or trace; the rest are the component's events. */
function levelOf (namespace: string): 'error' | 'trace' | 'info' | 'debug' {
  if (namespace.endsWith(':error')) return 'error'
  if (namespace.endsWith(':trace')) return 'trace'
  return namespace.startsWith('gdp:') ? 'info' : 'debug'
}

/**
 * Sets the logs up. With no `log_level`, DEBUG (debug's own variable) says
 * which namespaces log, as libp2p's tools do; with neither, the node's
 * errors do: a server refusing every write with its disk full logged
 * nothing, where the README says a node logs its own failures.
 */
export function configureLogs (options: { format: LogFormat, level: LogLevel | undefined, debug?: string | undefined }, write: (line: string) => void = (line) => { process.stderr.write(line) }): void {
  if (options.format === 'json') {
    // debug puts its own prefix (time, namespace) in the first argument; the JSON object carries them as fields.
    weald.formatArgs = function () {}
    weald.log = function (this: { namespace: string }, ...args: unknown[]) {
      const namespace = this.namespace
      const component = namespace.replace(/:(error|trace)$/, '')
      write(JSON.stringify({ time: new Date().toISOString(), level: levelOf(namespace), component, message: format(...args) }) + '\n')
    }
  }
  const debug = 'debug' in options ? options.debug : process.env.DEBUG
  const level = options.level ?? (debug === undefined ? 'error' : undefined)
  if (level !== undefined) weald.enable(NAMESPACES[level])
}
