// One autocannon measurement: a warm-up whose figures are thrown away, then the timed run.
import autocannon from 'autocannon'

export interface LoadOptions { connections: number, durationS: number, warmupS: number }

export interface Stats {
  reqPerSec: number
  /** Latency percentiles in ms (autocannon's histogram has 1 ms resolution). */
  p50: number
  p99: number
  /** Connection errors, timeouts and non-2xx answers: everything that is not a served request. */
  errors: number
  non2xx: number
  timeouts: number
  requests: number
  bytesPerSec: number
}

async function fire (url: string, connections: number, durationS: number): Promise<autocannon.Result> {
  return autocannon({ url, connections, duration: durationS, pipelining: 1 })
}

export async function measure (url: string, opts: LoadOptions): Promise<Stats> {
  if (opts.warmupS > 0) await fire(url, opts.connections, opts.warmupS)
  const r = await fire(url, opts.connections, opts.durationS)
  return {
    reqPerSec: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    // autocannon counts timeouts within errors.
    errors: r.errors + r.non2xx,
    non2xx: r.non2xx,
    timeouts: r.timeouts,
    requests: r.requests.total,
    bytesPerSec: Math.round(r.throughput.average)
  }
}
