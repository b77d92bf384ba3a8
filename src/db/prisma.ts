// The database clients: one node-postgres pool with the service's timeouts, and the Prisma client
// over it through @prisma/adapter-pg (no query engine binary). Bulk writes use the pool directly:
// Prisma's WebAssembly query compiler grows the heap by the size of every query's parameters and
// never gives it back (150 MiB over a 20 MB import), node-postgres does not.
import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
import { PrismaClient } from '../generated/prisma/client.js'
import type { DbConfig } from '../config.js'

export type Db = PrismaClient
export type Pool = pg.Pool

export interface PoolOptions extends Partial<DbConfig> {
  poolSize?: number
}

/** How much longer than the server's statement_timeout the client waits before it gives up on the connection. */
const CLIENT_GRACE_MS = 1000

export function createPool (databaseUrl: string, opts: PoolOptions = {}): Pool {
  const statementTimeoutMs = opts.statementTimeoutMs ?? 10_000
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: opts.poolSize ?? 10,
    // Opening a connection, and waiting for a free one from the pool.
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000,
    // The server cancels a statement that runs too long; the client gives up on a database that
    // does not answer at all (a black hole), and pg-pool then discards that connection.
    statement_timeout: statementTimeoutMs,
    query_timeout: statementTimeoutMs + CLIENT_GRACE_MS,
    idle_in_transaction_session_timeout: statementTimeoutMs * 3,
    keepAlive: true
  })
  // An idle connection that dies (the database restarted) is dropped by pg-pool and replaced on
  // demand; without a listener its 'error' event would end the process.
  pool.on('error', () => {})
  return pool
}

/** Prisma over the pool (a URL gets a pool of its own); $disconnect() ends the pool. */
export function createPrisma (database: string | Pool, opts: PoolOptions = {}): PrismaClient {
  const pool = typeof database === 'string' ? createPool(database, opts) : database
  return new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) })
}
