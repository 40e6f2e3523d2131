// Writes N records in batches of 1,000, reopens the store, reads them all
// back in a stream and by random access; prints the peak RSS in MB.
import { CapsuleStore } from '../../../dist/src/store/capsule-store.js'
import { CapsuleWriter } from '../../../dist/src/capsule/writer.js'
import { Ed25519Signer } from '../../../dist/src/crypto/ed25519.js'
import { capsuleName, newMetadata, signMetadata } from '../../../dist/src/capsule/metadata.js'

const [path, countText] = process.argv.slice(2)
const count = Number(countText)
let peak = 0
const sample = () => { peak = Math.max(peak, process.memoryUsage().rss) }
const key = new Ed25519Signer(new Uint8Array(32).fill(9))
const metadata = newMetadata({ owner: key.publicKey, writer: key.publicKey, createdAtUs: 1, nonce: new Uint8Array(8) })
const name = capsuleName(metadata)
let store = await CapsuleStore.open({ path })
let capsule = await store.create(signMetadata(metadata, key))
const writer = new CapsuleWriter(name, metadata, key, capsule.writerState)
const payload = Buffer.alloc(100, 1)
for (let written = 0; written < count; written += 1000) {
  await capsule.append(writer.append(Array.from({ length: Math.min(1000, count - written) }, () => payload), written))
  if (written % 50_000 === 0) sample()
}
await store.close()
store = await CapsuleStore.open({ path })
capsule = await store.capsule(name)
let seen = 0
for await (const record of capsule.readRange(0)) {
  if (record.header.seqno !== seen) throw new Error(`expected ${seen}, got ${record.header.seqno}`)
  if (++seen % 50_000 === 0) sample()
}
for (let i = 0; i < 2000; i++) await capsule.read(Math.floor(Math.random() * count))
await capsule.inclusionProof(count - 1)
sample()
await store.close()
console.log(JSON.stringify({ size: capsule.size, seen, peakRssMb: Math.round(peak / 1048576) }))
