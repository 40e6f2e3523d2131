/**
 * A QMP server on a Unix socket that answers as a QEMU would, from a table
 * of replies: enough to test a pause by QMP without QEMU. `migrate` with an
 * `exec:cat > <path>` URI writes `deviceState` to that path, as QEMU's
 * device-state save does.
 */
import { writeFileSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'

export type QmpReply = { return: unknown } | { error: { class: string, desc: string } }

export interface FakeQmpInit {
  path: string
  status?: string
  memdevs?: Array<{ id: string, size: number, share: boolean }>
  /** What `query-migrate` says after `migrate`, one answer per call (the last repeats). */
  migrateStatus?: Array<Record<string, unknown>>
  deviceState?: Uint8Array
  /** Replies that override the defaults, by command. */
  replies?: Record<string, QmpReply>
  /** Commands left unanswered. */
  silent?: string[]
}

export interface FakeQmp {
  /** Every command received, with its arguments, in order. */
  commands: Array<{ execute: string, arguments?: Record<string, unknown> }>
  /** Sends raw text to every connected client. */
  sendRaw: (text: string) => void
  close: () => Promise<void>
}

export async function fakeQmp (init: FakeQmpInit): Promise<FakeQmp> {
  const commands: FakeQmp['commands'] = []
  const sockets = new Set<Socket>()
  let migrateCalls = 0
  const reply = (execute: string, args: Record<string, unknown> | undefined): QmpReply => {
    const given = init.replies?.[execute]
    if (given !== undefined) return given
    switch (execute) {
      case 'query-status': return { return: { status: init.status ?? 'running', running: (init.status ?? 'running') === 'running' } }
      case 'query-memdev': return { return: init.memdevs ?? [{ id: 'ram', size: 256 << 20, share: true }] }
      case 'migrate': {
        const uri = String(args?.uri ?? '')
        const target = /^exec:cat > '(.*)'$/.exec(uri)
        if (target !== null) writeFileSync(target[1]!.replaceAll("'\\''", "'"), init.deviceState ?? new Uint8Array([1, 2, 3]))
        return { return: {} }
      }
      case 'query-migrate': {
        const answers = init.migrateStatus ?? [{ status: 'completed' }]
        return { return: answers[Math.min(migrateCalls++, answers.length - 1)] }
      }
      default: return { return: {} }
    }
  }
  const server: Server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    socket.write(JSON.stringify({ QMP: { version: { qemu: { major: 7, minor: 2, micro: 0 } }, capabilities: [] } }) + '\n')
    let buffered = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => {
      buffered += chunk
      let newline
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const message = JSON.parse(buffered.slice(0, newline)) as { execute: string, arguments?: Record<string, unknown>, id?: number }
        buffered = buffered.slice(newline + 1)
        commands.push({ execute: message.execute, ...(message.arguments === undefined ? {} : { arguments: message.arguments }) })
        if (init.silent?.includes(message.execute) === true) continue
        socket.write(JSON.stringify({ ...reply(message.execute, message.arguments), id: message.id }) + '\n')
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(init.path, resolve))
  return {
    commands,
    sendRaw: (text) => { for (const s of sockets) s.write(text) },
    close: async () => {
      for (const s of sockets) s.destroy()
      await new Promise<void>((resolve) => server.close(() => { resolve() }))
    }
  }
}
