// The replay Hub of bench/soak.ts and bench/import.ts in its own process, so its CPU and memory are
// not the service's: a fixed latency per request and, with --churn, a Hub that moves on: every
// second each tracked model's counts grow (so every sync writes snapshots and the read model
// reloads), every ten seconds one model gets a new commit (so a sync refetches its metadata, tree
// and card). Usage: node --import tsx bench/service-lib/hub.ts LATENCY_MS [--churn]
import { ReplayHub } from '../../src/dev/replay-hub.js'
import { DEFAULT_TRACKED_MODELS } from '../../src/config.js'
import { announceReady, failStart } from '../http-lib/child.js'

const COUNT_TICK_MS = 1000
const COMMIT_EVERY_TICKS = 10

try {
  const hub = new ReplayHub({ latencyMs: Number(process.argv[2] ?? 20) })
  const url = await hub.start()
  const tracked = DEFAULT_TRACKED_MODELS.split(',')
  let tick = 0
  const churn = process.argv.includes('--churn')
    ? setInterval(() => {
      tick++
      for (const [i, id] of tracked.entries()) {
        const info = hub.repos.get(id)?.info
        if (info === undefined) continue
        const n = (key: string) => { const v = info[key]; return typeof v === 'number' ? v : 0 }
        hub.setCounts(id, { downloads: n('downloads') + 1 + i, downloadsAllTime: n('downloadsAllTime') + 3 + i, likes: n('likes') + (tick % 7 === i ? 1 : 0) })
      }
      if (tick % COMMIT_EVERY_TICKS === 0) {
        const id = tracked[(tick / COMMIT_EVERY_TICKS) % tracked.length]!
        hub.setSha(id, (tick.toString(16) + '0'.repeat(40)).slice(0, 40))
      }
      // The request log is only for tests; a long soak would grow it for nothing.
      hub.resetCounts()
    }, COUNT_TICK_MS)
    : undefined
  const shutdown = () => {
    clearInterval(churn)
    hub.stop().finally(() => process.exit(0))
  }
  process.once('SIGTERM', shutdown)
  // The bench died: its IPC channel closed.
  process.once('disconnect', shutdown)
  const ready = { type: 'ready', url }
  announceReady(ready)
} catch (err) {
  failStart(err)
}
