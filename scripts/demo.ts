// npm run demo: the replay Hub on 127.0.0.1 and the service against it, on the embedded PostgreSQL.
// Works without internet. Counts are PLACEHOLDERS and the history before the first sync is SYNTHETIC
// (snapshot source "demo", see src/dev/demo.ts): never real Hub statistics.
import { loadConfig } from '../src/config.js'
import { startServer } from '../src/server.js'
import { DEMO_NOTICE, setUpDemo } from '../src/dev/demo.js'
import { ReplayHub } from '../src/dev/replay-hub.js'

const DEMO_ADMIN_TOKEN = 'demo-admin-token-not-a-secret'

const hub = new ReplayHub()
// Held until the demo's live counts are set: no sync may read the fixed placeholders meanwhile.
hub.pause()
const hubUrl = await hub.start(Number(process.env.DEMO_HUB_PORT ?? 0))

// The demo keeps its own data directory and port, so it never mixes with a real catalogue. It
// syncs every 10 minutes, so the numbers visibly move; setUpDemo runs the first sync itself.
const config = loadConfig({
  DATA_DIR: './data/demo',
  EMBEDDED_PG_PORT: '54330',
  SYNC_CRON: '*/10 * * * *',
  // Not a secret: the demo listens on 127.0.0.1, and the admin routes are there to be tried.
  ADMIN_TOKEN: DEMO_ADMIN_TOKEN,
  ...process.env,
  SYNC_ON_START: 'false',
  HF_ENDPOINT: hubUrl,
  HF_TOKEN: '',
  DATA_NOTICE: DEMO_NOTICE
})

const app = await startServer(config, { alsoClose: () => hub.stop() })
const setup = await setUpDemo(app, hub, config)
app.log.info({ hubUrl, ...setup }, 'demo running against the replay Hub (placeholder counts, synthetic history)')
const base = `http://${config.host}:${config.port}`
console.log(`
  cerebras-gpt-catalog demo
  replay Hub (recorded answers, offline): ${hubUrl}
  NOTE: download and like counts are PLACEHOLDERS, and the ${setup.imported + setup.duplicates} daily snapshots
        from ${setup.launch.toISOString().slice(0, 10)} to the first sync are SYNTHETIC (source "demo"): not real
        Hub statistics. Each sync (every 10 minutes here) moves the counts along the synthetic curve.

  try:  curl ${base}/api/models
        curl ${base}/api/models/cerebras/Cerebras-GPT-13B
        curl "${base}/api/models/cerebras/Cerebras-GPT-590M/downloads"   (a gap of missed days)
        curl "${base}/api/trends?window=7d"
        curl ${base}/api/family
        open ${base}/          (dashboard)
        open ${base}/docs      (API docs; Authorize with ${config.adminToken ?? '(ADMIN_TOKEN)'} to try the admin routes)
        ${config.databaseUrl === undefined ? `DATABASE_URL=postgresql://postgres:postgres@127.0.0.1:${config.embeddedPgPort}/catalog npx catalog status` : 'npx catalog status   (with your DATABASE_URL)'}
  stop: Ctrl-C
`)
