// The book of neighbours that moved (<data>/moved-peers.json): damage costs
// only the entries it touches, never the node's start.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ADDRESS_BOOK_FILE, readAddressBook, rememberAddress } from '../../src/node/address-book.js'
import { configureLogs } from '../../src/node/log-output.js'
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

  it('says at the default log level (errors) that a damaged book is ignored, naming it and the way out (it said so only with debug on; found by attacking the disk)', () => {
    const dir = tempDir()
    cleanups.push(dir.cleanup)
    const lines: Array<{ level: string, message: string }> = []
    configureLogs({ format: 'json', level: undefined }, (line) => { lines.push(JSON.parse(line)) })
    try {
      writeFileSync(join(dir.path, ADDRESS_BOOK_FILE), '{"peer-a": "/ip4/127.0.0.1/tcp/40')
      expect(readAddressBook(dir.path)).toEqual(new Map())
    } finally {
      configureLogs({ format: 'json', level: 'none' }, () => {})
    }
    expect(lines).toEqual([expect.objectContaining({ level: 'error', message: expect.stringMatching(new RegExp(`^ignoring ${join(dir.path, ADDRESS_BOOK_FILE)}, which is damaged \\(.*\\): neighbours it named as moved are dialled at their configured addresses; restore it from a backup, or delete it$`)) })])
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
