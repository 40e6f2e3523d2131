/**
 * A strict reader of Prometheus's text exposition format (version 0.0.4,
 * https://prometheus.io/docs/instrumenting/exposition_formats/), written
 * from the format's description to check what /metrics serves: it throws
 * on the first line a scraper would refuse or misread, naming it.
 *
 * Checked: the line grammar (names, label escapes of backslash, quote and
 * newline only, values as Go's ParseFloat takes them, an optional integer
 * timestamp); one HELP and one TYPE per family, before its samples; each
 * family's samples in one group; no series twice; counters and histogram
 * values not negative nor NaN; each histogram series with buckets in rising
 * `le` order, cumulative, ending at +Inf equal to its _count, and a _sum.
 */

export interface Sample {
  /** The sample's own name (`x_bucket`, `x_sum`, ... for a histogram's). */
  name: string
  labels: Record<string, string>
  value: number
}

export interface Family {
  name: string
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped'
  help: string | undefined
  samples: Sample[]
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped'])
// Decimal numbers, and Inf and NaN in any case, as Go's strconv.ParseFloat takes them (its hexadecimal floats are refused here: no client writes them).
const FLOAT = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan)$/i

export class ExpositionError extends Error {
  constructor (line: number, text: string, problem: string) {
    super(`line ${line} (${JSON.stringify(text.slice(0, 200))}): ${problem}`)
    this.name = 'ExpositionError'
  }
}

/** The families of `text`, in order; ExpositionError at the first thing the format does not allow. */
export function parseExposition (text: string): Map<string, Family> {
  const families = new Map<string, Family>()
  const seenSeries = new Set<string>()
  let current: Family | undefined
  const lines = text.split('\n')
  // The format ends every line, the last included, with a newline.
  if (lines.pop() !== '') throw new ExpositionError(lines.length, lines[lines.length - 1] ?? '', 'the text does not end with a newline')
  lines.forEach((line, index) => {
    const fail = (problem: string): never => { throw new ExpositionError(index + 1, line, problem) }
    if (line.trim() === '') return
    if (line.startsWith('#')) {
      const meta = /^#[ \t]+(HELP|TYPE)[ \t]+(\S+)(?:[ \t]+(.*))?$/.exec(line)
      // Any other comment is a comment.
      if (meta === null) return
      const [, keyword, name, rest] = meta as unknown as [string, 'HELP' | 'TYPE', string, string | undefined]
      if (!METRIC_NAME.test(name)) fail(`'${name}' is not a metric name`)
      const family = familyNamed(name)
      if (keyword === 'HELP') {
        if (family.help !== undefined) fail(`a second HELP for ${name}`)
        family.help = unescapeHelp(rest ?? '', fail)
      } else {
        const type = (rest ?? '').trim()
        if (!TYPES.has(type)) fail(`'${type}' is not a metric type`)
        if (family.typed) fail(`a second TYPE for ${name}`)
        if (family.samples.length > 0) fail(`the TYPE of ${name} comes after its samples`)
        family.type = type as Family['type']
        family.typed = true
      }
      current = family
      return
    }
    const sample = parseSample(line, fail)
    const family = familyOf(sample.name)
    if (family !== current && family.samples.length > 0) fail(`${family.name}'s samples are not in one group`)
    const series = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort(([a], [b]) => a < b ? -1 : 1))}`
    if (seenSeries.has(series)) fail(`${sample.name} has this label set twice`)
    seenSeries.add(series)
    if (family.type === 'counter' || family.type === 'histogram') {
      if (Number.isNaN(sample.value) || sample.value < 0) fail(`a ${family.type}'s value is ${sample.value}`)
    }
    if (family.type === 'histogram') {
      const suffix = sample.name.slice(family.name.length)
      if (!['_bucket', '_sum', '_count'].includes(suffix)) fail(`a histogram's sample is ${sample.name}`)
      if (suffix === '_bucket' && sample.labels.le === undefined) fail('a bucket without le')
      if (suffix !== '_bucket' && sample.labels.le !== undefined) fail(`${suffix} with an le label`)
    }
    family.samples.push(sample)
    current = family
  })
  for (const family of families.values()) {
    if (family.type === 'histogram') checkHistogram(family)
    delete (family as Partial<TypedFamily>).typed
  }
  return families

  function familyNamed (name: string): TypedFamily {
    let family = families.get(name) as TypedFamily | undefined
    if (family === undefined) {
      family = { name, type: 'untyped', help: undefined, samples: [], typed: false }
      families.set(name, family)
    }
    return family
  }

  /** The family a sample belongs to: a histogram's or summary's by its suffix, else its own name's. */
  function familyOf (sampleName: string): TypedFamily {
    for (const suffix of ['_bucket', '_sum', '_count']) {
      if (!sampleName.endsWith(suffix)) continue
      const base = families.get(sampleName.slice(0, -suffix.length)) as TypedFamily | undefined
      if (base !== undefined && (base.type === 'histogram' || (base.type === 'summary' && suffix !== '_bucket'))) return base
    }
    return familyNamed(sampleName)
  }
}

type TypedFamily = Family & { typed: boolean }

function unescapeHelp (text: string, fail: (problem: string) => never): string {
  return text.replace(/\\(.?)/g, (_all, c: string) => c === '\\' ? '\\' : c === 'n' ? '\n' : fail(`HELP escapes '${c}' (only \\\\ and \\n are escapes there)`))
}

function parseSample (line: string, fail: (problem: string) => never): Sample {
  const name = /^[^\s{]+/.exec(line)?.[0] ?? fail('no metric name')
  if (!METRIC_NAME.test(name)) fail(`'${name}' is not a metric name`)
  let at = name.length
  const labels: Record<string, string> = {}
  if (line[at] === '{') {
    at++
    for (;;) {
      while (line[at] === ' ' || line[at] === '\t') at++
      if (line[at] === '}') { at++; break }
      const labelName = /^[^\s=]*/.exec(line.slice(at))![0]
      if (!LABEL_NAME.test(labelName)) fail(`'${labelName}' is not a label name`)
      if (labelName.startsWith('__')) fail(`label '${labelName}' is reserved (it starts with __)`)
      if (labels[labelName] !== undefined) fail(`label '${labelName}' twice`)
      at += labelName.length
      while (line[at] === ' ' || line[at] === '\t') at++
      if (line[at] !== '=') fail(`no '=' after label '${labelName}'`)
      at++
      while (line[at] === ' ' || line[at] === '\t') at++
      if (line[at] !== '"') fail(`label '${labelName}''s value is not quoted`)
      at++
      let value = ''
      for (;;) {
        const c = line[at]
        if (c === undefined) fail(`label '${labelName}''s value does not end`)
        at++
        if (c === '"') break
        if (c === '\\') {
          const escaped = line[at++]
          if (escaped === '\\') value += '\\'
          else if (escaped === '"') value += '"'
          else if (escaped === 'n') value += '\n'
          else fail(`label '${labelName}''s value escapes '${String(escaped)}' (only \\\\, \\" and \\n are escapes)`)
        } else value += c
      }
      labels[labelName] = value
      while (line[at] === ' ' || line[at] === '\t') at++
      if (line[at] === ',') at++
      else if (line[at] !== '}') fail(`'${String(line[at])}' after label '${labelName}' (a comma or '}' goes there)`)
    }
  }
  const rest = line.slice(at)
  if (!/^[ \t]/.test(rest)) fail('no blank between the series and its value')
  const fields = rest.trim().split(/[ \t]+/)
  if (fields.length > 2) fail(`more than a value and a timestamp after the series: ${JSON.stringify(fields)}`)
  const [valueText, timestamp] = fields as [string, string | undefined]
  if (!FLOAT.test(valueText)) fail(`'${valueText}' is not a number`)
  if (timestamp !== undefined && !/^-?\d+$/.test(timestamp)) fail(`'${timestamp}' is not a timestamp in milliseconds`)
  return { name, labels, value: parseGoFloat(valueText) }
}

function parseGoFloat (text: string): number {
  if (/^[+-]?inf(inity)?$/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity
  if (/^[+-]?nan$/i.test(text)) return NaN
  return Number(text)
}

function checkHistogram (family: Family): void {
  const fail = (problem: string): never => { throw new ExpositionError(0, family.name, problem) }
  const bySeries = new Map<string, { buckets: Array<{ le: number, value: number }>, sum?: number, count?: number }>()
  for (const sample of family.samples) {
    const { le, ...rest } = sample.labels
    const key = JSON.stringify(Object.entries(rest).sort(([a], [b]) => a < b ? -1 : 1))
    const series = bySeries.get(key) ?? { buckets: [] }
    bySeries.set(key, series)
    if (sample.name.endsWith('_bucket')) {
      const bound = parseGoFloat(le!)
      if (!FLOAT.test(le!) || Number.isNaN(bound)) fail(`le="${le!}" is not a bound`)
      series.buckets.push({ le: bound, value: sample.value })
    } else if (sample.name.endsWith('_sum')) series.sum = sample.value
    else series.count = sample.value
  }
  for (const [key, series] of bySeries) {
    const where = `${family.name}${key}`
    if (series.sum === undefined || series.count === undefined) fail(`${where} lacks its _sum or _count`)
    const last = series.buckets[series.buckets.length - 1]
    if (last === undefined || last.le !== Infinity) fail(`${where} has no le="+Inf" bucket, last`)
    if (last!.value !== series.count) fail(`${where}: the +Inf bucket holds ${last!.value}, its _count ${String(series.count)}`)
    for (let i = 1; i < series.buckets.length; i++) {
      const [before, after] = [series.buckets[i - 1]!, series.buckets[i]!]
      if (!(after.le > before.le)) fail(`${where}: bucket le=${after.le} after le=${before.le}`)
      if (after.value < before.value) fail(`${where}: buckets are not cumulative (le=${after.le} holds ${after.value}, le=${before.le} ${before.value})`)
    }
  }
}
