import type { SeqRange } from './types.js'

/** Ranges of records as the server's logs and the command line say them: `3, 5..9` (one record alone, a longer range as first..last). */
export function describeSeqRanges (ranges: readonly SeqRange[]): string {
  return ranges.map((r) => r.to - r.from === 1 ? `${r.from}` : `${r.from}..${r.to - 1}`).join(', ')
}
