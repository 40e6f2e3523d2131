/**
 * The testnet's command line (`npm run testnet -- <command>`):
 *
 *   node dist/testnet/main.js up testnet/topologies/two-domains.yaml [--dir testnet/run]
 *   node dist/testnet/main.js status [--dir testnet/run]
 *   node dist/testnet/main.js scenario cross-domain [--dir testnet/run]
 *   node dist/testnet/main.js down [--dir testnet/run]
 */
import '../src/node/polyfill.js'
import { crossDomain } from './scenarios/cross-domain.js'
import { down, loadTopology, readState, status, up } from './testnet.js'

async function main (argv: string[]): Promise<void> {
  const [command, file] = argv
  const dirFlag = argv.indexOf('--dir')
  const dir = dirFlag >= 0 ? argv[dirFlag + 1]! : 'testnet/run'
  switch (command) {
    case 'up': {
      if (file === undefined) throw new Error('usage: testnet up <topology.yaml> [--dir folder]')
      const state = await up(loadTopology(file), dir)
      // The node name is what --server and `gdp replicas` take; the address what --node takes.
      for (const n of state.nodes) process.stdout.write(`${n.id.padEnd(14)} ${n.role.padEnd(7)} ${n.name} ${n.tcp}\n`)
      break
    }
    case 'status':
      console.table(status(readState(dir)))
      break
    case 'down':
      await down(readState(dir))
      break
    case 'scenario': {
      if (file !== 'cross-domain') throw new Error('usage: testnet scenario cross-domain [--dir folder]   (on the two-domains topology)')
      const result = await crossDomain(readState(dir), 30, (line) => { process.stdout.write(`${line}\n`) })
      const ok = result.read.join() === result.appended.join() && result.followed.join() === result.appended.join()
      process.stdout.write(ok ? 'every record read back and followed, each verified by its proof\n' : 'MISMATCH between what was appended, read and followed\n')
      if (!ok) process.exitCode = 1
      break
    }
    default:
      throw new Error('usage: testnet up <topology.yaml> | status | scenario cross-domain | down [--dir folder]')
  }
}

main(process.argv.slice(2)).catch((err: Error) => { process.stderr.write(`testnet: ${err.message}\n`); process.exitCode = 1 })
