// Whether `gdp node start` warns that its gateway or admin API is reachable from other machines.
import { describe, expect, it } from 'vitest'
import { onLoopback } from '../../src/http/listen.js'

describe('onLoopback', () => {
  it('takes 127.0.0.0/8 and ::1, in IPv4-mapped form too (found by an audit: ::ffff:127.0.0.1 was warned of)', () => {
    for (const url of ['http://127.0.0.1:4090', 'http://127.255.0.9:1', 'http://[::1]:80', 'http://[::ffff:127.0.0.1]:4090', 'http://[::ffff:127.1.2.3]:4090']) expect(onLoopback(url), url).toBe(true)
  })

  it('warns of every other address, mapped ones included', () => {
    for (const url of ['http://0.0.0.0:4090', 'http://[::]:4090', 'http://10.0.0.1:1', 'http://[::ffff:10.0.0.1]:4090', 'http://[::ffff:128.0.0.1]:1', 'http://[2001:db8::7f00:1]:1', 'http://128.0.0.1:1']) expect(onLoopback(url), url).toBe(false)
  })
})
