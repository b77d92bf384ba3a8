// The logging surface the non-HTTP modules need; Fastify's and pino's loggers both satisfy it.
import type { BaseLogger } from 'pino'

export type Logger = Pick<BaseLogger, 'info' | 'warn' | 'error' | 'debug'>
