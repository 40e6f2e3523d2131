/**
 * The node's Prometheus metrics (docs/operations.md lists them). Counters
 * the node keeps anyway (forwarder, transport, route table, certificate
 * refusals) are read when Prometheus scrapes, so metrics add nothing to the
 * PDU path; only the append and read latency histograms are fed as requests
 * finish. One registry per node, so several nodes in one process (tests)
 * keep theirs apart.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import { CERTIFICATE_PROBLEMS } from '../errors.js'
import type { GatewayEventStreamCounters, GatewayUnsentCounters } from '../gateway/gateway.js'
import type { BodyCounters } from '../http/body-budget.js'
import type { GdpNode } from '../node/node.js'
import type { NodeViews } from '../node/views.js'
import { pb } from '../wire/index.js'

/** Seconds: from a fast local append (~100 µs) to a read that streams for seconds. */
const LATENCY_BUCKETS = [0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10]
/** Capsules whose AdCert ends this soon are counted as ending: time for their owners to renew them. */
const ADCERT_ENDING_WITHIN_US = 7 * 86_400e6
/** Every reason a NACK can give (UNSPECIFIED is never sent). */
const NACK_REASONS = Object.keys(pb.NackReason).filter((reason) => reason !== 'NACK_REASON_UNSPECIFIED')

/** The process's own metrics (gdp_process_*, gdp_nodejs_*), once a process has asked for them (processMetrics). */
let processRegistry: Registry | undefined

/**
 * The process's metrics (CPU, memory, GC, event-loop lag), collected once
 * per process and shown in every node's scrape: prom-client's GC observer
 * and event-loop monitor cannot be stopped, and collected for each node,
 * every node started and stopped in one process (tests, a testnet) left one
 * more of each running for good. Nodes sharing a process share what they
 * measure (the lag's min and max since the last scrape by any of them).
 */
function processMetrics (): Registry {
  if (processRegistry === undefined) {
    processRegistry = new Registry()
    collectDefaultMetrics({ register: processRegistry, prefix: 'gdp_' })
  }
  return processRegistry
}

export class NodeMetrics {
  /** The node's own metrics; a scrape adds the process's (processMetrics). */
  readonly registry = new Registry()
  readonly #labels: Record<string, string>
  readonly #latency: Histogram<'operation'>

  constructor (node: GdpNode, views: NodeViews) {
    const registry = this.registry
    this.#labels = { node: views.status().name as string, role: node.config.role }
    registry.setDefaultLabels(this.#labels)
    this.#latency = new Histogram({ name: 'gdp_request_duration_seconds', help: 'Time to serve an append or a read at this server, from its arrival to its last response', labelNames: ['operation'], buckets: LATENCY_BUCKETS, registers: [registry] })

    const forwarder = node.forwarder.counters
    countersOf(registry, 'gdp_pdus_total', 'PDUs by what this node did with them', ['outcome'], () => ({
      received: forwarder.received, forwarded: forwarder.forwarded, delivered: forwarder.delivered, merged: forwarder.merged, dropped: forwarder.dropped, failed_over: forwarder.failedOver
    }))
    // The forwarder's refusals (no route, congestion, ...) and, at a server, its capsule service's (store full, quota, ...).
    const serviceNacks = node.service?.counters.nacks ?? {}
    countersOf(registry, 'gdp_nacks_total', 'Requests refused with a NACK, by reason', ['reason'], () => {
      const all = fromZero(NACK_REASONS, forwarder.nacks)
      for (const [reason, n] of Object.entries(serviceNacks)) all[reason] = (all[reason] ?? 0) + n
      return all
    })
    const transport = node.transport.counters
    countersOf(registry, 'gdp_frames_total', 'PDU frames on the links', ['direction'], () => ({ in: transport.framesIn, out: transport.framesOut }))
    countersOf(registry, 'gdp_frames_refused_total', 'Frames dropped or links closed for misbehaving, by reason', ['reason'], () => ({
      malformed: transport.malformed, rate_limited: transport.rateLimited, queue_overflow: transport.queueOverflow
    }))
    countersOf(registry, 'gdp_neighbours_throttled_total', 'Times a neighbour was not read for a while (its bytes kept, not dropped), by cause', ['cause'], () => ({ byte_rate: transport.throttled }))
    countersOf(registry, 'gdp_certificates_refused_total', 'Advertisement certificates and announcements refused, by reason', ['reason'], () => fromZero(CERTIFICATE_PROBLEMS, Object.fromEntries(node.processor.rejections)))

    gaugeOf(registry, 'gdp_routes', 'Routes to capsules held (the servers\' own names not counted), by how they were learnt', ['origin'], () => node.table.capsuleRoutesByOrigin())
    gaugeOf(registry, 'gdp_peers', 'Open connections by the kind of peer', ['kind'], () => {
      const byKind: Record<string, number> = { upstream: 0, server: 0, router: 0, neighbour: 0, edge: 0 }
      for (const peer of views.peers().peers) byKind[peer.kind] = (byKind[peer.kind] ?? 0) + 1
      return byKind
    })
    gaugeOf(registry, 'gdp_links', 'Neighbours with an open PDU link', [], () => ({ '': node.transport.neighbours().length }))
    const budget = node.transport.sendBudget
    gaugeOf(registry, 'gdp_send_queue_bytes', 'Bytes waiting in the neighbours\' send queues, and the node\'s budget for them (send_budget)', ['kind'], () => ({ queued: budget.queued, budget: budget.totalBytes }))
    countersOf(registry, 'gdp_unread_links_closed_total', 'Links closed because their neighbour did not read, by cause', ['cause'], () => ({
      hard_limit: transport.slowPeersClosed - budget.evicted, send_budget: budget.evicted
    }))
    const unsent = node.unsent
    gaugeOf(registry, 'gdp_connection_unsent_bytes', 'Bytes the connections hold under their muxers that their sockets have not taken, and the node\'s budget for them (unsent_budget)', ['kind'], () => ({ held: unsent.counters.bytes, budget: unsent.totalBytes }))
    countersOf(registry, 'gdp_unread_connections_closed_total', 'Connections closed because their socket took nothing for the longest when the connections together held more than unsent_budget', [], () => ({ '': unsent.counters.closed }))
    const service = node.service
    if (service !== undefined) {
      // From the start, as the reasons are: histogram_quantile and rate() read nothing until a first request.
      for (const operation of ['append', 'read']) this.#latency.zero({ operation })
      gaugeOf(registry, 'gdp_capsules', 'Capsules stored here', [], () => ({ '': service.hostedCount }))
      gaugeOf(registry, 'gdp_capsule_payload_bytes', 'Payload bytes of the capsules stored here', [], () => ({ '': service.payloadBytes ?? 0 }))
      gaugeOf(registry, 'gdp_subscriptions', 'Live subscriptions served here', [], () => ({ '': service.subscriptions }))
      // Many at once is the sign of a wall clock stepped ahead: they are deleted only after expiry_grace of running time.
      gaugeOf(registry, 'gdp_capsules_past_expiry', 'Capsules past their expiry by this server\'s clock, not yet deleted (expiry_grace)', [], () => ({ '': service.counters.expiryPending }))
      gaugeOf(registry, 'gdp_capsules_withdrawn_regressed', 'Capsules withdrawn from routing because their store went backwards, until anti-entropy mends them', [], () => ({ '': service.counters.withdrawn }))
      countersOf(registry, 'gdp_capsules_expired_total', 'Capsules deleted here because they expired', [], () => ({ '': service.counters.expired }))
      const repair = service.repairer.counters
      countersOf(registry, 'gdp_repairs_total', 'Repairs of on-disk damage from a replica, by outcome (held_back: a read refused at once, the last repair having failed lately)', ['outcome'], () => ({ repaired: repair.repaired, failed: repair.failed, held_back: repair.heldBack }))
      // Apart: a copy that does not verify is a lying peer or another history, a peer unavailable only time.
      countersOf(registry, 'gdp_repair_peers_passed_over_total', 'Peers a repair passed over, by cause: their copy did not verify, or they could not send one', ['cause'], () => ({ did_not_verify: repair.refused, unavailable: repair.unavailable }))
      gaugeOf(registry, 'gdp_capsules_unmended', 'Capsules whose last repair from a replica failed: their damage stays, and reads of it are refused (gdp status names them)', [], () => ({ '': service.repairer.unmended().count }))
    }
    const store = node.store
    // What to alert on: a store refusing every write for want of room said so nowhere but in the count of NACKs.
    if (store !== undefined) gaugeOf(registry, 'gdp_store_full', '1 while the store refuses new data for want of room on its disk (gdp status: store FULL), else 0', [], () => ({ '': store.full === undefined ? 0 : 1 }))
    const advertiser = node.advertiser
    if (advertiser !== undefined) {
      gaugeOf(registry, 'gdp_capsules_adcert_ending', 'Capsules advertised here whose AdCert ends within 7 days: they drop off routing then, unless their owner renews them (gdp capsule renew)', [], () => ({ '': advertiser.endingWithin(ADCERT_ENDING_WITHIN_US) }))
    }
    const glookup = node.glookup
    if (glookup !== undefined) {
      const lookup = glookup.counters
      countersOf(registry, 'gdp_lookup_publications_total', 'Lookup records handed to the DHT, by outcome', ['outcome'], () => ({ stored: lookup.published, failed: lookup.publishFailures }))
      countersOf(registry, 'gdp_lookups_total', 'Names looked up in the DHT, by outcome', ['outcome'], () => ({
        found: lookup.found, not_found: lookup.notFound, refused: lookup.refused, unreachable: lookup.unreachable, over_route_bound: lookup.overRouteBound, advertised_here: lookup.advertisedHere, named_this_router: lookup.namedThisRouter
      }))
      gaugeOf(registry, 'gdp_lookup_records_held', 'Lookup records this router publishes, by kind', ['kind'], () => ({ capsule: lookup.capsuleRecords, server: lookup.serverRecords }))
    }
    const dhtStore = node.dhtStore
    if (dhtStore !== undefined) {
      gaugeOf(registry, 'gdp_lookup_store_bytes', 'Bytes this router stores for the lookup DHT (records and provider entries, keys included)', [], () => ({ '': dhtStore.bytes }))
      gaugeOf(registry, 'gdp_lookup_store_entries', 'Entries this router stores for the lookup DHT', [], () => ({ '': dhtStore.entries }))
      countersOf(registry, 'gdp_lookup_store_refused_total', 'Entries the lookup DHT asked this router to store and it refused: its lookup_store_bytes were held, and the sender held as much of them as any other', [], () => ({ '': dhtStore.refused }))
      countersOf(registry, 'gdp_lookup_store_evicted_total', 'Entries of the lookup DHT store dropped to make room for a sender that held less than their own sender', [], () => ({ '': dhtStore.evicted }))
      gaugeOf(registry, 'gdp_lookup_store_holders', 'Senders (addresses, and this router) whose entries the lookup DHT store holds', [], () => ({ '': dhtStore.holders }))
    }
    const gateway = node.gateway
    if (gateway !== undefined) {
      const streams = (): GatewayEventStreamCounters => gateway.counters.eventStreams
      gaugeOf(registry, 'gdp_gateway_event_streams', 'Event streams the HTTP gateway serves now', [], () => ({ '': streams().open }))
      gaugeOf(registry, 'gdp_gateway_event_stream_unsent_bytes', 'Bytes the gateway\'s event streams hold that their clients have not taken (a frame several hold counted once)', [], () => ({ '': streams().unsentBytes }))
      countersOf(registry, 'gdp_gateway_event_streams_closed_total', 'Event streams the gateway ended because their client did not read, by cause', ['cause'], () => ({
        stalled: streams().closedUnread.stalled, over_budget: streams().closedUnread.overBudget
      }))
      const downloads = (): GatewayUnsentCounters => gateway.counters.downloads
      gaugeOf(registry, 'gdp_gateway_downloads', 'File downloads the HTTP gateway serves now', [], () => ({ '': downloads().open }))
      gaugeOf(registry, 'gdp_gateway_download_held_bytes', 'Bytes the gateway\'s file downloads have read that their clients have not taken', [], () => ({ '': downloads().heldBytes }))
      countersOf(registry, 'gdp_gateway_downloads_closed_total', 'File downloads the gateway cut off because their client did not read and the others needed the room, by cause', ['cause'], () => ({ over_budget: downloads().closedOverBudget }))
      const answers = (): GatewayUnsentCounters => gateway.counters.answers
      gaugeOf(registry, 'gdp_gateway_answer_held_bytes', 'Bytes of answers the gateway built whole (64 KiB or more each) that their clients have not taken', [], () => ({ '': answers().heldBytes }))
      countersOf(registry, 'gdp_gateway_answers_closed_total', 'Answers built whole that the gateway cut off because their client did not read (over_budget), or refused with 503 because the others were still being taken (refused), by cause', ['cause'], () => ({ over_budget: answers().closedOverBudget, refused: answers().refused }))
      const uploads = (): GatewayUnsentCounters => gateway.counters.uploads
      gaugeOf(registry, 'gdp_gateway_uploads', 'File uploads the HTTP gateway is storing now, or that wait for room', [], () => ({ '': uploads().open }))
      gaugeOf(registry, 'gdp_gateway_upload_reserved_bytes', 'Room the gateway\'s file uploads reserved while they store', [], () => ({ '': uploads().heldBytes }))
      countersOf(registry, 'gdp_gateway_uploads_refused_total', 'File uploads the gateway refused with 503 because the others held its room for uploads for as long as they waited', [], () => ({ '': uploads().refused }))
      const bodies = (): BodyCounters => gateway.counters.bodies
      gaugeOf(registry, 'gdp_gateway_body_held_bytes', 'Bytes of request bodies the gateway is reading or handling (files not counted: they are stored as they come)', [], () => ({ '': bodies().heldBytes }))
      countersOf(registry, 'gdp_gateway_bodies_refused_total', 'Request bodies the gateway refused with 503 because their bytes would have taken the bodies it holds past its limit', [], () => ({ '': bodies().refused }))
    }
    const migration = node.migration
    if (migration !== undefined) {
      gaugeOf(registry, 'gdp_migrations_in_flight', 'Migrations this node is sending', [], () => ({ '': migration.counters.sending.size }))
      gaugeOf(registry, 'gdp_migration_bytes', 'Entry bytes of the migrations in flight, sent and acknowledged', ['state'], () => {
        let sent = 0
        let acked = 0
        for (const { progress } of migration.counters.sending.values()) { sent += progress?.sentBytes ?? 0; acked += progress?.ackedBytes ?? 0 }
        return { sent, acknowledged: acked }
      })
      countersOf(registry, 'gdp_migrations_total', 'Migrations sent, by outcome', ['outcome'], () => ({ sent: migration.counters.sent, failed: migration.counters.failed }))
    }
  }

  /** Feeds the latency histograms (the capsule service calls it as each append or read finishes). */
  observeLatency (operation: 'append' | 'read', seconds: number): void {
    this.#latency.observe({ operation }, seconds)
  }

  /** The exposition text and its content type. */
  async scrape (): Promise<{ contentType: string, body: string }> {
    // Merged for this scrape only, the process's metrics under this node's labels as its own.
    const merged = Registry.merge([this.registry, processMetrics()])
    merged.setDefaultLabels(this.#labels)
    return { contentType: merged.contentType, body: await merged.metrics() }
  }
}

/** Values by label value ('' for a metric without labels). */
type Reading = Record<string, number>

/**
 * `counts` with each of `labels` it lacks at 0: a series that first shows at
 * 1 hides that increase from rate() and increase(), so an alert on the first
 * STORE_FULL or expired AdCert never fired.
 */
function fromZero (labels: readonly string[], counts: Reading): Reading {
  return { ...Object.fromEntries(labels.map((label) => [label, 0])), ...counts }
}

function labelled (labelNames: string[], value: string): Record<string, string> {
  return labelNames.length === 0 ? {} : { [labelNames[0]!]: value }
}

/**
 * Counters that mirror counts the node keeps: at each scrape each goes up by
 * what its count grew since the last one (a count that went down, a part
 * restarted, is taken as it is from then on).
 */
function countersOf (registry: Registry, name: string, help: string, labelNames: string[], read: () => Reading): void {
  const seen = new Map<string, number>()
  new Counter({
    name,
    help,
    labelNames,
    registers: [registry],
    collect () {
      for (const [label, value] of Object.entries(read())) {
        // An increase of 0 still shows the series, so a reason seen once stays listed.
        this.inc(labelled(labelNames, label), Math.max(0, value - (seen.get(label) ?? 0)))
        seen.set(label, value)
      }
    }
  })
}

/** Gauges set from the node's state at each scrape. */
function gaugeOf (registry: Registry, name: string, help: string, labelNames: string[], read: () => Reading): void {
  new Gauge({
    name,
    help,
    labelNames,
    registers: [registry],
    collect () {
      for (const [label, value] of Object.entries(read())) this.set(labelled(labelNames, label), value)
    }
  })
}
