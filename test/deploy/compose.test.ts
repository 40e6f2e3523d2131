// The compose testnet for real (deploy/docker-compose.yml): the image built
// with no registry (deploy/build-offline.sh), `docker-compose up`, and the
// scenario container's append in domain a read back, verified, from domain
// b; then a stop and a second `up` on the same volumes, which must keep every
// identity and the capsule. Everything the test made is taken down with
// `down -v`, whatever happened.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const REPO = join(import.meta.dirname, '../..')
const COMPOSE_FILE = join(REPO, 'deploy/docker-compose.yml')
// Tags of the test's own, so a developer's gdp-node:local is left alone.
const IMAGE = 'gdp-node:test'
const BASE_IMAGE = 'gdp-base:test'
const PROJECT = `gdptest${process.pid}`
const RECORDS = ['hello from domain a', 'second record', 'third record']

/** What keeps the test from running here; empty when docker, compose and the base image's inputs are all there. */
function missingPrerequisites (): string[] {
  const missing: string[] = []
  const works = (cmd: string, args: string[]): boolean => spawnSync(cmd, args, { stdio: 'ignore', timeout: 20_000 }).status === 0
  if (!works('docker', ['version', '--format', '{{.Server.Version}}'])) missing.push('no docker daemon answers (install docker.io, start dockerd)')
  if (!works('docker-compose', ['version'])) missing.push('docker-compose is not installed')
  // base-image.sh packs a static busybox for the image's shell: ldd refuses a static binary.
  const busybox = spawnSync('sh', ['-c', 'command -v busybox']).stdout.toString().trim()
  if (busybox === '' || works('ldd', [busybox])) missing.push('no static busybox (busybox-static)')
  if (!existsSync(join(REPO, 'node_modules'))) missing.push('no node_modules (npm ci)')
  return missing
}

interface Run { code: number | null, stdout: string, stderr: string }

/** Runs a command to its end, or kills it after `timeoutMs`; throws unless it exits 0 (or `allowFailure`). */
async function run (cmd: string, args: string[], timeoutMs: number, allowFailure = false): Promise<Run> {
  const child = spawn(cmd, args, { cwd: REPO, env: { ...process.env, GDP_IMAGE: IMAGE }, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs, killSignal: 'SIGKILL' })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (status) => { resolve(status) })
  })
  if (code !== 0 && !allowFailure) {
    throw new Error(`${cmd} ${args.join(' ')}: ${code === null ? `killed after ${timeoutMs} ms` : `exit ${code}`}\n${stdout.slice(-3000)}\n${stderr.slice(-3000)}`)
  }
  return { code, stdout, stderr }
}

const compose = async (args: string[], timeoutMs: number, allowFailure = false): Promise<Run> =>
  await run('docker-compose', ['-p', PROJECT, '-f', COMPOSE_FILE, ...args], timeoutMs, allowFailure)

const sleep = async (ms: number): Promise<void> => { await new Promise((resolve) => setTimeout(resolve, ms)) }

interface ScenarioOutcome { exitCode: number, output: string }

/** Waits for the scenario container to exit; its exit code and its output. */
async function scenarioOutcome (): Promise<ScenarioOutcome> {
  const id = (await compose(['ps', '-q', 'scenario'], 30_000)).stdout.trim()
  expect(id).toMatch(/^[0-9a-f]{12,}$/)
  const exitCode = Number((await run('docker', ['wait', id], 180_000)).stdout.trim())
  const logs = await run('docker', ['logs', id], 30_000)
  return { exitCode, output: logs.stdout + logs.stderr }
}

/** Checks what the scenario says it verified; returns when (epoch ms) its first cross-domain read was verified. */
function checkScenario (outcome: ScenarioOutcome): number {
  expect(outcome.exitCode, outcome.output).toBe(0)
  expect(outcome.output).toMatch(/created capsule \S{43} on a-server/)
  expect(outcome.output).toContain('appended 3 records through a-router, acknowledged by a-server')
  expect(outcome.output).toContain("read them back from domain b through b-router, each record verified against the writer's heartbeat, equal to what was appended")
  expect(outcome.output).toMatch(/verified the whole capsule from domain b: capsule \S{43} on the overlay: 3 records, 1 heartbeats: valid/)
  expect(outcome.output).toContain('scenario: PASS')
  return Number(/first verified cross-domain read at (\d+)/.exec(outcome.output)![1])
}

/** The part of a node's status.json (written by `gdp node start`) the test reads. */
interface NodeStatus { hosted: number, forwarder: { forwarded: number } }

/**
 * A node's status.json, read in its container. The node rewrites it every
 * second; a read that catches a rewrite half done is made again, 5 times at most.
 */
async function statusOf (service: string): Promise<NodeStatus> {
  for (let attempt = 1; ; attempt++) {
    const text = (await compose(['exec', '-T', service, 'cat', '/data/status.json'], 30_000)).stdout
    try {
      return JSON.parse(text) as NodeStatus
    } catch (err) {
      if (attempt === 5) throw new Error(`${service}: status.json did not parse 5 times: ${(err as Error).message}`)
      await sleep(300)
    }
  }
}

/** What the root router has forwarded, once its status file says any, or after 10 s what it says then. */
async function forwardedByRoot (): Promise<number> {
  const until = Date.now() + 10_000
  for (;;) {
    const forwarded = (await statusOf('root-router')).forwarder.forwarded
    if (forwarded > 0 || Date.now() > until) return forwarded
    await sleep(500)
  }
}

/** Node names and addresses as the init service wrote them. */
const testnetEnv = async (): Promise<string> =>
  (await compose(['run', '--rm', '--no-deps', '--entrypoint', 'cat', 'scenario', '/directory/testnet.env'], 60_000)).stdout

/**
 * The payloads of a capsule's records, read through b-router by a client in
 * the scenario's image (each record checked against the writer's heartbeat).
 * Routes come back with the servers' advertisements after a restart: a read
 * that meets NO_ROUTE is tried again, 30 times at most, a second apart.
 */
async function readFromDomainB (capsule: string): Promise<string[]> {
  const read = ['run', '--rm', '--no-deps', '--entrypoint', 'sh', 'scenario', '-c', '. /directory/testnet.env && gdp capsule read "$1" --node "$B_ROUTER_TCP"', 'read-back', capsule]
  for (let attempt = 1; ; attempt++) {
    const result = await compose(read, 60_000, true)
    if (result.code === 0) return result.stdout.split('\n').filter((line) => line !== '').map((line) => line.split('\t')[2]!)
    if (!result.stderr.includes('NO_ROUTE') || attempt === 30) throw new Error(`reading ${capsule} from domain b: ${result.stderr.slice(-2000)}`)
    await sleep(1000)
  }
}

/** Containers, networks and volumes still labelled with the test's compose project. */
async function leftovers (): Promise<string[]> {
  const filter = `label=com.docker.compose.project=${PROJECT}`
  const listed = await Promise.all([
    run('docker', ['ps', '-a', '-q', '--filter', filter], 30_000),
    run('docker', ['network', 'ls', '-q', '--filter', filter], 30_000),
    run('docker', ['volume', 'ls', '-q', '--filter', filter], 30_000)
  ])
  return listed.flatMap((r) => r.stdout.split('\n').filter((line) => line.trim() !== ''))
}

// CI installs docker and starts its daemon, and sets GDP_REQUIRE_DOCKER=1: there a missing part fails the test instead of skipping it.
const required = process.env.GDP_REQUIRE_DOCKER === '1'
const missing = missingPrerequisites()
if (missing.length > 0 && !required) console.warn(`compose: the docker-compose testnet was not run: ${missing.join('; ')}`)
const title = missing.length > 0 && !required
  ? `NOT RUN: no usable docker here, so the compose testnet was not run (${missing.join('; ')})`
  : 'docker-compose up: an append in domain a is read back, verified, from domain b; after a restart every identity and the capsule are still there'

describe('the docker-compose testnet', () => {
  it.skipIf(missing.length > 0 && !required)(title, async () => {
    if (missing.length > 0) throw new Error(`GDP_REQUIRE_DOCKER=1 but the compose testnet cannot run: ${missing.join('; ')}`)
    const buildStarted = Date.now()
    await run('bash', ['deploy/build-offline.sh', '--tag', IMAGE, '--base', BASE_IMAGE], 480_000)
    const size = (await run('docker', ['image', 'inspect', '--format', '{{.Size}}', IMAGE], 30_000)).stdout.trim()
    console.log(`compose: image ${IMAGE} built in ${Date.now() - buildStarted} ms, ${(Number(size) / 1e6).toFixed(0)} MB`)
    try {
      const upStarted = Date.now()
      await compose(['up', '-d', '--no-build'], 240_000)
      const first = await scenarioOutcome()
      const verifiedAt = checkScenario(first)
      console.log(`compose: first verified cross-domain read ${verifiedAt - upStarted} ms after docker-compose up`)

      // The read crossed the root: the root router forwarded it; the capsule is on a-server alone. Its status file is
      // written once a second, and on a loaded machine the one read may be from before the read (it was, once, in CI).
      expect(await forwardedByRoot()).toBeGreaterThan(0)
      expect((await statusOf('a-server')).hosted).toBe(1)
      expect((await statusOf('b-server')).hosted).toBe(0)

      // Stopped and started again on the same volumes (all but the scenario): init
      // keeps every key, and the capsule is still on a-server, readable from domain b.
      const identities = await testnetEnv()
      expect(identities).toMatch(/^A_SERVER_NAME=\S{43}$/m)
      const capsule = /created capsule (\S{43})/.exec(first.output)![1]!
      await compose(['stop', '-t', '10'], 120_000)
      const restarted = Date.now()
      await compose(['up', '-d', '--no-build', 'a-server', 'b-server'], 240_000)
      expect(await testnetEnv()).toBe(identities)
      expect((await statusOf('a-server')).hosted).toBe(1)
      expect(await readFromDomainB(capsule)).toEqual(RECORDS)
      console.log(`compose: after a restart, the capsule read back from domain b ${Date.now() - restarted} ms after docker-compose up`)
    } catch (err) {
      const logs = await compose(['logs', '--no-color', '--tail', '30'], 60_000, true)
      console.error(`compose: logs of the failed run\n${logs.stdout}${logs.stderr}`)
      throw err
    } finally {
      const downStarted = Date.now()
      await compose(['down', '-v', '--remove-orphans', '-t', '10'], 180_000, true)
      console.log(`compose: down -v took ${Date.now() - downStarted} ms`)
    }
    expect(await leftovers()).toEqual([])
  }, 1_200_000)
})
