// What bench/sync.ts and its two child processes (the replay Hub, a sync scenario) tell each other.

/** The replay Hub's synthetic author: `bench/model-00001`... */
export const SYNTHETIC_AUTHOR = 'bench'

/** The Hub child's control port answers this, then resets its counts. */
export interface HubStats { requests: number, peakInFlight: number }

/** One sync, measured in the scenario's process. */
export interface RunFigures {
  run: 'cold' | 'steady'
  status: string
  modelsTotal: number
  modelsChanged: number
  modelsFailed: number
  /** The run summary's count (hubRequests), and what the replay Hub saw. */
  hubRequests: number
  hubSaw: number
  /** Most Hub requests in flight at once, as the replay Hub saw them. */
  peakInFlight: number
  /** From before run() to its answer: lock, job, commit, the read model's reload. */
  wallMs: number
  /** The job's own durationMs: from the run's start to its outcomes, before the write. */
  jobMs: number
  /** The parts of wallMs: up to the write (lock, listing, fetches), the write transaction, and the
   * after-commit listeners (the read model's reload; null when the job ran without the service). */
  beforeCommitMs: number
  commitMs: number
  afterCommitMs: number | null
  rssBeforeMiB: number
  /** Highest RSS sampled every 50 ms during the run. */
  peakRssMiB: number
}

export interface ScenarioResult {
  runs: RunFigures[]
  /** The scenario process's peak RSS over its whole life (resourceUsage().maxRSS). */
  processMaxRssMiB: number
}

export type ScenarioMessage = { type: 'result', result: ScenarioResult } | { type: 'error', message: string }
