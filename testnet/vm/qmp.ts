/**
 * The QMP steps of a handoff from the command line (the client is
 * src/migration/qemu.ts):
 *
 *   node dist/testnet/vm/qmp.js <socket> stop-and-save <devstate-path>
 *   node dist/testnet/vm/qmp.js <socket> cont
 *
 * `stop-and-save` serves as a migration's `--pause-command`, for a sender
 * that cannot use `--pause-qmp` (the cp transfer, say).
 */
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { QmpClient, stopAndSave } from '../../src/migration/qemu.js'

async function main (argv: string[]): Promise<void> {
  const [socketPath, command, path] = argv
  const usage = 'usage: qmp.js <socket> stop-and-save <devstate-path> | <socket> cont'
  if (socketPath === undefined || command === undefined) throw new Error(usage)
  const qmp = await QmpClient.connect(socketPath)
  try {
    if (command === 'stop-and-save' && path !== undefined) await stopAndSave(qmp, resolve(path))
    else if (command === 'cont') await qmp.execute('cont')
    else throw new Error(usage)
  } finally {
    qmp.close()
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((err: Error) => { process.stderr.write(`qmp: ${err.message}\n`); process.exitCode = 1 })
}
