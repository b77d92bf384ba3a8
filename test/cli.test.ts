// The `catalog` command as a user runs it: progress lines, summary and exit codes.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import t, { type Test } from 'tap'
import { cliLogger, ImportProgress, importProgressLine, parseSyncArgs } from '../src/cli.js'
import { ReplayHub } from '../src/dev/replay-hub.js'
import { PROJECT_ROOT } from '../src/paths.js'
import { tryAcquireSyncLock } from '../src/sync/sync-lock.js'
import { createTestDatabase, freePort, sql } from './helpers/database.js'
import { childEnv, collectOutput, runCli, spawnCli, waitFor } from './helpers/cli.js'

/** The replay Hub and a fresh database (migrated unless asked not to), both torn down with the test. */
async function hubAndDatabase (t: Test, opts: { migrate?: boolean } = {}) {
  const hub = new ReplayHub()
  await hub.start()
  t.teardown(() => hub.stop())
  const db = await createTestDatabase(opts)
  t.teardown(() => db.drop())
  return { hub, db }
}

t.test('catalog sync, status and migrate', async (t) => {
  const { hub, db } = await hubAndDatabase(t, { migrate: false })
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

t.test('catalog sync --if-locked: skip exits 0 when another sync holds the lock, the default stays 75', async (t) => {
  const db = await createTestDatabase()
  t.teardown(db.drop)
  const lock = await tryAcquireSyncLock(db.url)
  t.ok(lock, 'this test holds the sync lock, as a running sync would')
  t.teardown(() => lock!.release())
  const env = { DATABASE_URL: db.url, HF_ENDPOINT: 'http://127.0.0.1:9' }
  const [skippedJson, skipped, locked, lockedJson] = await Promise.all([
    runCli(['sync', '--json', '--if-locked=skip'], env),
    runCli(['sync', '--if-locked', 'skip'], env),
    runCli(['sync', '--if-locked=fail'], env),
    runCli(['sync', '--json'], env)
  ])
  t.equal(skippedJson.code, 0, skippedJson.stderr)
  t.same(JSON.parse(skippedJson.stdout), { status: 'skipped' })
  t.equal(skippedJson.stdout.trim().split('\n').length, 1, 'one JSON object, nothing else on stdout')
  t.equal(skipped.code, 0)
  t.equal(skipped.stdout, 'another sync holds the lock; skipped (--if-locked=skip)\n')
  t.equal(locked.code, 75)
  t.match(locked.stderr, /another sync holds the lock; nothing was done/)
  t.equal(lockedJson.code, 75)
  t.same(JSON.parse(lockedJson.stdout), { status: 'locked' })
  t.same(await sql(db.url, 'SELECT id FROM sync_runs'), [], 'no run recorded')
})

t.test('catalog sync options: a typo stops it before anything is opened', async (t) => {
  t.same(parseSyncArgs([]), { json: false, ifLocked: 'fail' })
  t.same(parseSyncArgs(['--if-locked=skip', '--json']), { json: true, ifLocked: 'skip' })
  t.throws(() => parseSyncArgs(['--if-locked=wait']), { code: 'CATALOG_USAGE', message: /--if-locked is fail or skip, not "wait"/ })
  t.throws(() => parseSyncArgs(['--if-lock=skip']), { code: 'CATALOG_USAGE', message: /Unknown option '--if-lock'/ })
  t.throws(() => parseSyncArgs(['now']), { code: 'CATALOG_USAGE' })

  // No DATABASE_URL and no embedded start: the usage error comes first.
  const res = await runCli(['sync', '--json', '--if-locked=later'], { DATABASE_URL: 'postgresql://postgres@127.0.0.1:9/none' })
  t.equal(res.code, 1)
  t.match(JSON.parse(res.stdout), { status: 'failed', error: { code: 'CATALOG_USAGE' } }, '--json still prints one JSON object')
  t.match(res.stderr, /--if-locked is fail or skip[\s\S]*Usage: catalog/)
})

t.test('import progress: a line at most once per interval, lines counted across chunks', async (t) => {
  t.equal(importProgressLine(120_000, 5_400_000, 12_000_000), '  120,000 lines read, 5.4 MB of 12.0 MB (45%)')
  t.equal(importProgressLine(0, 0, 0), '  0 lines read, 0.0 MB of 0.0 MB (100%)', 'an empty file is read whole')
  let now = 0
  const progress = new ImportProgress(32, 1000, () => now)
  t.equal(progress.add(Buffer.from('{"a":1}\n{"b"')), null, 'not yet due')
  now = 1000
  t.equal(progress.add(Buffer.from(':2}\n')), '  2 lines read, 0.0 MB of 0.0 MB (50%)')
  now = 1500
  t.equal(progress.add(Buffer.from('\n\n')), null, 'at most once per interval')
  t.equal(progress.lines, 4)
  t.equal(progress.bytes, 18)
})

t.test('catalog import: the report alone when piped; a start line on a terminal', async (t) => {
  const { hub, db } = await hubAndDatabase(t)
  t.equal((await runCli(['sync'], { DATABASE_URL: db.url, HF_ENDPOINT: hub.url })).code, 0)
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cli-import-'))
  const file = path.join(dir, 'history.jsonl')
  await writeFile(file, [
    { id: 'cerebras/Cerebras-GPT-111M', takenAt: '2026-11-01T12:00:00Z', downloads: 100, downloadsAllTime: 1000, likes: 5 },
    { id: 'cerebras/Not-Tracked', takenAt: '2026-11-01T12:00:00Z', downloads: 1 }
  ].map((r) => JSON.stringify(r)).join('\n') + '\n')

  const piped = await runCli(['import', file], { DATABASE_URL: db.url })
  t.equal(piped.code, 2)
  t.equal(piped.stdout, 'line 2: cerebras/Not-Tracked is not in the catalogue (sync it first)\n2 records: 1 imported, 0 already stored, 1 refused\n', 'no progress lines when stdout is not a terminal')

  // util-linux's script(1) gives the command a pseudo-terminal.
  if (spawnSync('script', ['--version']).status !== 0) {
    t.comment('script(1) is not installed: the terminal case is not checked')
    return
  }
  const { DATABASE_URL: _ignored, ...base } = childEnv()
  const child = spawn('script', ['-qec', `${process.execPath} --import tsx src/cli.ts import ${file}`, '/dev/null'], {
    cwd: PROJECT_ROOT,
    env: { ...base, DATABASE_URL: db.url, LOG_LEVEL: 'warn', SYNC_CRON: 'off' },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let out = ''
  child.stdout.on('data', (d) => { out += d })
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  t.equal(code, 2)
  t.same(out.replace(/\r\n/g, '\n').split('\n'), [
    `importing ${file} (0.0 MB)`,
    'line 2: cerebras/Not-Tracked is not in the catalogue (sync it first)',
    '2 records: 0 imported, 1 already stored, 1 refused',
    ''
  ])
})

t.test('unknown commands print the usage', async (t) => {
  const res = await runCli(['frobnicate'], {})
  t.equal(res.code, 1)
  t.match(res.stderr, /Unknown command: frobnicate/)
  t.match(res.stderr, /Usage: catalog/)
})

t.test('catalog serve: migrates, syncs a stale catalogue before listening, stops on SIGTERM', async (t) => {
  const { hub, db } = await hubAndDatabase(t, { migrate: false })
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

const USAGE_HEAD = 'Usage: catalog <command>\n\nCommands:\n  serve     migrate, sync if stale, and serve the REST API (same as npm start)\n'

t.test('no command prints the usage and exits 1; --help, -h and help print it and exit 0', async (t) => {
  // A database that does not answer: none of these may try to open one.
  const env = { DATABASE_URL: 'postgresql://postgres@127.0.0.1:9/none' }
  const none = await runCli([], env)
  t.equal(none.code, 1, 'no command is a mistake')
  t.ok(none.stdout.startsWith(USAGE_HEAD), none.stdout)
  for (const flag of ['--help', '-h', 'help']) {
    const res = await runCli([flag], env)
    t.equal(res.code, 0, flag)
    t.ok(res.stdout.startsWith(USAGE_HEAD), flag)
    t.match(res.stdout, /\n {2}import F {2}backfill download history from F/, `${flag}: every command`)
    t.equal(res.stderr, '', `${flag}: nothing on stderr`)
  }
})

t.test('catalog import: no file is a usage error; a missing file is named, before any database is opened', async (t) => {
  const env = { DATABASE_URL: 'postgresql://postgres@127.0.0.1:9/none' }
  const noFile = await runCli(['import'], env)
  t.equal(noFile.code, 1)
  t.equal(noFile.stderr, 'Usage: catalog import FILE\n')
  t.equal(noFile.stdout, '')
  const missing = await runCli(['import', '/nonexistent/history.jsonl'], env)
  t.equal(missing.code, 1)
  t.equal(missing.stderr, "ENOENT: no such file or directory, access '/nonexistent/history.jsonl'\n", 'the file, not the database, is what is wrong')
  t.equal(missing.stdout, '')
})

t.test('catalog sync --json interrupted by a signal prints {"status":"interrupted"} and exits 1', async (t) => {
  const { hub, db } = await hubAndDatabase(t)
  const held = hub.hold((r) => r.path === '/api/models')
  const child = spawnCli(['sync', '--json'], { DATABASE_URL: db.url, HF_ENDPOINT: hub.url, SHUTDOWN_GRACE_MS: '0' })
  const run = collectOutput(child)
  await held.arrived
  child.kill('SIGTERM')
  t.equal(await run.exited, 1)
  held.release()
  t.equal(run.out(), '{"status":"interrupted"}\n', 'one JSON object, nothing else on stdout')
  t.match(await sql(db.url, 'SELECT status::text FROM sync_runs'), [{ status: 'interrupted' }])
})

async function serve (t: Test, env: Record<string, string>) {
  const port = await freePort()
  const child = spawnCli(['serve'], { PORT: String(port), LOG_LEVEL: 'info', ...env })
  const run = collectOutput(child)
  t.teardown(() => { if (child.exitCode === null) child.kill('SIGKILL') })
  await waitFor('the server to listen', async () => run.out().includes('Server listening') || child.exitCode !== null, 30_000)
  t.equal(child.exitCode, null, `listening: ${run.err()}`)
  const models = async () => (await (await fetch(`http://127.0.0.1:${port}/api/models`)).json()) as { total: number }
  const stop = async () => { child.kill('SIGTERM'); return await run.exited }
  return { run, models, stop }
}

t.test('catalog serve with SYNC_ON_START=false listens without asking the Hub', async (t) => {
  const { hub, db } = await hubAndDatabase(t)
  const s = await serve(t, { DATABASE_URL: db.url, HF_ENDPOINT: hub.url, SYNC_ON_START: 'false' })
  t.equal((await s.models()).total, 0, 'an empty catalogue, served')
  t.equal(hub.requests.length, 0, 'the Hub was not asked')
  t.same(await sql(db.url, 'SELECT id FROM sync_runs'), [], 'no run')
  t.equal(await s.stop(), 0)
})

t.test('catalog serve after a failed start-up sync serves the stored catalogue', async (t) => {
  const { hub, db } = await hubAndDatabase(t)
  t.equal((await runCli(['sync'], { DATABASE_URL: db.url, HF_ENDPOINT: hub.url })).code, 0)
  // Stale (no schedule run since), and the Hub down: the start-up run fails, the seven stay.
  await sql(db.url, "UPDATE sync_runs SET started_at = now() - interval '3 days', finished_at = now() - interval '3 days'")
  const down = await serve(t, { DATABASE_URL: db.url, HF_ENDPOINT: 'http://127.0.0.1:9', HUB_MAX_ATTEMPTS: '1', SYNC_CRON: '0 * * * *' })
  t.equal((await down.models()).total, 7)
  t.match(await sql(db.url, 'SELECT trigger::text, status::text FROM sync_runs ORDER BY id'), [{ trigger: 'cli', status: 'succeeded' }, { trigger: 'startup', status: 'failed' }])
  t.equal(await down.stop(), 0)

  // A start-up run that throws (another process holds the sync lock): logged, and served all the same.
  const lock = await tryAcquireSyncLock(db.url)
  t.teardown(() => lock?.release())
  const locked = await serve(t, { DATABASE_URL: db.url, HF_ENDPOINT: hub.url, SYNC_CRON: '0 * * * *' })
  t.equal((await locked.models()).total, 7)
  t.match(locked.run.out(), /startup sync failed; serving the stored catalogue/)
  t.equal(await locked.stop(), 0)
})

t.test('the CLI logger redacts tokens, and a sync with a rejected HF_TOKEN never prints it', async (t) => {
  const TOKEN = 'hf_cliSecretToken0123456789abcdef'
  const lines: string[] = []
  const logger = cliLogger({ logLevel: 'debug' }, { write: (line: string) => { lines.push(line) } })
  logger.warn({ token: TOKEN, hub: { accessToken: TOKEN, token: TOKEN } }, 'a line with secrets')
  t.equal(lines.length, 1)
  t.notMatch(lines[0], TOKEN)
  t.match(JSON.parse(lines[0]), { token: '[Redacted]', hub: { accessToken: '[Redacted]', token: '[Redacted]' } })

  const hub = new ReplayHub()
  await hub.start()
  t.teardown(() => hub.stop())
  hub.requiredToken = 'hf_theTokenTheHubWantsInstead'
  const db = await createTestDatabase()
  t.teardown(db.drop)
  const res = await runCli(['sync'], { DATABASE_URL: db.url, HF_ENDPOINT: hub.url, HF_TOKEN: TOKEN, LOG_LEVEL: 'debug', HUB_MAX_ATTEMPTS: '1' })
  t.equal(res.code, 1)
  t.match(res.stdout, /HUB_INVALID_TOKEN/)
  t.ok(res.stderr.split('\n').length > 1, 'stderr has log lines to read')
  t.notMatch(res.stdout + res.stderr, TOKEN, 'the token is in neither stdout nor stderr')
})
