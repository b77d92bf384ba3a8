// A TCP gate on 127.0.0.1 in front of the test database: connections are accepted but held (their
// bytes wait in the socket) until open(), then piped through. A child process can start, load its
// modules and dial the database ahead of time, and begin its work the moment a test opens it.
import net from 'node:net'

export class DatabaseGate {
  #server: net.Server
  #held: net.Socket[] = []
  #open = false
  #sockets = new Set<net.Socket>()
  port = 0

  constructor (private readonly target: { host: string, port: number }) {
    this.#server = net.createServer((client) => {
      this.#track(client)
      if (this.#open) this.#pipe(client)
      else { client.pause(); this.#held.push(client) }
    })
  }

  async listen (): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve))
    this.port = (this.#server.address() as net.AddressInfo).port
  }

  /** Lets the held connections, and every later one, through. */
  open (): void {
    this.#open = true
    for (const client of this.#held.splice(0)) this.#pipe(client)
  }

  async close (): Promise<void> {
    for (const s of this.#sockets) s.destroy()
    await new Promise<void>((resolve) => this.#server.close(() => resolve()))
  }

  /** The database URL through the gate, with extra query parameters (e.g. application_name). */
  url (databaseUrl: string, params: Record<string, string> = {}): string {
    const url = new URL(databaseUrl)
    url.hostname = '127.0.0.1'
    url.port = String(this.port)
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v)
    return url.href
  }

  #pipe (client: net.Socket): void {
    const upstream = net.connect(this.target.port, this.target.host)
    this.#track(upstream)
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
    client.pipe(upstream).pipe(client)
  }

  #track (s: net.Socket): void {
    this.#sockets.add(s)
    s.on('close', () => this.#sockets.delete(s))
    s.on('error', () => s.destroy())
  }
}
