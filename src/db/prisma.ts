// The Prisma client, always over node-postgres through @prisma/adapter-pg (no query engine binary).
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '../generated/prisma/client.js'
import type { DbConfig } from '../config.js'

export type Db = PrismaClient

export interface PrismaOptions extends Partial<DbConfig> {
  poolSize?: number
}

/** How much longer than the server's statement_timeout the client waits before it gives up on the connection. */
const CLIENT_GRACE_MS = 1000

export function createPrisma (databaseUrl: string, opts: PrismaOptions = {}): PrismaClient {
  const statementTimeoutMs = opts.statementTimeoutMs ?? 10_000
  const adapter = new PrismaPg({
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
  return new PrismaClient({ adapter })
}
