/**
 * The shell scripts operators and CI run (deploy/, the VM guest builder,
 * .ci/run) held to ShellCheck, the shell's lint of the field, at its default
 * severity: an unquoted expansion or a masked exit status in a script that
 * sets up a testnet or a guest fails where an operator runs it, not here.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const shellcheck = ['/usr/bin/shellcheck', '/usr/local/bin/shellcheck'].find((p) => existsSync(p))
/** Why the lint cannot run here, or undefined; in CI (GDP_REQUIRE_SHELLCHECK) a missing shellcheck fails it instead. */
const noShellcheck = process.env.GDP_REQUIRE_SHELLCHECK === '1' || shellcheck !== undefined ? undefined : 'shellcheck is not installed (apt-get install shellcheck)'

/** Every shell script the repository holds: *.sh, and .ci/run (a bash script without the extension). */
function shellScripts (): string[] {
  const tracked = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' }).split('\0')
  return tracked.filter((f) => f.endsWith('.sh') || f === '.ci/run')
}

describe('shell scripts', () => {
  it.skipIf(noShellcheck !== undefined)(`pass shellcheck${noShellcheck === undefined ? '' : ` (skipped: ${noShellcheck})`}`, () => {
    const scripts = shellScripts()
    expect(scripts).toContain('.ci/run')
    expect(scripts).toContain('deploy/compose-init.sh')
    const run = spawnSync(shellcheck ?? 'shellcheck', ['--format=gcc', ...scripts], { encoding: 'utf8' })
    expect(run.error).toBeUndefined()
    expect(run.stdout + run.stderr).toBe('')
    expect(run.status).toBe(0)
  })
})
