// Runs the real `catalog` command (TypeScript source through tsx) as a child process.
import { spawn, type ChildProcess } from 'node:child_process'
import { PROJECT_ROOT } from '../../src/paths.js'

/**
 * The environment of a process a test starts: the test's own, without coverage. tap's processinfo follows child
 * processes (NODE_OPTIONS) and would record their coverage of src/ as tsx transpiled it, which merges badly with
 * the test processes' own (modules the tests cover fully came out at half); the children are not what is measured.
 */
export function childEnv (env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, _TAPJS_PROCESSINFO_COVERAGE_: '0' }
}

export function spawnCli (args: string[], env: Record<string, string>): ChildProcess {
  const { DATABASE_URL: _ignored, ...base } = childEnv()
  return spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: PROJECT_ROOT,
    env: { ...base, LOG_LEVEL: 'warn', SYNC_CRON: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
}

/** A running child's output so far, and its exit code once it closes. */
export function collectOutput (child: ChildProcess) {
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (d) => { stdout += d })
  child.stderr!.on('data', (d) => { stderr += d })
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
  return { exited, out: () => stdout, err: () => stderr }
}

export async function runCli (args: string[], env: Record<string, string>): Promise<{ code: number | null, stdout: string, stderr: string }> {
  const run = collectOutput(spawnCli(args, env))
  const code = await run.exited
  return { code, stdout: run.out(), stderr: run.err() }
}

/** Polls a condition (database state another process changes) until it holds, or fails after a bound. */
export async function waitFor (what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}
