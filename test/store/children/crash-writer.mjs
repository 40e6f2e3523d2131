// Appends until killed, printing each acknowledged size; the parent kills it
// with SIGKILL mid-stream and checks that nothing acknowledged was lost.
import { CapsuleStore } from '../../../dist/src/store/capsule-store.js'
import { CapsuleWriter } from '../../../dist/src/capsule/writer.js'
import { Ed25519Signer } from '../../../dist/src/crypto/ed25519.js'
import { decodeSignedMetadata } from '../../../dist/src/capsule/codec.js'
import { capsuleName } from '../../../dist/src/capsule/metadata.js'

const [path, metadataHex, writerSeedHex, sync] = process.argv.slice(2)
const signed = decodeSignedMetadata(Buffer.from(metadataHex, 'hex'))
const store = await CapsuleStore.open({ path, sync: sync === 'sync' })
const capsule = await store.create(signed)
const writer = new CapsuleWriter(capsuleName(signed.metadata), signed.metadata, new Ed25519Signer(Buffer.from(writerSeedHex, 'hex')), capsule.writerState)
for (let i = 0; i < 1_000_000; i++) {
  const batch = writer.append(Array.from({ length: 1 + (i % 7) }, (_, j) => Buffer.from(`record ${i}.${j}`)), Date.now() * 1000)
  await capsule.append(batch)
  process.stdout.write(`${batch.state.size}\n`)
}
