// The rows and tables the CAAPI benchmark prints (bench/caapi-bench.ts), with
// the remote measures of bench/caapi-remote.ts among them.

/** One measure: ours and the anchor's, in one unit, with the target it is held to. */
export interface Row {
  op: string
  ours: number | string
  anchor: number | string
  unit: 'ops' | 'keys' | 'MiB/s' | 'MB/s' | 'bytes' | 's'
  target?: { label: string, met: (ours: number, anchor: number) => boolean }
}

export interface Table {
  title: string
  anchorName: string
  rows: Row[]
  notes: string[]
}
