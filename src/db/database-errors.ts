// Whether an error means "the database is not answering" (down, unreachable, black-holed, out of
// connections, shutting down), as opposed to a bug or a bad query. Such errors answer 503 with
// Retry-After instead of 500: the service recovers by itself once the database is back.
// Errors reach us from node-postgres directly or wrapped by Prisma (code, meta, cause).

// Prisma: can't reach (P1001), timed out (P1002, P1008), connection closed (P1017), no free
// connection in time (P2024), transaction could not start in time (P2028).
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028'])
// SQLSTATE classes 08 (connection exception) and 57P (operator intervention: shutdown, cannot
// connect now), 53300 (too many connections) and 57014 (statement_timeout cancelled the query).
const SQLSTATE = /^(08...|57P0[1-4]|53300|57014)$/
const NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'])
// node-postgres and pg-pool say these in words only.
const PG_MESSAGES = /^(Query read timeout|Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable)/

export function isDatabaseUnavailable (err: unknown): boolean {
  const seen = new Set<unknown>()
  const queue: unknown[] = [err]
  while (queue.length > 0) {
    const e = queue.shift()
    if (typeof e !== 'object' || e === null || seen.has(e)) continue
    seen.add(e)
    const { code, originalCode, message, name, kind, cause, meta } = e as Record<string, unknown>
    for (const c of [code, originalCode]) {
      if (typeof c !== 'string') continue
      if (PRISMA_CODES.has(c) || NODE_CODES.has(c) || SQLSTATE.test(c)) return true
    }
    if (name === 'PrismaClientInitializationError') return true
    if (kind === 'DatabaseNotReachable' || kind === 'SocketTimeout' || kind === 'ConnectionClosed' || kind === 'TooManyConnections') return true
    if (typeof message === 'string' && PG_MESSAGES.test(message)) return true
    queue.push(cause, meta, (meta as Record<string, unknown> | undefined)?.driverAdapterError)
  }
  return false
}
