// The README's "First ten minutes", run as written: `npm run demo` is started (on a free port and
// the test database instead of :3000 and the embedded PostgreSQL), then every command of the block
// runs in bash with those two addresses swapped in, and must succeed and print something. `npm ci`
// is what CI itself ran first; nothing else is skipped.
import t from 'tap'
import { spawn, execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { PROJECT_ROOT } from '../../src/paths.js'
import { createTestDatabase, freePort } from '../helpers/database.js'
import { childEnv, collectOutput, waitFor } from '../helpers/cli.js'

const run = promisify(execFile)
const DEMO_URL = 'http://127.0.0.1:3000'
const DEMO_DATABASE = 'postgresql://postgres:postgres@127.0.0.1:54330/catalog'

/** The commands of the README block, one per line, comments dropped. */
async function walkthrough (): Promise<string[]> {
  const readme = await readFile(path.join(PROJECT_ROOT, 'README.md'), 'utf8')
  const block = /<!-- first-ten-minutes:start[^>]*-->([\s\S]*?)<!-- first-ten-minutes:end -->/.exec(readme)?.[1]
  if (block === undefined) throw new Error('README.md has no first-ten-minutes block')
  const fenced = [...block.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1])
  return fenced.join('\n').split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter((l) => l !== '')
}

t.test('every command of the README walkthrough works against the demo', async (t) => {
  t.setTimeout(180_000)
  const commands = await walkthrough()
  t.same(commands.slice(0, 2), ['npm ci', 'npm run demo'], 'install, then the demo')
  t.ok(commands.length >= 8, `${commands.length} commands`)

  const db = await createTestDatabase({ migrate: false })
  t.teardown(() => db.drop())
  const port = await freePort()
  const env = { ...childEnv(), PORT: String(port), DATABASE_URL: db.url, LOG_LEVEL: 'warn' }
  const demo = spawn('npm', ['run', 'demo'], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  const output = collectOutput(demo)
  t.teardown(async () => {
    if (demo.exitCode === null) process.kill(-demo.pid!, 'SIGTERM')
    await output.exited
  })
  const base = `http://127.0.0.1:${port}`
  await waitFor('the demo to print its banner', async () => {
    if (demo.exitCode !== null) throw new Error(`the demo exited ${demo.exitCode}: ${output.err()}`)
    return output.out().includes('stop: Ctrl-C')
  }, 120_000)

  for (const command of commands.slice(2)) {
    const here = command.replaceAll(DEMO_URL, base).replaceAll(DEMO_DATABASE, db.url)
    const result = await run('bash', ['-o', 'pipefail', '-c', here], { cwd: PROJECT_ROOT, env: { ...process.env, LOG_LEVEL: 'warn' } })
      .then(({ stdout }) => ({ ok: true, stdout }), (err: { stdout?: string, stderr?: string }) => ({ ok: false, stdout: `${err.stdout ?? ''}${err.stderr ?? ''}` }))
    t.ok(result.ok, `${command}: succeeds ${result.ok ? '' : result.stdout.slice(0, 500)}`)
    t.ok(result.stdout.trim().length > 0, `${command}: prints something`)
    if (command.includes('/api/trends')) {
      const trends = JSON.parse(result.stdout) as { items: Array<{ downloads: number | null }> }
      t.ok(trends.items.every((i) => typeof i.downloads === 'number'), 'the demo shows growth: every model has a 7-day figure')
    }
    if (command.includes('format=csv')) t.match(result.stdout, /^period,downloads,/, 'CSV with a header row')
    if (command.includes('-X POST')) t.match(JSON.parse(result.stdout), { status: 'running' }, 'the sync started')
  }
})
