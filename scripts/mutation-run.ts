// `npm run test:mutation`: StrykerJS over the listed modules (stryker.config.json), then the score per module
// (scripts/mutation-score.ts). Stryker kills a test process at its first failing assertion, so that process's
// teardown (dropping its test database) never runs: this wrapper gives the run one database server and
// removes what the killed processes left. On DATABASE_URL it drops the test databases created during the run;
// without it, it starts one embedded PostgreSQL for the whole run and removes it afterwards.
// Extra arguments go to `stryker run` (e.g. --mutate src/hub/backoff.ts).
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.js'
import { freePort } from '../src/dev/free-port.js'
import { PROJECT_ROOT } from '../src/paths.js'

const TEST_DATABASES = "SELECT datname FROM pg_database WHERE datname LIKE 'catalog\\_test\\_%'"

async function testDatabases (url: string): Promise<Set<string>> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return new Set((await client.query<{ datname: string }>(TEST_DATABASES)).rows.map((r) => r.datname))
  } finally {
    await client.end()
  }
}

async function dropDatabases (url: string, names: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    for (const name of names) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  } finally {
    await client.end()
  }
}

function run (command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: PROJECT_ROOT, env, stdio: 'inherit' })
    child.on('error', reject)
    child.on('exit', (code, signal) => resolve(code ?? (signal === null ? 1 : 128)))
  })
}

const given = process.env.DATABASE_URL
let url = given
let stopEmbedded: (() => Promise<void>) | null = null
if (url === undefined || url === '') {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'catalog-mutation-pg-'))
  const server = await startEmbeddedPostgres({ dataDir: dir, port: await freePort(), persistent: false })
  url = server.url
  stopEmbedded = async () => {
    await server.stop()
    await rm(dir, { recursive: true, force: true })
  }
}

const before = await testDatabases(url)
let code = 1
try {
  code = await run('npx', ['stryker', 'run', ...process.argv.slice(2)], { ...process.env, DATABASE_URL: url })
  if (code === 0) code = await run('npx', ['tsx', 'scripts/mutation-score.ts'], process.env)
} finally {
  if (stopEmbedded !== null) {
    await stopEmbedded()
  } else {
    const left = [...await testDatabases(url)].filter((name) => !before.has(name))
    await dropDatabases(url, left)
    console.log(`mutation run: dropped ${left.length} test databases that killed test processes left behind`)
  }
}
process.exit(code)
