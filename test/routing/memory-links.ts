/** Overlay nodes joined by in-memory links that encode and decode every PDU, asynchronously. */
import { Forwarder, type Link, type LocalService } from '../../src/routing/forwarder.js'
import { RouteTable } from '../../src/routing/route-table.js'
import { pb } from '../../src/wire/index.js'

export const clock = (): number => Date.now() * 1000

export interface MemoryNode { f: Forwarder, table: RouteTable, seen: pb.IPdu[] }

export function memoryNode (self: Uint8Array, local?: LocalService, resolve?: (n: Uint8Array) => Promise<void>): MemoryNode {
  const table = new RouteTable()
  const f = new Forwarder({ self, resolveTimeoutMs: 200, missQueueLimit: 4 }, { table, clock, local, resolve })
  f.start()
  return { f, table, seen: [] }
}

export function connect (a: MemoryNode, b: MemoryNode): void {
  const link = (from: MemoryNode, to: MemoryNode): Link => ({
    peer: to.f.self,
    cost: 1,
    send: (pdu) => {
      const bytes = pb.Pdu.encode(pdu).finish()
      setImmediate(() => {
        const decoded = pb.Pdu.decode(bytes)
        to.seen.push(decoded)
        const back = to.f.link(from.f.self)
        if (back !== undefined) to.f.receive(decoded, back)
      })
    }
  })
  a.f.addLink(link(a, b))
  b.f.addLink(link(b, a))
}
