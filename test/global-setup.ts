import { execFileSync } from 'node:child_process'
import { join } from 'node:path'

/** Child-process tests (CLI, crash, memory) run the compiled code: build it once. */
export default function setup (): void {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: join(import.meta.dirname, '..'), stdio: 'inherit' })
}
