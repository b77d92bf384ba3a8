// Child processes for the benches: TypeScript entries run by `node --import tsx`, readiness over
// IPC, and a stop that waits for the exit (so the next measurement starts on a quiet machine).
import { spawn, type ChildProcess } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from '../../src/dev/free-port.js'

export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const ROOT = path.dirname(BENCH_DIR)

export { freePort }

export interface Ready { type: 'ready', url: string, [key: string]: unknown }

/** A child tells its parent it is ready: over IPC, or on stdout when run by hand. */
export function announceReady (fields: { url: string, [key: string]: unknown }): void {
  const ready: Ready = { ...fields, type: 'ready' }
  if (process.send === undefined) console.log(JSON.stringify(ready))
  else process.send(ready)
}

/** A child could not start: tell the parent why, then exit 1. */
export function failStart (err: unknown): never {
  const message = err instanceof Error ? err.message : String(err)
  process.send?.({ type: 'error', message })
  console.error(message)
  process.exit(1)
}

export interface SpawnOptions {
  /** Node flags before the entry (--cpu-prof ...). */
  nodeArgs?: string[]
  args?: string[]
  env?: NodeJS.ProcessEnv
  /** An IPC channel, for entries that report readiness with process.send. */
  ipc?: boolean
}

/** Runs a TypeScript file (path relative to the project root) in its own Node process. */
export function spawnTs (entry: string, opts: SpawnOptions = {}): ChildProcess {
  return spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', entry, ...(opts.args ?? [])], {
    cwd: ROOT,
    env: opts.env ?? process.env,
    stdio: ['ignore', 'inherit', 'inherit', ...(opts.ipc === true ? ['ipc' as const] : [])]
  })
}

/** Resolves with the child's `{ type: 'ready' }` message; rejects on its error message, exit or the timeout. */
export function waitReady (child: ChildProcess, what: string, timeoutMs = 120_000): Promise<Ready> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, ready?: Ready) => {
      clearTimeout(timer)
      child.off('message', onMessage)
      child.off('exit', onExit)
      if (err) reject(err)
      else resolve(ready!)
    }
    const onMessage = (m: unknown) => {
      const msg = m as { type?: string, message?: string }
      if (msg.type === 'ready') done(null, m as Ready)
      else if (msg.type === 'error') done(new Error(`${what}: ${msg.message ?? 'failed'}`))
    }
    const onExit = (code: number | null, signal: string | null) => done(new Error(`${what} exited (${signal ?? code}) before it was ready`))
    const timer = setTimeout(() => done(new Error(`${what} not ready within ${timeoutMs} ms`)), timeoutMs)
    child.on('message', onMessage)
    child.once('exit', onExit)
  })
}

export function exited (child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode)
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)))
}

/** SIGTERM, then wait for the exit; SIGKILL after the grace period. Returns the exit code. */
export async function stop (child: ChildProcess, graceMs = 60_000): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode
  const exit = exited(child)
  child.kill('SIGTERM')
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<'late'>((resolve) => { timer = setTimeout(() => resolve('late'), graceMs) })
  const first = await Promise.race([exit, late])
  clearTimeout(timer)
  if (first !== 'late') return first
  console.error(`pid ${child.pid} did not exit within ${graceMs} ms of SIGTERM; killing it`)
  child.kill('SIGKILL')
  return exit
}

/** Resident memory of a process in MiB (VmRSS, or VmHWM for the peak), from /proc; null elsewhere. */
export async function rssMiB (pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8')
    const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]
    return kb === undefined ? null : Math.round(Number(kb) / 1024 * 10) / 10
  } catch {
    return null
  }
}
