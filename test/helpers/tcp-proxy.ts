// A TCP proxy on 127.0.0.1 in front of the test database. stop() cuts every connection and refuses
// new ones (a database outage, as the app sees it); blackHole() accepts connections and forwards
// nothing either way (a database that never answers); start()/pass() let them through again.
import net from 'node:net'

export class TcpProxy {
  #server: net.Server | null = null
  #sockets = new Set<net.Socket>()
  #blackHoled = false
  port = 0

  constructor (private readonly target: { host: string, port: number }) {}

  async start (): Promise<void> {
    const server = net.createServer((client) => {
      this.#track(client)
      if (this.#blackHoled) { client.resume(); return }
      const upstream = net.connect(this.target.port, this.target.host)
      this.#track(upstream)
      client.on('error', () => upstream.destroy())
      upstream.on('error', () => client.destroy())
      client.on('close', () => upstream.destroy())
      upstream.on('close', () => client.destroy())
      client.pipe(upstream).pipe(client)
    })
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve))
    this.port = (server.address() as net.AddressInfo).port
    this.#server = server
  }

  async stop (): Promise<void> {
    const server = this.#server
    this.#server = null
    for (const s of this.#sockets) s.destroy()
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  /** Every byte from now on, both ways and on every connection, is swallowed; connections stay open. */
  blackHole (): void {
    this.#blackHoled = true
    for (const s of this.#sockets) {
      s.unpipe()
      s.removeAllListeners('data')
      s.resume()
    }
  }

  /** Ends the black hole: the swallowed connections are cut, new ones pass again. */
  pass (): void {
    this.#blackHoled = false
    for (const s of this.#sockets) s.destroy()
  }

  /** The same URL, through the proxy. */
  url (databaseUrl: string): string {
    const url = new URL(databaseUrl)
    url.hostname = '127.0.0.1'
    url.port = String(this.port)
    return url.href
  }

  #track (s: net.Socket): void {
    this.#sockets.add(s)
    s.on('close', () => this.#sockets.delete(s))
    s.on('error', () => s.destroy())
  }
}
