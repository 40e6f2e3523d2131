/** The byte helpers of bytes.ts in a browser: all portable code (scripts/build-browser.mjs swaps this module in). */
export * from './bytes-portable.js'
