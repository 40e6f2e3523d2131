/**
 * Node configuration files: YAML, a mapping of settings (docs/operations.md;
 * deploy/node.example.yaml). The settings are config.ts's; this module reads
 * and writes the format, and alone loads the YAML parser.
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { isMap, isScalar, LineCounter, parse, parseDocument, stringify, type YAMLError } from 'yaml'
import { InvalidArgumentError } from '../errors.js'
import { configOf, fileSettingsOf, type FileSettings, type NodeConfig } from './config.js'

/**
 * The configuration from defaults, then the files in order (the settings a
 * router brought when it moved here, then the operator's), then GDP_*
 * variables of `env`, then `flags`, as configOf takes them.
 */
export function loadConfig (files: string | undefined | Array<string | undefined>, env: Record<string, string | undefined>, flags: Record<string, unknown>, warn: (message: string) => void = () => {}): NodeConfig {
  const read: FileSettings[] = []
  for (const file of [files].flat()) {
    if (file === undefined) continue
    let raw: unknown
    // A FIFO or a device would be read until it ends, if ever: the node waited forever.
    if (existsSync(file) && !statSync(file).isFile()) throw new InvalidArgumentError(`config file ${file}: not a regular file`)
    const bytes = readFileSync(file)
    // A block zeroed by a crash or a disk: read on, its zeros ended up in a setting (a data folder's name, where the
    // start failed as an internal error) or were a YAML mistake naming no damage.
    const zero = bytes.indexOf(0)
    if (zero !== -1) throw new InvalidArgumentError(`config file ${file} holds zero bytes (the first at byte ${zero}), which no text holds: part of it was zeroed on disk (a crash, a bad disk); write its settings back`)
    const text = bytes.toString('utf8')
    // Nothing in it is what a file emptied by a crash or a disk looks like, not a choice (comments or {} say that one).
    if (text.trim() === '') throw new InvalidArgumentError(`config file ${file} is empty: a file emptied or cut short would start the node with every setting at its default (another role, another data folder and a new node key there); write its settings back, or put {} in it for every setting at its default`)
    // A write stopped part way (a crash, a full disk) leaves the file cut at any byte: its last line then ends with no
    // line break. Cut inside a quoted value, a list or a setting's name, it failed as a YAML mistake naming no damage;
    // cut inside a plain value (a number cut to fewer digits, a folder's name), it reads as another setting.
    const lines = text.split('\n')
    const last = lines.at(-1)!.trim()
    const unended = last !== '' && !last.startsWith('#') ? last : undefined
    const cutShort = (message: string): InvalidArgumentError => new InvalidArgumentError(`config file ${file} is cut short: its last line, '${unended}', ends with no line break in the middle of a setting (${message}), as a write stopped by a crash or a full disk leaves it; write its settings back`)
    try {
      raw = parse(text)
    } catch (err) {
      const yamlError = err as YAMLError
      const message = (yamlError.code === 'DUPLICATE_KEY' ? settingGivenTwice(text) : undefined) ?? yamlError.message.split('\n')[0]!
      // A setting given twice, or a tab as indentation, is whole on its line: the file was so before any cut.
      const notACut = yamlError.code === 'DUPLICATE_KEY' || yamlError.code === 'TAB_AS_INDENT'
      if (unended !== undefined && !notACut && yamlError.linePos?.[0].line === lines.length) throw cutShort(message)
      throw new InvalidArgumentError(`config file ${file}: ${message}`)
    }
    if (raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) {
      // Its one line cut before the colon of its first setting.
      if (unended !== undefined && lines.length === 1) throw cutShort('expected a mapping of settings')
      throw new InvalidArgumentError(`config file ${file}: expected a mapping of settings`)
    }
    // A last line that ends by closing a quoted value or a flow list or mapping ('{}', as the refusal of an empty file
    // advises) is whole: a cut in it left it open, and refused above.
    if (unended !== undefined && !/["\]}]$/.test(unended)) warn(`config file ${file} ends with no line break: its last line, '${unended}', may be cut short, as a write stopped by a crash or a full disk leaves it (a number cut to fewer digits, a folder's name cut); check it, and end the file with a line break`)
    read.push({ file, settings: (raw ?? {}) as Record<string, unknown> })
  }
  return configOf(read, env, flags, warn)
}

/** Top-level settings of `config` as a configuration file says them: what loadConfig reads back as the same settings. */
export function configFileText (config: Partial<NodeConfig>): string {
  return stringify(fileSettingsOf(config))
}

/**
 * The first setting a file gives twice, named with its section
 * ('gateway.port') and the line it is given again: yaml's own error named a
 * line and column only.
 */
function settingGivenTwice (text: string): string | undefined {
  const lines = new LineCounter()
  const document = parseDocument(text, { uniqueKeys: false, lineCounter: lines })
  const twice = (node: unknown, section: string): string | undefined => {
    if (!isMap(node)) return undefined
    const seen = new Set<unknown>()
    for (const item of node.items) {
      if (!isScalar(item.key)) continue
      const name = `${section}${String(item.key.value)}`
      if (seen.has(item.key.value)) return `${name} is given twice (again at line ${lines.linePos(item.key.range?.[0] ?? 0).line}); give each setting once`
      seen.add(item.key.value)
      const inner = twice(item.value, `${name}.`)
      if (inner !== undefined) return inner
    }
    return undefined
  }
  return twice(document.contents, '')
}
