// The replay Hub of bench/sync.ts in its own process, so its CPU and memory are not counted as the
// sync's: a fixed latency per request, a synthetic author, and a control port that reports and
// resets the request counts. Usage: node --import tsx bench/sync-lib/hub-child.ts LATENCY_MS MODELS
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { ReplayHub } from '../../src/dev/replay-hub.js'
import { SYNTHETIC_AUTHOR, type HubStats } from './protocol.js'
import { announceReady, failStart } from '../http-lib/child.js'

try {
  const hub = new ReplayHub({ latencyMs: Number(process.argv[2] ?? 50) })
  hub.addSyntheticAuthor({ author: SYNTHETIC_AUTHOR, count: Number(process.argv[3] ?? 1000) })
  const url = await hub.start()
  const control = http.createServer((_req, res) => {
    const stats: HubStats = { requests: hub.requests.length, peakInFlight: hub.peakInFlight }
    hub.resetCounts()
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(stats))
  })
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve))
  const shutdown = () => {
    control.close()
    hub.stop().finally(() => process.exit(0))
  }
  process.once('SIGTERM', shutdown)
  // The bench died: its IPC channel closed.
  process.once('disconnect', shutdown)
  const ready = { type: 'ready', url, control: `http://127.0.0.1:${(control.address() as AddressInfo).port}` }
  announceReady(ready)
} catch (err) {
  failStart(err)
}
