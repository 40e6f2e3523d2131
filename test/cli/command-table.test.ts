import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { COMMAND_MODULES } from '../../src/cli/command-table.js'

describe('the table of command modules gdp loads by first word', () => {
  it('names exactly the first words of each module\'s commands and aliases', async () => {
    for (const module of COMMAND_MODULES) {
      const commands = await module.load()
      const firstWords = new Set(commands.flatMap((c) => [c.path, ...(c.aliases ?? [])].map((call) => call[0]!)))
      expect([...firstWords].sort()).toEqual([...module.words].sort())
    }
  })

  it('has a row for every command module of src/cli', () => {
    const files = readdirSync(join(import.meta.dirname, '../../src/cli')).filter((f) => f.endsWith('-commands.ts'))
    expect(COMMAND_MODULES.length).toBe(files.length)
  })

  it('finds no two commands with one call', async () => {
    const calls = (await Promise.all(COMMAND_MODULES.map(async (m) => await m.load()))).flat().flatMap((c) => [c.path, ...(c.aliases ?? [])].map((call) => call.join(' ')))
    expect(calls.length).toBe(new Set(calls).size)
  })

  // Found by going through every command's help: fs stat and fs ls took --trust-server and --latest, and said nothing of them.
  it('names every option a command takes in its usage line or its help', async () => {
    const undocumented = (await Promise.all(COMMAND_MODULES.map(async (m) => await m.load()))).flat().flatMap((c) => {
      const text = `${c.usage}\n${c.help ?? ''}`
      return Object.keys(c.options ?? {}).filter((o) => !new RegExp(`--${o}(?![\\w-])`).test(text)).map((o) => `gdp ${c.path.join(' ')} --${o}`)
    })
    expect(undocumented).toEqual([])
  })

  // fs mkdir took -p and fs rm -r, as mkdir and rm do, and said so nowhere.
  it('names every short form of an option in the usage line or the help', async () => {
    const undocumented = (await Promise.all(COMMAND_MODULES.map(async (m) => await m.load()))).flat().flatMap((c) => {
      const text = `${c.usage}\n${c.help ?? ''}`
      return Object.values(c.options ?? {}).flatMap((o) => o.short === undefined || new RegExp(`(^|[\\s\\[|])-${o.short}(?![\\w-])`).test(text) ? [] : [`gdp ${c.path.join(' ')} -${o.short}`])
    })
    expect(undocumented).toEqual([])
  })

  // capsule read and capsule append run through --node and said nothing of it, in their usage line or their help.
  it('names --node in the usage line or help of every command that runs through it', async () => {
    const silent = (await Promise.all(COMMAND_MODULES.map(async (m) => await m.load()))).flat()
      .filter((c) => c.remote === true && !/--node(?![\w-])/.test(`${c.usage}\n${c.help ?? ''}`)).map((c) => `gdp ${c.path.join(' ')}`)
    expect(silent).toEqual([])
  })
})
