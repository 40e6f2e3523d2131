// Docker HEALTHCHECK for `gdp node start`: healthy while the node rewrites
// <data>/status.json (it does every second), while its upstream router is
// linked when it has one (a server, a child router, a client), and, with
// `--neighbours n`, while it has at least n links up.
//
//   node healthcheck.mjs [--neighbours n]      exit 0 healthy, 1 not (the reason on stdout)
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'

// Five missed rewrites: the node's event loop is stuck, or it is gone.
const STALE_AFTER_MS = 5000

function unhealthy (reason) {
  process.stdout.write(`unhealthy: ${reason}\n`)
  process.exit(1)
}

let values
try {
  ({ values } = parseArgs({ options: { neighbours: { type: 'string', default: '0' } } }))
} catch (err) {
  unhealthy(err.message.split('\n')[0])
}
if (!/^\d+$/.test(values.neighbours)) unhealthy(`--neighbours '${values.neighbours}' is not a count`)
const minNeighbours = Number(values.neighbours)
const statusFile = join(process.env.GDP_DATA ?? './data', 'status.json')

let status
try {
  status = JSON.parse(readFileSync(statusFile, 'utf8'))
} catch (err) {
  // Not written yet, or caught halfway through a rewrite: the next probe decides.
  unhealthy(`${statusFile}: ${err.message}`)
}
if (status === null || typeof status !== 'object') unhealthy(`${statusFile} holds no status`)
const ageMs = Date.now() - Date.parse(status.updatedAt)
if (!(ageMs <= STALE_AFTER_MS)) unhealthy(`${statusFile} was last rewritten ${Math.round(ageMs / 1000)} s ago`)
// Dated ahead: not the node's clock now (a volume restored, the clock stepped back), so no proof it runs.
if (!(ageMs >= -STALE_AFTER_MS)) unhealthy(`${statusFile} is dated ${Math.round(-ageMs / 1000)} s ahead of this clock`)
// A router's own servers and clients are links too: they kept a router that lost its parent "healthy".
if (status.upstream?.linked === false) unhealthy('its upstream router is not linked')
const neighbours = Array.isArray(status.neighbours) ? status.neighbours.length : 0
if (neighbours < minNeighbours) unhealthy(`${neighbours} neighbour links up, ${minNeighbours} wanted`)
process.stdout.write(`healthy: ${status.role} ${status.name}, ${neighbours} neighbours, ${status.routes} routes\n`)
