// LISTEN on `catalog_changed` (see the change_notifications migration) over a dedicated
// connection that reconnects with backoff. Its owner hears of every committed change, of the
// connection's loss (changes may go unheard from then on) and of its return.
import pg from 'pg'
import { backoffDelayMs } from '../hub/backoff.js'
import type { Logger } from '../logger.js'

export const CHANGE_CHANNEL = 'catalog_changed'

export interface ChangeEvents {
  /** A transaction that changed `table` committed. */
  onChange: (table: string) => void
  /** The connection is gone: until onUp, changes are not heard. */
  onDown: () => void
  /** Listening (again); changes made while down were not heard. */
  onUp: () => void
}

const RECONNECT = { baseMs: 100, maxMs: 5_000 }

export class ChangeListener {
  #client: pg.Client | null = null
  #listening = false
  #closed = false
  #attempt = 0
  #timer: NodeJS.Timeout | null = null

  constructor (private readonly databaseUrl: string, private readonly events: ChangeEvents, private readonly logger: Logger) {}

  get listening (): boolean { return this.#listening }

  /** Connects and listens; a failure is not thrown but retried, with the owner told it is down. */
  async start (): Promise<void> {
    if (this.#closed || this.#client !== null) return
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: 'catalog-change-listener', keepAlive: true })
    this.#client = client
    client.on('notification', (msg) => { if (msg.channel === CHANGE_CHANNEL) this.events.onChange(msg.payload ?? '') })
    client.on('error', (err) => this.#lost(client, err))
    client.on('end', () => this.#lost(client))
    try {
      await client.connect()
      await client.query(`LISTEN ${CHANGE_CHANNEL}`)
    } catch (err) {
      this.#lost(client, err as Error)
      return
    }
    if (this.#client !== client) return
    this.#attempt = 0
    this.#listening = true
    this.events.onUp()
  }

  async close (): Promise<void> {
    this.#closed = true
    if (this.#timer !== null) clearTimeout(this.#timer)
    const client = this.#client
    this.#client = null
    this.#listening = false
    await client?.end().catch(() => {})
  }

  #lost (client: pg.Client, err?: Error): void {
    if (this.#client !== client) return // an old connection's late events
    this.#client = null
    const wasListening = this.#listening
    this.#listening = false
    client.end().catch(() => {})
    if (this.#closed) return
    this.#attempt++
    if (wasListening || this.#attempt === 1) {
      this.logger.warn({ err: err?.message }, 'change notifications lost; reading through to the database until they are back')
      this.events.onDown()
    }
    const delay = Math.max(RECONNECT.baseMs, backoffDelayMs(this.#attempt, RECONNECT))
    this.#timer = setTimeout(() => {
      this.#timer = null
      this.start().catch(() => {})
    }, delay)
    this.#timer.unref()
  }
}
