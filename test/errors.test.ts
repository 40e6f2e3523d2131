// Callers branch on err.name: it must be the literal each class declares,
// not the class's own name, which a minifier renames.
import { describe, expect, it } from 'vitest'
import * as errors from '../src/errors.js'
import { FrameTooLargeError, LinkCongestedError, RequestRefusedError } from '../src/errors.js'

type ErrorClass = new (...args: any[]) => Error

const classes: Array<[string, ErrorClass]> = [
  ...Object.entries(errors).filter(([, v]) => typeof v === 'function' && v.prototype instanceof Error) as Array<[string, ErrorClass]>,
  ['FrameTooLargeError', FrameTooLargeError], ['LinkCongestedError', LinkCongestedError], ['RequestRefusedError', RequestRefusedError]
]

describe('typed errors', () => {
  it('every error class names itself with a literal that survives a minifier renaming the class', () => {
    expect(classes.length).toBeGreaterThan(30)
    for (const [exported, Class] of classes) {
      const minified = Object.defineProperty(Class, 'name', { value: 'a', configurable: true })
      try {
        const err = exported === 'RequestRefusedError' ? new minified('NO_ROUTE', 'x') : new minified('malformed', 'x')
        expect(err.name, exported).toBe(exported)
        expect(err).toBeInstanceOf(errors.GdpError)
      } finally {
        Object.defineProperty(Class, 'name', { value: exported, configurable: true })
      }
    }
  })
})
