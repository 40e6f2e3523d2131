/**
 * Which module holds the commands a first word starts. A call loads only the
 * modules of its first word: loading every command module (and through them
 * the overlay, the migration endpoint, YAML, multiaddrs) cost each `gdp`
 * start about twice the time of the modules one command needs. A test holds
 * this table to the commands the modules define.
 */
import type { Command } from './command.js'

export interface CommandModule {
  /** The first words of its commands' paths and aliases. */
  words: readonly string[]
  load: () => Promise<Command[]>
}

export const COMMAND_MODULES: readonly CommandModule[] = [
  { words: ['keys'], load: async () => (await import('./key-commands.js')).keyCommands },
  {
    words: ['status', 'routes', 'capsules', 'certs', 'peers'],
    load: async () => {
      const [admin, keys] = await Promise.all([import('./admin-commands.js'), import('./key-commands.js')])
      return admin.adminCommands(keys.localStoreStatus)
    }
  },
  { words: ['capsule', 'replicas', 'info', 'append', 'read', 'verify', 'export', 'import'], load: async () => (await import('./capsule-commands.js')).capsuleCommands },
  { words: ['kv'], load: async () => (await import('./kv-commands.js')).kvCommands },
  { words: ['fs'], load: async () => (await import('./fs-commands.js')).fsCommands },
  { words: ['capsule', 'fork-check', 'heartbeat-check'], load: async () => (await import('./proof-commands.js')).proofCommands },
  { words: ['node', 'domain'], load: async () => (await import('./node-commands.js')).nodeCommands },
  { words: ['base', 'migrate'], load: async () => (await import('./migrate-commands.js')).migrateCommands },
  { words: ['store'], load: async () => (await import('./store-commands.js')).storeCommands }
]

/** The commands a first word may start (none for a word no command starts). */
export async function commandsStartingWith (word: string): Promise<Command[]> {
  const modules = COMMAND_MODULES.filter((m) => m.words.includes(word))
  return (await Promise.all(modules.map(async (m) => await m.load()))).flat()
}

/** Every command, in the order `gdp --help` lists them. */
export async function allCommands (): Promise<Command[]> {
  return (await Promise.all(COMMAND_MODULES.map(async (m) => await m.load()))).flat()
}
