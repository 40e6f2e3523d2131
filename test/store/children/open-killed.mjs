// Opens the store at argv[2] and is killed (SIGKILL, as by kill -9) the
// moment LevelDB's open returns: LevelDB has replayed its log, dropping
// what it could not read, and the store has noted nothing of it yet.
import { ClassicLevel } from 'classic-level'
import { CapsuleStore } from '../../../dist/src/store/capsule-store.js'

const open = ClassicLevel.prototype._open
ClassicLevel.prototype._open = async function (...args) {
  await open.apply(this, args)
  process.kill(process.pid, 'SIGKILL')
}
await CapsuleStore.open({ path: process.argv[2] })
process.stdout.write('opened, not killed\n')
