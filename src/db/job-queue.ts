// The service's job queue: one pg-boss instance (schema `pgboss`) shared by every queue of the process (Hub
// refreshes, webhook deliveries). Jobs live in PostgreSQL: they survive restarts and any replica may run them.
// Started on first use, so a service that never queues anything never creates pg-boss's schema.
import type pg from 'pg'
import PgBoss from 'pg-boss'
import type { Logger } from '../logger.js'

export type { PgBoss }

export class JobQueue {
  readonly #boss: PgBoss
  #started: Promise<PgBoss> | null = null

  constructor (databaseUrl: string, logger: Logger) {
    this.#boss = new PgBoss({ connectionString: databaseUrl, schema: 'pgboss', max: 3, application_name: 'cerebras-gpt-catalog jobs', schedule: false })
    this.#boss.on('error', (err: Error) => logger.error({ err: err.message }, 'job queue error'))
  }

  get started (): boolean { return this.#started !== null }

  /** Creates pg-boss's schema on first use (migrating it when pg-boss is newer) and starts its maintenance. */
  async start (): Promise<PgBoss> {
    this.#started ??= this.#boss.start().then(() => this.#boss)
    return await this.#started
  }

  /** Stops every worker: jobs in flight may finish within the timeout; the others run later, here or elsewhere. */
  async stop (): Promise<void> {
    if (this.#started === null) return
    await this.#started.catch(() => {})
    await this.#boss.stop({ graceful: true, wait: true, timeout: 10_000 })
  }
}

/** pg-boss's executor over a client inside a transaction: jobs sent with it are queued only if it commits. */
export function inTransaction (client: pg.PoolClient): PgBoss.Db {
  return { executeSql: async (text, values) => await client.query(text, values) }
}

/** Runs work in one transaction on a client of the pool: COMMIT when it resolves, ROLLBACK when it throws. */
export async function transaction<T> (pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const result = await work(client)
    await client.query('COMMIT')
    return result
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {})
    throw err
  } finally {
    client.release()
  }
}
