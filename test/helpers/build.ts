// Builds the real app against a test database and the replay Hub, exactly as production does.
import { Writable } from 'node:stream'
import pino from 'pino'
import { buildApp, LOG_REDACT, type BuildAppOptions } from '../../src/app.js'
import { loadConfig, type Config } from '../../src/config.js'

export function testConfig (hubUrl: string, env: Record<string, string> = {}): Config {
  return loadConfig({ HF_ENDPOINT: hubUrl, LOG_LEVEL: 'debug', SYNC_SCHEDULE: 'off', HUB_MAX_ATTEMPTS: '3', HUB_RETRY_DEADLINE_MS: '5000', ...env })
}

/** Captures every log line, so tests can assert what the logs do (and do not) contain. */
export function captureLogs (): { lines: string[], logger: pino.Logger } {
  const lines: string[] = []
  const stream = new Writable({ write (chunk, _enc, cb) { lines.push(String(chunk)); cb() } })
  return { lines, logger: pino({ level: 'trace', redact: LOG_REDACT }, stream) }
}

export async function buildTestApp (opts: { config: Config, databaseUrl: string } & Partial<BuildAppOptions>) {
  const logs = captureLogs()
  const app = await buildApp({ loggerInstance: logs.logger, schedule: false, ...opts })
  return { app, logs: logs.lines }
}
