// The book of neighbours that moved (<data>/moved-peers.json): damage costs
// only the entries it touches, never the node's start.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ADDRESS_BOOK_FILE, readAddressBook, rememberAddress } from '../../src/node/address-book.js'
import { tempDir } from '../helpers.js'

const cleanups: Array<() => void> = []
afterEach(() => { for (const c of cleanups.splice(0)) c() })

describe('readAddressBook', () => {
  it('leaves out an entry that is not a multiaddr and keeps the others (one such entry stopped the node from starting)', () => {
    const dir = tempDir()
    cleanups.push(dir.cleanup)
    rememberAddress(dir.path, 'peer-a', '/ip4/127.0.0.1/tcp/4040')
    expect(readAddressBook(dir.path)).toEqual(new Map([['peer-a', '/ip4/127.0.0.1/tcp/4040']]))
    writeFileSync(join(dir.path, ADDRESS_BOOK_FILE), JSON.stringify({ 'peer-a': '/ip4/127.0.0.1/tcp/4040', 'peer-b': 'garbage', 'peer-c': 7 }))
    expect(readAddressBook(dir.path)).toEqual(new Map([['peer-a', '/ip4/127.0.0.1/tcp/4040']]))
    writeFileSync(join(dir.path, ADDRESS_BOOK_FILE), 'not json')
    expect(readAddressBook(dir.path)).toEqual(new Map())
  })
})

describe('rememberAddress', () => {
  it('leaves no temporary file where the book cannot be written (it left moved-peers.json.new behind)', () => {
    const dir = tempDir()
    cleanups.push(dir.cleanup)
    // A folder at the book's place: the rename fails.
    mkdirSync(join(dir.path, ADDRESS_BOOK_FILE))
    expect(() => { rememberAddress(dir.path, 'peer-a', '/ip4/127.0.0.1/tcp/4040') }).toThrow()
    expect(readdirSync(dir.path)).toEqual([ADDRESS_BOOK_FILE])
  })
})
