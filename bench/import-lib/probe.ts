// A client that asks GET /health again 10 ms after each answer, for as long as an import runs: its
// latencies, and the longest time between two answers, show how long the service's event loop was
// blocked. The bench's own event-loop delay is measured too, so a stall of the bench is not taken
// for one of the service.
import http from 'node:http'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { percentile } from '../lib/stats.js'

export interface ProbeFigures {
  answers: number
  failures: number
  p50Ms: number
  p99Ms: number
  maxMs: number
  /** The longest time from one answer to the next (the 10 ms pause included). */
  longestGapMs: number
  /** The bench process's own longest event-loop delay meanwhile. */
  benchLoopMaxMs: number
}

export class HealthProbe {
  readonly #agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  readonly #latencies: number[] = []
  readonly #loop = monitorEventLoopDelay({ resolution: 10 })
  #failures = 0
  #longestGap = 0
  #running = false
  #done: Promise<void> = Promise.resolve()

  constructor (private readonly base: string, private readonly everyMs = 10) {}

  start (): void {
    this.#running = true
    this.#loop.enable()
    this.#done = this.#run()
  }

  async stop (): Promise<ProbeFigures> {
    this.#running = false
    await this.#done
    this.#loop.disable()
    this.#agent.destroy()
    const sorted = [...this.#latencies].sort((a, b) => a - b)
    const round = (x: number | undefined) => Math.round((x ?? 0) * 10) / 10
    return {
      answers: sorted.length,
      failures: this.#failures,
      p50Ms: round(percentile(sorted, 50)),
      p99Ms: round(percentile(sorted, 99)),
      maxMs: round(sorted.at(-1)),
      longestGapMs: round(this.#longestGap),
      benchLoopMaxMs: round(this.#loop.max / 1e6)
    }
  }

  #get (): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = http.get(`${this.base}/health`, { agent: this.#agent, timeout: 30_000 }, (res) => {
        res.resume()
        res.once('end', () => res.statusCode === 200 ? resolve(res.statusCode) : reject(new Error(`status ${res.statusCode}`)))
      })
      req.once('timeout', () => req.destroy(new Error('timed out')))
      req.once('error', reject)
    })
  }

  async #run (): Promise<void> {
    let lastAnswer = performance.now()
    while (this.#running) {
      const t = performance.now()
      try {
        await this.#get()
        const now = performance.now()
        this.#latencies.push(now - t)
        this.#longestGap = Math.max(this.#longestGap, now - lastAnswer)
        lastAnswer = now
      } catch {
        this.#failures++
      }
      await new Promise((resolve) => setTimeout(resolve, this.everyMs))
    }
  }
}
