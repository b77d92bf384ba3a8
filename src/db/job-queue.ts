// The service's job queue: one pg-boss instance (schema `pgboss`) shared by every queue of the process (Hub
// refreshes, webhook deliveries). Jobs live in PostgreSQL: they survive restarts and any replica may run them.
// Started on first use, so a service that never queues anything never creates pg-boss's schema.
import type pg from 'pg'
import PgBoss from 'pg-boss'
import type { Logger } from '../logger.js'

export type { PgBoss }

export class JobQueue {
  #boss: PgBoss
  #started: Promise<PgBoss> | null = null

  constructor (private readonly databaseUrl: string, private readonly logger: Logger, private readonly stopTimeoutMs = 10_000) {
    this.#boss = this.#create()
  }

  get started (): boolean { return this.#started !== null }

  /**
   * Creates pg-boss's schema on first use (migrating it when pg-boss is newer) and starts its maintenance. A start
   * that fails (the database away) is forgotten with its instance: the next call starts a new one.
   */
  async start (): Promise<PgBoss> {
    this.#started ??= this.#boss.start().then(() => this.#boss).catch((err: unknown) => {
      this.#started = null
      this.#boss = this.#create()
      throw err
    })
    return await this.#started
  }

  /** Stops every worker: jobs in flight may finish within the timeout; the others run later, here or elsewhere. */
  async stop (): Promise<void> {
    if (this.#started === null) return
    const boss = await this.#started.catch(() => null)
    if (boss === null) return
    await boss.stop({ graceful: true, wait: true, timeout: this.stopTimeoutMs })
  }

  #create (): PgBoss {
    const boss = new PgBoss({ connectionString: this.databaseUrl, schema: 'pgboss', max: 3, application_name: 'cerebras-gpt-catalog jobs', schedule: false })
    boss.on('error', (err: Error) => this.logger.error({ err: err.message }, 'job queue error'))
    return boss
  }
}

/** pg-boss's executor over a client inside a transaction: jobs sent with it are queued only if it commits. */
export function inTransaction (client: pg.PoolClient): PgBoss.Db {
  return { executeSql: async (text, values) => await client.query(text, values) }
}

/**
 * Runs work in one transaction on a client of the pool: COMMIT when it resolves, ROLLBACK when it throws. While it
 * holds the client, a connection that drops (a database restart, a network cut) is the transaction's error, not an
 * unhandled 'error' event; such a client, or one whose ROLLBACK failed, is discarded rather than pooled again.
 */
export async function transaction<T> (pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  let broken: Error | undefined
  const onError = (err: Error) => { broken = err }
  client.on('error', onError)
  try {
    await client.query('BEGIN')
    const result = await work(client)
    await client.query('COMMIT')
    return result
  } catch (err) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => { broken ??= rollbackError })
    throw err
  } finally {
    client.off('error', onError)
    client.release(broken)
  }
}
