/**
 * The browser bundle's entry (dist/browser/gdp-client.js, built by
 * `npm run build:browser`; docs/browser.md): connect to a node over
 * WebSocket, create capsules with keys made in the browser, append, read
 * and subscribe, everything read verified here.
 */
export { connect, EdgeCapsule, EdgeClient, type ConnectOptions, type CreateCapsuleOptions, type EdgeAppendReceipt, type EdgeRecord, type OpenCapsuleOptions } from './edge-client.js'
export type { JournalStorage } from './storage-journal.js'
export type { ReadSelector } from '../capsule/selector.js'
