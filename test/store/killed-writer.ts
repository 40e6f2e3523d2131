import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { encodeSignedMetadata } from '../../src/capsule/codec.js'
import type { SignedMetadata } from '../../src/capsule/types.js'
import { waitFor } from '../helpers.js'

/**
 * Runs children/crash-writer.mjs on the store at `path` (appending to the
 * capsule `signed`, as the writer of `writerSeed`) and kills it (SIGKILL)
 * once it has acknowledged `atLeast` records; returns how many it had
 * acknowledged, and how it ended.
 */
export async function writeUntilKilled (path: string, signed: SignedMetadata, writerSeed: Uint8Array, atLeast: number): Promise<{ acked: number, signal: NodeJS.Signals | null }> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'children/crash-writer.mjs'), path, Buffer.from(encodeSignedMetadata(signed)).toString('hex'), Buffer.from(writerSeed).toString('hex'), 'nosync'])
  let acked = 0
  let out = ''
  const exited = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const lines = out.split('\n')
      out = lines.pop()!
      for (const l of lines) acked = Number(l)
      if (acked >= atLeast && child.exitCode === null) child.kill('SIGKILL')
    })
    child.on('exit', () => resolve())
    child.on('error', reject)
  })
  try {
    await waitFor(exited, { timeoutMs: 60_000, what: `the writer to reach ${atLeast} acknowledged records and be killed` })
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
  return { acked, signal: child.signalCode }
}
