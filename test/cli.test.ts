// The `catalog` command as a user runs it: progress lines, summary and exit codes.
import t from 'tap'
import { ReplayHub } from '../src/dev/replay-hub.js'
import { createTestDatabase, freePort, sql } from './helpers/database.js'
import { runCli, spawnCli, waitFor } from './helpers/cli.js'

t.test('catalog sync, status and migrate', async (t) => {
  const hub = new ReplayHub()
  await hub.start()
  t.teardown(() => hub.stop())
  const db = await createTestDatabase({ migrate: false })
  t.teardown(() => db.drop())
  const env = { DATABASE_URL: db.url, HF_ENDPOINT: hub.url }

  const migrated = await runCli(['migrate'], env)
  t.equal(migrated.code, 0, migrated.stderr)
  t.match(migrated.stdout, /20261128000000_init/)

  const cold = await runCli(['sync'], env)
  t.equal(cold.code, 0, cold.stderr)
  const lines = cold.stdout.trim().split('\n')
  t.equal(lines.length, 8, 'one line per model and a summary')
  t.match(lines[0], /cerebras\/Cerebras-GPT-111M/)
  t.match(lines[7], /succeeded: 7 models, 7 changed, 0 failed, 22 Hub requests/)

  hub.remove('cerebras/Cerebras-GPT-256M')
  const partial = await runCli(['sync'], env)
  t.equal(partial.code, 2)
  t.match(partial.stdout, /✗ cerebras\/Cerebras-GPT-256M: HUB_NOT_FOUND 401/)
  t.match(partial.stdout, /partial: 7 models, 0 changed, 1 failed, 2 Hub requests/, 'the listing, and the missing model asked for by id')

  const status = await runCli(['status'], env)
  t.equal(status.code, 0)
  t.match(status.stdout, /7 models in the catalogue/)
  t.match(status.stdout, /#2 cli partial/)
})

t.test('catalog sync exits 1 when the Hub is unreachable', async (t) => {
  const db = await createTestDatabase()
  t.teardown(db.drop)
  const res = await runCli(['sync'], { DATABASE_URL: db.url, HF_ENDPOINT: 'http://127.0.0.1:9', HUB_MAX_ATTEMPTS: '1' })
  t.equal(res.code, 1)
  t.match(res.stdout, /failed: 7 models, 0 changed, 7 failed/)
  t.match(res.stdout, /HUB_UNREACHABLE/)
})

t.test('catalog sync --json prints one JSON object however the run ends', async (t) => {
  const db = await createTestDatabase()
  t.teardown(db.drop)
  const hubDown = await runCli(['sync', '--json'], { DATABASE_URL: db.url, HF_ENDPOINT: 'http://127.0.0.1:9', HUB_MAX_ATTEMPTS: '1' })
  t.equal(hubDown.code, 1)
  t.match(JSON.parse(hubDown.stdout), { status: 'failed', modelsFailed: 7 }, 'a failed run is a summary')

  // No database at all: the run never starts, and stdout is still one JSON object.
  const port = await freePort()
  const dbDown = await runCli(['sync', '--json'], { DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/none`, HF_ENDPOINT: 'http://127.0.0.1:9', DB_CONNECT_TIMEOUT_MS: '1000' })
  t.equal(dbDown.code, 1)
  const out = JSON.parse(dbDown.stdout)
  t.equal(out.status, 'failed')
  t.type(out.error.message, 'string')
  t.ok(out.error.message.length > 0, 'the cause is named')
  t.equal(dbDown.stdout.trim().split('\n').length, 1, 'nothing else on stdout')
})

t.test('unknown commands print the usage', async (t) => {
  const res = await runCli(['frobnicate'], {})
  t.equal(res.code, 1)
  t.match(res.stderr, /Unknown command: frobnicate/)
  t.match(res.stderr, /Usage: catalog/)
})

t.test('catalog serve: migrates, syncs a stale catalogue before listening, stops on SIGTERM', async (t) => {
  const hub = new ReplayHub()
  await hub.start()
  t.teardown(() => hub.stop())
  const db = await createTestDatabase({ migrate: false })
  t.teardown(() => db.drop())
  const port = await freePort()
  const child = spawnCli(['serve'], { DATABASE_URL: db.url, HF_ENDPOINT: hub.url, PORT: String(port), LOG_LEVEL: 'info' })
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
  let out = ''
  child.stdout!.on('data', (d) => { out += d })
  await waitFor('the server to listen', async () => out.includes('Server listening'), 30_000)
  const res = await fetch(`http://127.0.0.1:${port}/api/models`)
  t.equal(((await res.json()) as { items: unknown[] }).items.length, 7, 'the startup sync ran before the first answer')
  t.same(await sql(db.url, 'SELECT trigger::text, status::text FROM sync_runs'), [{ trigger: 'startup', status: 'succeeded' }])
  child.kill('SIGTERM')
  const code = await exited
  t.equal(code, 0, `exit code ${code}: ${out.split('\n').slice(-4).join('\n')}`)
})
