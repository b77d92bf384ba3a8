// npm run demo: the replay Hub on 127.0.0.1 and the service against it, on the embedded PostgreSQL.
// Works without internet. Download counts come from test/fixtures/hub/placeholders: they are PLACEHOLDERS.
import { loadConfig } from '../src/config.js'
import { startServer } from '../src/server.js'
import { ReplayHub } from '../src/dev/replay-hub.js'

const hub = new ReplayHub()
const hubUrl = await hub.start(Number(process.env.DEMO_HUB_PORT ?? 0))

// The demo keeps its own data directory and port, so it never mixes with a real catalogue.
const config = loadConfig({
  DATA_DIR: './data/demo',
  EMBEDDED_PG_PORT: '54330',
  ...process.env,
  HF_ENDPOINT: hubUrl,
  HF_TOKEN: '',
  DATA_NOTICE: 'Demo data from the replay Hub: download and like counts are PLACEHOLDERS, not real Hub statistics'
})

const app = await startServer(config, { alsoClose: () => hub.stop() })
const base = `http://${config.host}:${config.port}`
console.log(`
  cerebras-gpt-catalog demo
  replay Hub (recorded answers, offline): ${hubUrl}
  NOTE: download and like counts are PLACEHOLDERS from test/fixtures/hub/placeholders/counts.json,
        not real Hub statistics.

  try:  curl ${base}/api/models
        curl ${base}/api/models/cerebras/Cerebras-GPT-13B
        curl ${base}/api/licenses/apache-2.0
        curl "${base}/api/trends?window=7d"
        open ${base}/          (dashboard)
        open ${base}/docs      (API docs)
  stop: Ctrl-C
`)
app.log.info({ hubUrl }, 'demo running against the replay Hub (placeholder counts)')
