// Docker HEALTHCHECK for `gdp node start`: healthy while the node rewrites
// <data>/status.json (it does every second) and, with `--neighbours n`, while
// it has at least n links up (a server or child router: its upstream).
//
//   node healthcheck.mjs [--neighbours n]      exit 0 healthy, 1 not (the reason on stdout)
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'

// Five missed rewrites: the node's event loop is stuck, or it is gone.
const STALE_AFTER_MS = 5000

const { values } = parseArgs({ options: { neighbours: { type: 'string', default: '0' } } })
const minNeighbours = Number(values.neighbours)
const statusFile = join(process.env.GDP_DATA ?? './data', 'status.json')

function unhealthy (reason) {
  process.stdout.write(`unhealthy: ${reason}\n`)
  process.exit(1)
}

if (!Number.isInteger(minNeighbours) || minNeighbours < 0) unhealthy(`--neighbours '${values.neighbours}' is not a count`)
let status
try {
  status = JSON.parse(readFileSync(statusFile, 'utf8'))
} catch (err) {
  // Not written yet, or caught halfway through a rewrite: the next probe decides.
  unhealthy(`${statusFile}: ${err.message}`)
}
const ageMs = Date.now() - Date.parse(status.updatedAt)
if (!(ageMs <= STALE_AFTER_MS)) unhealthy(`${statusFile} was last rewritten ${Math.round(ageMs / 1000)} s ago`)
const neighbours = Array.isArray(status.neighbours) ? status.neighbours.length : 0
if (neighbours < minNeighbours) unhealthy(`${neighbours} neighbour links up, ${minNeighbours} wanted`)
process.stdout.write(`healthy: ${status.role} ${status.name}, ${neighbours} neighbours, ${status.routes} routes\n`)
