// What a standby checks in the images a router sent before it adopts it
// (src/node/standby.ts): a router of a version from before moves were
// committed with a token sends none, and is refused with the reason before
// the standby writes anything (it had written the router's key first, then
// died with "cannot open move-token").
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { formatName } from '../../src/capsule/name.js'
import { arrivedImagesProblem, unconfirmedArrival } from '../../src/node/standby.js'
import { MOVE_TOKEN_IMAGE, NODE_KEY_IMAGE, NODE_SETTINGS_IMAGE, ROUTER_STATE_IMAGE } from '../../src/node/router-images.js'
import { tempDir } from '../helpers.js'

const cleanups: Array<() => void> = []
afterEach(() => { for (const c of cleanups.splice(0)) c() })

function arrivedWith (images: string[]): string {
  const dir = tempDir()
  cleanups.push(dir.cleanup)
  const folder = join(dir.path, 'node-x')
  mkdirSync(folder)
  for (const image of images) writeFileSync(join(folder, image), 'x')
  return folder
}

describe('arrivedImagesProblem', () => {
  const name = new Uint8Array(32).fill(7)

  it('is none when every image came', () => {
    expect(arrivedImagesProblem(arrivedWith([ROUTER_STATE_IMAGE, NODE_KEY_IMAGE, NODE_SETTINGS_IMAGE, MOVE_TOKEN_IMAGE]), name)).toBeUndefined()
  })

  it('names a router without a move token as one of an earlier version, and what to do', () => {
    expect(arrivedImagesProblem(arrivedWith([ROUTER_STATE_IMAGE, NODE_KEY_IMAGE, NODE_SETTINGS_IMAGE]), name)).toBe(
      `router ${formatName(name)} sent no move-token: it runs a version from before router moves were committed with a token; move it to a standby of its own version, or upgrade it in place. ` +
      'Nothing was adopted here (the folder is still a standby\'s), and the router goes on where it was')
  })

  it('names whatever else is missing', () => {
    expect(arrivedImagesProblem(arrivedWith([NODE_KEY_IMAGE]), name)).toMatch(/^router \S+ sent no router-state, node-settings, move-token\. Nothing was adopted here/)
  })
})

describe('unconfirmedArrival', () => {
  /** A data folder with these files ('standby/' a folder). */
  const folderWith = (entries: string[]): string => {
    const dir = tempDir()
    cleanups.push(dir.cleanup)
    for (const entry of entries) {
      if (entry.endsWith('/')) mkdirSync(join(dir.path, entry))
      else writeFileSync(join(dir.path, entry), 'x')
    }
    return dir.path
  }

  it('is a router\'s key beside the standby\'s, with neither the settings its commit writes nor the standby\'s store (deleted before the key is written)', () => {
    expect(unconfirmedArrival(folderWith(['standby.key', 'node.key']))).toBe(true)
    expect(unconfirmedArrival(folderWith(['standby.key', 'node.key', 'router.yaml']))).toBe(false)
    expect(unconfirmedArrival(folderWith(['standby.key']))).toBe(false)
  })

  it('is not a router adopted by a version from before router.yaml, which kept the standby\'s store and had no commit to wait for (found by attacking upgrades: it would not start)', () => {
    expect(unconfirmedArrival(folderWith(['standby.key', 'node.key', 'standby/', 'arriving/']))).toBe(false)
  })
})
