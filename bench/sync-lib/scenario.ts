// One scenario of bench/sync.ts in its own process (so its RSS is this sync's alone): a scratch
// database, the services as `catalog sync` builds them, a cold sync and optionally a steady one.
// With --concurrency, the job runs over the same store and Hub config with that bound instead
// (SyncService always uses the job's default). Reports its figures, by phase, over IPC.
import { parseArgs } from 'node:util'
import pino from 'pino'
import { loadConfig } from '../../src/config.js'
import { syntheticModelId } from '../../src/dev/replay-hub.js'
import { HubClient } from '../../src/hub/hub-client.js'
import { createServices } from '../../src/services.js'
import { runSyncJob } from '../../src/sync/sync-job.js'
import type { SyncSummary } from '../../src/sync/sync-types.js'
import { createScratchDatabase } from '../lib/scratch-db.js'
import { SYNTHETIC_AUTHOR, type HubStats, type RunFigures, type ScenarioMessage } from './protocol.js'

const { values: argv } = parseArgs({
  options: {
    server: { type: 'string' },
    database: { type: 'string' },
    hub: { type: 'string' },
    control: { type: 'string' },
    /** 0: the seven checkpoints (the default TRACKED_MODELS); else that many synthetic models. */
    models: { type: 'string', default: '0' },
    concurrency: { type: 'string' },
    /** HUB_MAX_CONNECTIONS, when not the default. */
    connections: { type: 'string' },
    steady: { type: 'boolean', default: false }
  }
})

const MiB = (bytes: number) => Math.round(bytes / 2 ** 20 * 10) / 10
const required = (name: string, v: string | undefined): string => {
  if (v === undefined) throw new Error(`--${name} is required`)
  return v
}

async function hubStats (): Promise<HubStats> {
  const res = await fetch(required('control', argv.control))
  return await res.json() as HubStats
}

/** When the write transaction started and ended, and when the after-commit listeners were done. */
interface Marks { commitStart: number, commitEnd: number, afterCommit: number | null }

async function measured (run: RunFigures['run'], marks: Marks, sync: () => Promise<SyncSummary>): Promise<RunFigures> {
  await hubStats() // resets the Hub's counts
  marks.afterCommit = null
  const rssBefore = process.memoryUsage.rss()
  let peak = rssBefore
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()) }, 50)
  const t0 = performance.now()
  let summary: SyncSummary
  try {
    summary = await sync()
  } finally {
    clearInterval(sampler)
  }
  const wallMs = performance.now() - t0
  peak = Math.max(peak, process.memoryUsage.rss())
  const seen = await hubStats()
  return {
    run,
    status: summary.status,
    modelsTotal: summary.modelsTotal,
    modelsChanged: summary.modelsChanged,
    modelsFailed: summary.modelsFailed,
    hubRequests: summary.hubRequests,
    hubSaw: seen.requests,
    peakInFlight: seen.peakInFlight,
    wallMs: Math.round(wallMs),
    jobMs: summary.durationMs,
    beforeCommitMs: Math.round(marks.commitStart - t0),
    commitMs: Math.round(marks.commitEnd - marks.commitStart),
    afterCommitMs: marks.afterCommit === null ? null : Math.round(marks.afterCommit - marks.commitEnd),
    rssBeforeMiB: MiB(rssBefore),
    peakRssMiB: MiB(peak)
  }
}

async function main (): Promise<void> {
  const models = Number(argv.models)
  const db = await createScratchDatabase(required('server', argv.server), required('database', argv.database))
  try {
    const tracked = Array.from({ length: models }, (_, i) => syntheticModelId(SYNTHETIC_AUTHOR, i + 1))
    const config = loadConfig({
      HF_ENDPOINT: required('hub', argv.hub),
      DATABASE_URL: db.url,
      SYNC_CRON: 'off',
      LOG_LEVEL: 'warn',
      ...(models > 0 ? { TRACKED_MODELS: tracked.join(',') } : {}),
      ...(argv.connections === undefined ? {} : { HUB_MAX_CONNECTIONS: argv.connections })
    })
    const logger = pino({ level: config.logLevel }, pino.destination(2))
    // As `catalog sync` builds them (src/cli.ts): a pool of 4 database connections.
    const services = createServices({ config, databaseUrl: db.url, logger, poolSize: 4 })
    try {
      // Phase marks: the store the service holds, its commit wrapped in a timer; a listener after
      // the service's own (the read model's reload) marks the end of the after-commit work.
      const marks: Marks = { commitStart: 0, commitEnd: 0, afterCommit: null }
      const store = services.sync.store
      const commit = store.commitRun.bind(store)
      store.commitRun = async (run) => {
        marks.commitStart = performance.now()
        try {
          return await commit(run)
        } finally {
          marks.commitEnd = performance.now()
        }
      }
      services.sync.onCommit(async () => { marks.afterCommit = performance.now() })
      const concurrency = argv.concurrency === undefined ? undefined : Number(argv.concurrency)
      const sync = concurrency === undefined
        ? () => services.sync.run('cli')
        : async () => {
          const hub = new HubClient({ config: config.hub, logger })
          try {
            return await runSyncJob({ hub, store, logger, trackedModels: config.trackedModels, concurrency }, { trigger: 'cli' })
          } finally {
            await hub.close()
          }
        }
      const runs = [await measured('cold', marks, sync)]
      if (argv.steady) runs.push(await measured('steady', marks, sync))
      const message: ScenarioMessage = { type: 'result', result: { runs, processMaxRssMiB: MiB(process.resourceUsage().maxRSS * 1024) } }
      process.send?.(message)
    } finally {
      await services.close()
    }
  } finally {
    await db.drop()
  }
}

main().catch((err: Error) => {
  const message: ScenarioMessage = { type: 'error', message: err.message }
  process.send?.(message)
  console.error(err.message)
  process.exitCode = 1
})
