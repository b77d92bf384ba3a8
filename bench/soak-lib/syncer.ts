// Starts a sync through the admin API on a timer while the soak runs: 202 (started) and 409
// (one still running, here or in another process) are both normal answers, counted apart;
// anything else, or no answer, is an error.
import { performance } from 'node:perf_hooks'

export interface SyncAttempt { atS: number, status: number | 'error', runId: number | null, ms: number, detail?: string }

export interface SyncRun { id: number, status: string, startedAt: string, finishedAt: string | null, modelsChanged: number, modelsFailed: number, errors: Array<{ modelId: string, code: string, message: string }> }

export class Syncer {
  readonly attempts: SyncAttempt[] = []
  #timer: NodeJS.Timeout | undefined
  #inFlight: Array<Promise<void>> = []
  #t0 = 0

  constructor (private readonly base: string, private readonly token: string, private readonly everyMs: number) {}

  start (): void {
    this.#t0 = performance.now()
    this.#timer = setInterval(() => { this.#inFlight.push(this.#once()) }, this.everyMs)
  }

  async stop (): Promise<SyncAttempt[]> {
    clearInterval(this.#timer)
    await Promise.all(this.#inFlight)
    return this.attempts
  }

  async #once (): Promise<void> {
    const t = performance.now()
    const atS = Math.round((t - this.#t0) / 100) / 10
    try {
      const res = await fetch(`${this.base}/api/syncs`, { method: 'POST', headers: { authorization: `Bearer ${this.token}` }, signal: AbortSignal.timeout(30_000) })
      const body = await res.json().catch(() => null) as { id?: number, detail?: string } | null
      this.attempts.push({ atS, status: res.status, runId: res.status === 202 ? body?.id ?? null : null, ms: Math.round(performance.now() - t), ...(res.status === 202 || res.status === 409 ? {} : { detail: body?.detail }) })
    } catch (err) {
      this.attempts.push({ atS, status: 'error', runId: null, ms: Math.round(performance.now() - t), detail: err instanceof Error ? err.message : String(err) })
    }
  }
}

/** The runs the soak started, as the service recorded them, once none is running (or the wait ends). */
export async function runsOf (base: string, token: string, ids: number[], waitMs = 30_000): Promise<SyncRun[]> {
  const until = Date.now() + waitMs
  for (;;) {
    const res = await fetch(`${base}/api/syncs?limit=100`, { headers: { authorization: `Bearer ${token}` } })
    if (!res.ok) throw new Error(`GET /api/syncs answered ${res.status}`)
    const { items } = await res.json() as { items: SyncRun[] }
    const ours = items.filter((r) => ids.includes(r.id))
    if (!ours.some((r) => r.status === 'running') || Date.now() > until) return ours
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}
