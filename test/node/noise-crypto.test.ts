// Noise links seal with libsodium up to 16 KiB and with libp2p-noise's
// default above (src/node/noise-crypto.ts). The cipher is the same, so each
// side must open what the other sealed, at every size around the switch,
// and through a real TCP + Noise + Yamux link between a node that uses it
// and one that uses the default.
import { noise } from '@chainsafe/libp2p-noise'
import { defaultCrypto } from '@chainsafe/libp2p-noise/crypto'
import { yamux } from '@chainsafe/libp2p-yamux'
import { tcp } from '@libp2p/tcp'
import fc from 'fast-check'
import { createLibp2p, type Libp2p } from 'libp2p'
import { Uint8ArrayList } from 'uint8arraylist'
import { afterEach, describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { nativeCryptoBackend } from '../../src/crypto/sodium.js'
import { noiseCrypto } from '../../src/node/noise-crypto.js'

const flat = (b: Uint8Array | { subarray: () => Uint8Array }): Uint8Array => b instanceof Uint8Array ? b : b.subarray()
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
const key = new Uint8Array(32).map((_, i) => i * 7)
const nonceOf = (n: number): Uint8Array => { const b = new Uint8Array(12); new DataView(b.buffer).setBigUint64(4, BigInt(n), true); return b }
/** A list as libp2p-noise hands one over (its uint8arraylist may be another copy of the package). */
const asMessage = (list: Uint8ArrayList): Parameters<typeof noiseCrypto.chaCha20Poly1305Encrypt>[0] => list as unknown as Parameters<typeof noiseCrypto.chaCha20Poly1305Encrypt>[0]
const SIZES = [0, 1, 1199, 1200, 16 * 1024 - 1, 16 * 1024, 16 * 1024 + 1, 65535 - 16]

describe('Noise ChaCha20-Poly1305: libsodium and the default agree', () => {
  it('uses libsodium here', () => {
    expect(nativeCryptoBackend).toBe('libsodium')
    expect(noiseCrypto).not.toBe(defaultCrypto)
  })

  it('each opens what the other sealed, at the sizes around the switch and at random ones', () => {
    const check = (message: Uint8Array, ad: Uint8Array, n: number): void => {
      const nonce = nonceOf(n)
      const ours = flat(noiseCrypto.chaCha20Poly1305Encrypt(message, nonce, ad, key))
      const theirs = flat(defaultCrypto.chaCha20Poly1305Encrypt(message, nonce, ad, key))
      expect(hex(ours)).toBe(hex(theirs))
      expect(hex(flat(noiseCrypto.chaCha20Poly1305Decrypt(theirs, nonce, ad, key)))).toBe(hex(message))
      expect(hex(flat(defaultCrypto.chaCha20Poly1305Decrypt(new Uint8Array(ours), nonce, ad, key)))).toBe(hex(message))
    }
    for (const size of SIZES) check(new Uint8Array(size).map((_, i) => i), new Uint8Array(0), size)
    fc.assert(fc.property(fc.uint8Array({ maxLength: 3000 }), fc.uint8Array({ maxLength: 64 }), fc.nat(), (message, ad, n) => { check(message, ad, n) }), { numRuns: 200 })
  })

  it('opens in place into the ciphertext\'s own buffer, as libp2p-noise asks, and takes lists', () => {
    for (const size of SIZES) {
      const message = new Uint8Array(size).map((_, i) => 255 - (i % 256))
      const sealed = new Uint8Array(flat(defaultCrypto.chaCha20Poly1305Encrypt(message, nonceOf(1), new Uint8Array(0), key)))
      const dst = sealed.subarray(0, sealed.length - 16)
      const opened = flat(noiseCrypto.chaCha20Poly1305Decrypt(sealed, nonceOf(1), new Uint8Array(0), key, dst))
      expect(hex(opened)).toBe(hex(message))
      const list = new Uint8ArrayList(message.subarray(0, size >> 1), message.subarray(size >> 1))
      const fromList = flat(noiseCrypto.chaCha20Poly1305Encrypt(asMessage(list), nonceOf(2), new Uint8Array(0), key))
      const sealedList = new Uint8ArrayList(fromList.subarray(0, 7), fromList.subarray(7))
      expect(hex(flat(noiseCrypto.chaCha20Poly1305Decrypt(asMessage(sealedList), nonceOf(2), new Uint8Array(0), key)))).toBe(hex(message))
    }
  })

  it('refuses a message altered anywhere, or opened with another nonce or associated data', () => {
    for (const size of [0, 100, 5000, 20000]) {
      const message = new Uint8Array(size).fill(3)
      // Copies: a Buffer's slice() shares its bytes.
      const sealed = new Uint8Array(flat(noiseCrypto.chaCha20Poly1305Encrypt(message, nonceOf(5), Uint8Array.of(1), key)))
      for (const at of [0, size >> 1, sealed.length - 1]) {
        const bad = new Uint8Array(sealed); bad[at]! ^= 0x40
        expect(() => noiseCrypto.chaCha20Poly1305Decrypt(bad, nonceOf(5), Uint8Array.of(1), key)).toThrow()
      }
      expect(() => noiseCrypto.chaCha20Poly1305Decrypt(sealed.slice(), nonceOf(6), Uint8Array.of(1), key)).toThrow()
      expect(() => noiseCrypto.chaCha20Poly1305Decrypt(sealed.slice(), nonceOf(5), Uint8Array.of(2), key)).toThrow()
    }
  })
})

describe('a Noise link between a node on libsodium and one on the default', () => {
  const nodes: Libp2p[] = []
  afterEach(async () => { await Promise.all(nodes.splice(0).map(async (n) => { await n.stop() })) })

  it('carries messages of every size both ways, byte for byte', async () => {
    const make = async (crypto?: typeof noiseCrypto): Promise<Libp2p> => {
      const node = await createLibp2p({ addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] }, transports: [tcp()], connectionEncrypters: [noise(crypto === undefined ? {} : { crypto })], streamMuxers: [yamux()] })
      nodes.push(node)
      // Echoes each stream back to its sender, then closes its side.
      await node.handle('/echo/1', async (stream) => {
        stream.addEventListener('message', (evt) => { stream.send(flat(evt.data)) })
        stream.addEventListener('remoteCloseWrite', () => { void stream.close() })
      })
      return node
    }
    const ours = await make(noiseCrypto)
    const theirs = await make()
    const message = new Uint8Array(200_000).map((_, i) => (i * 31) % 251)
    for (const [from, to] of [[ours, theirs], [theirs, ours]] as const) {
      const stream = await from.dialProtocol(to.getMultiaddrs()[0]!, '/echo/1')
      const received = new Uint8ArrayList()
      const done = new Promise<void>((resolve) => { stream.addEventListener('close', () => { resolve() }) })
      stream.addEventListener('message', (evt) => { received.append(evt.data) })
      // Writes of 100 B to 70 KB: Noise splits the long ones into messages of up to 64 KiB.
      let at = 0
      for (const size of [100, 1199, 1200, 16 * 1024, 16 * 1024 + 1, 70_000]) {
        stream.send(message.subarray(at, at + size))
        at += size
      }
      await stream.close()
      await done
      expect(received.byteLength).toBe(at)
      expect(hex(received.subarray())).toBe(hex(message.subarray(0, at)))
    }
  })
})
