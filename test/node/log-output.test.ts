// log_format and log_level: JSON lines with time, level, component and
// message for log collectors, and the namespaces each level turns on.
import { logger } from '@libp2p/logger'
import { describe, expect, it } from 'vitest'
import { configureLogs } from '../../src/node/log-output.js'

describe('the node\'s log output', () => {
  it('json: one object per line; info turns on the node\'s events and errors, not libp2p\'s events, errors or traces', () => {
    const lines: string[] = []
    configureLogs({ format: 'json', level: 'info' }, (line) => { lines.push(line) })
    const log = logger('gdp:test-component')
    log('linked %s in %d ms', 'peer-a', 12)
    log.error('refused: %s', 'bad certificate')
    log.trace('per-PDU detail')
    logger('libp2p:dialer')('dialling')
    logger('libp2p:dialer').error('dial failed')
    const parsed = lines.map((l) => { expect(l.endsWith('\n')).toBe(true); return JSON.parse(l) })
    expect(parsed.map(({ time, ...rest }) => { expect(Date.parse(time)).not.toBeNaN(); return rest })).toEqual([
      { level: 'info', component: 'gdp:test-component', message: 'linked peer-a in 12 ms' },
      { level: 'error', component: 'gdp:test-component', message: 'refused: bad certificate' }
    ])
  })

  it('levels: error only errors; debug libp2p\'s events too, not traces; none nothing', () => {
    const lines: string[] = []
    const emit = (): void => {
      const log = logger('gdp:levels')
      log('event')
      log.error('error')
      log.trace('trace')
    }
    configureLogs({ format: 'json', level: 'error' }, (line) => { lines.push(line) })
    emit()
    // libp2p's errors are a peer's doings and its own stopping: a clean start and stop logged two at this level.
    logger('libp2p:yamux:outbound:1').error('closed after reading 0/1 bytes')
    expect(lines.map((l) => JSON.parse(l).message)).toEqual(['error'])
    lines.length = 0
    configureLogs({ format: 'json', level: 'debug' }, (line) => { lines.push(line) })
    emit()
    logger('libp2p:levels')('libp2p event')
    logger('libp2p:levels').error('libp2p error')
    expect(lines.map((l) => JSON.parse(l).level)).toEqual(['info', 'error', 'debug', 'error'])
    lines.length = 0
    configureLogs({ format: 'json', level: 'none' }, (line) => { lines.push(line) })
    emit()
    expect(lines).toEqual([])
  })

  // Found by killing replicas under a writer: a server refusing every write with its disk full logged nothing, since
  // without log_level (as the README starts a node) no namespace was on.
  it('with no log_level and no DEBUG, the node\'s errors are logged; with DEBUG, DEBUG says', () => {
    const lines: string[] = []
    const emit = (): void => {
      const log = logger('gdp:unset')
      log('event')
      log.error('the store is full')
    }
    configureLogs({ format: 'json', level: 'none' }, () => {})
    configureLogs({ format: 'json', level: undefined, debug: undefined }, (line) => { lines.push(line) })
    emit()
    expect(lines.map((l) => JSON.parse(l).message)).toEqual(['the store is full'])
    lines.length = 0
    configureLogs({ format: 'json', level: 'none' }, () => {})
    configureLogs({ format: 'json', level: undefined, debug: 'libp2p:*' }, (line) => { lines.push(line) })
    emit()
    expect(lines).toEqual([])
  })
})
