// libfaketime shifts one process's wall clock and leaves its monotonic clock alone: a node or a command whose clock
// runs ahead of or behind the others'.
import { existsSync } from 'node:fs'

export const FAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1'

/** Why tests of a shifted clock cannot run here, or undefined; in CI (GDP_REQUIRE_FAKETIME) a missing libfaketime fails them instead. */
export const noFaketime = existsSync(FAKETIME) || process.env.GDP_REQUIRE_FAKETIME === '1' ? undefined : 'libfaketime is not installed (apt-get install faketime)'

/** Environment that runs a process `offset` from the machine's clock (libfaketime's form: '+5m'). */
export const shiftedClock = (offset: string): Record<string, string> => ({ LD_PRELOAD: FAKETIME, FAKETIME: offset, FAKETIME_DONT_FAKE_MONOTONIC: '1' })
