/**
 * What a logical router carries when it moves to another machine (docs/moving.md
 * section 3): the images of its node migration, the settings that go with
 * it, and what the move reports. Shared by the router that leaves (node.ts)
 * and the standby that becomes it (standby.ts).
 */
import type { NodeConfig } from './config.js'

export const NODE_KEY_FILE = 'node.key'
/** The images of a node migration. */
export const ROUTER_STATE_IMAGE = 'router-state'
export const NODE_KEY_IMAGE = 'node-key'
export const NODE_SETTINGS_IMAGE = 'node-settings'
export const MEMBERSHIP_IMAGE = 'membership'
/** The token the old instance confirms the move with (router-commit.ts). */
export const MOVE_TOKEN_IMAGE = 'move-token'

/** What a move of a router (GdpNode.migrateTo) reports. */
export interface NodeMigrationSummary {
  /** Where the router listens now. */
  to: string
  routes: number
  sets: number
  stateBytes: number
  exportMs: number
  /** The migration: sent, stored and verified by the standby. */
  shipMs: number
  /** From the neighbours' notice to the last of them leaving the old links. */
  drainMs: number
  neighbours: number
  /** Neighbours still on the old links when this node stopped waiting. */
  linksLeft: number
  /** What the lookup service carried (a router with `lookup: true`): records it publishes, and records it stored as a DHT node. */
  lookup?: CarriedLookupState
}

export interface CarriedLookupState {
  servers: number
  capsules: number
  dhtRecords: number
}

/** The settings that make a router what it is, as opposed to where it runs (addresses, folders, ports): what it brings when it moves. */
export const LOGICAL_SETTINGS = ['role', 'upstream', 'neighbours', 'trustedDomains', 'lookup', 'lookupPrivateAddresses', 'advertiseIntervalMs', 'advertiseLifetimeMs', 'advertiseSnapshotRate', 'migrationAllow', 'connectionAllow', 'proposeServers'] as const satisfies ReadonlyArray<keyof NodeConfig>

export type LogicalSettings = Pick<NodeConfig, typeof LOGICAL_SETTINGS[number]>

export function logicalSettings (config: NodeConfig): LogicalSettings {
  return Object.fromEntries(LOGICAL_SETTINGS.map((field) => [field, config[field]])) as LogicalSettings
}
