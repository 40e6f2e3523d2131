/**
 * The limit on open files a node runs under, against what it may hold:
 * each connection is a descriptor, and LevelDB keeps its tables open too.
 * Out of descriptors, a node refused connections and its reads failed
 * (found by attacking it under `ulimit -n 64`); told at start, an operator
 * raises the limit before that happens. (Node raises its soft limit to the
 * hard one as it starts: what is read here is what the process has.)
 */
import { readFileSync } from 'node:fs'

/** Descriptors a node takes besides its connections: its store's tables and logs, its own files, libuv's. */
export const FILES_BESIDES_CONNECTIONS = 256

/** The soft limit on open files of this process, where /proc says it (Linux); undefined elsewhere or unlimited. */
export function openFilesLimit (limits = '/proc/self/limits'): number | undefined {
  let text: string
  try {
    text = readFileSync(limits, 'utf8')
  } catch {
    return undefined
  }
  const soft = /^Max open files\s+(\S+)/m.exec(text)?.[1]
  return soft === undefined || soft === 'unlimited' ? undefined : Number(soft)
}

/** What to tell the operator when the limit is below what `connections` and the store need, or undefined. */
export function openFilesWarning (connections: number, limit = openFilesLimit()): string | undefined {
  const wanted = connections + FILES_BESIDES_CONNECTIONS
  if (limit === undefined || limit >= wanted) return undefined
  return `the limit on open files is ${limit}, and this node may hold ${connections} connections besides its store's files: raise it to ${wanted} or more (ulimit -n, or LimitNOFILE= in a systemd unit) or lower max_connections; out of descriptors it refuses connections, and reads fail with ServerBusyError until some close`
}
