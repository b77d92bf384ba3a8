// The bench side of a service under test: a scratch database (bench/lib/scratch-db.ts, on
// DATABASE_URL's server or the local PostgreSQL), the replay Hub and the service each in a child
// process (bench/http-lib/child.ts), and one stop() that ends both and drops the database.
import { randomBytes } from 'node:crypto'
import type { ChildProcess } from 'node:child_process'
import { createScratchDatabase, redact, sqlOn, type ScratchDatabase } from '../lib/scratch-db.js'
import { spawnTs, stop, waitReady } from '../http-lib/child.js'

export const PG_SERVER = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'

export interface ServiceOptions {
  /** Scratch database name suffix: catalog_bench_<name>_<random>. */
  name: string
  hubLatencyMs: number
  /** The Hub's counts and commits move while the bench runs (see hub.ts). */
  hubChurn: boolean
  seedHistory: boolean
  /** Node flags for the service process (--cpu-prof ...). */
  nodeArgs?: string[]
}

export interface Service {
  url: string
  /** The service process's pid: its /proc/<pid>/status is the service's memory. */
  pid: number
  adminToken: string
  database: string
  seeded: number
  historyVisible: boolean | null
  /** Stops the service (SIGTERM, graceful), then the Hub, then drops the database; returns the service's exit code. */
  stop: () => Promise<number | null>
}

export async function pgVersion (): Promise<string> {
  return (await sqlOn<{ server_version: string }>(PG_SERVER, 'SHOW server_version'))[0]?.server_version ?? '?'
}

export function pgServerLine (): string {
  return redact(PG_SERVER)
}

export async function startService (opts: ServiceOptions): Promise<Service> {
  const children: ChildProcess[] = []
  let db: ScratchDatabase | undefined
  const stopAll = async (): Promise<number | null> => {
    let code: number | null = null
    for (const [i, child] of [...children].reverse().entries()) {
      const c = await stop(child)
      if (i === 0) code = c
    }
    children.length = 0
    await db?.drop().catch((err: Error) => console.error(`could not drop ${db?.name}: ${err.message}`))
    return code
  }
  try {
    db = await createScratchDatabase(PG_SERVER, `catalog_bench_${opts.name}_${randomBytes(4).toString('hex')}`)
    const hub = spawnTs('bench/service-lib/hub.ts', { ipc: true, args: [String(opts.hubLatencyMs), ...(opts.hubChurn ? ['--churn'] : [])] })
    children.push(hub)
    const hubReady = await waitReady(hub, 'the replay Hub')
    const adminToken = randomBytes(24).toString('hex')
    const service = spawnTs('bench/service-lib/serve.ts', {
      ipc: true,
      nodeArgs: opts.nodeArgs ?? [],
      env: {
        ...process.env,
        BENCH_SERVICE_DATABASE_URL: db.url,
        BENCH_HUB_URL: hubReady.url,
        BENCH_ADMIN_TOKEN: adminToken,
        BENCH_SEED_HISTORY: opts.seedHistory ? '1' : '0'
      }
    })
    children.push(service)
    const ready = await waitReady(service, 'the service')
    return {
      url: ready.url,
      pid: service.pid!,
      adminToken,
      database: db.name,
      seeded: Number(ready.seeded ?? 0),
      historyVisible: ready.historyVisible as boolean | null,
      stop: stopAll
    }
  } catch (err) {
    await stopAll()
    throw err
  }
}
