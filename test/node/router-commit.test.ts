// The waits of a router's move (src/node/router-commit.ts) on the monotonic clock.
import { createServer } from 'node:net'
import { describe, expect, it, vi } from 'vitest'
import { listening } from '../../src/node/router-commit.js'

/** A loopback TCP port nothing listens on (one that was free a moment ago). */
async function closedPort (): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe('listening', () => {
  // Found by reading the move's waits: they ran on the wall clock, so one stepped back an hour while a node waited
  // for its new instance's port held the wait an hour.
  it('gives up after its timeout though the wall clock steps back an hour meanwhile', async () => {
    const port = await closedPort()
    const wallClock = Date.now.bind(Date)
    let calls = 0
    const stepped = vi.spyOn(Date, 'now').mockImplementation(() => wallClock() - (calls++ === 0 ? 0 : 3_600_000))
    try {
      const answer = await Promise.race([listening(`/ip4/127.0.0.1/tcp/${port}`, 200), new Promise((resolve) => setTimeout(() => resolve('still waiting'), 3000))])
      expect(answer).toBe(false)
    } finally {
      stepped.mockRestore()
    }
  })
})
