// The logging surface the non-HTTP modules need; Fastify's and pino's loggers both satisfy it.
import type { BaseLogger } from 'pino'

export type Logger = Pick<BaseLogger, 'info' | 'warn' | 'error' | 'debug'>

// Query parameters whose values are secrets a client might send in a URL (by mistake or by habit:
// ?token=, ?access_token=, ?api_key=): the logs keep the name, never the value.
const SECRET_PARAM = /token|key|secret|passw|auth|signature|credential|session/i

/** The URL with the values of secret-looking query parameters replaced by [REDACTED]. */
export function redactUrl (url: string): string {
  const q = url.indexOf('?')
  if (q < 0) return url
  const query = url.slice(q + 1).replace(/(^|[&;])([^=&;]*)=([^&;]*)/g, (whole, sep: string, name: string) => {
    let decoded = name
    try { decoded = decodeURIComponent(name.replace(/\+/g, ' ')) } catch {}
    return SECRET_PARAM.test(decoded) ? `${sep}${name}=[REDACTED]` : whole
  })
  return `${url.slice(0, q + 1)}${query}`
}

// Secrets never reach the logs: request headers that may carry them are censored, and so is any
// token field (the server's logger and the CLI's both use this list).
export const LOG_REDACT = ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-webhook-secret"]', 'token', 'accessToken', '*.token', '*.accessToken']

interface LoggedRequest { method: string, url: string, host?: string, ip?: string, socket?: { remotePort?: number } }

/** Fastify's request serializer, with secrets in the query string redacted. */
export const LOG_SERIALIZERS = {
  req: (req: LoggedRequest) => ({
    method: req.method,
    url: redactUrl(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort
  })
}
