// A TCP proxy on 127.0.0.1 in front of the test database: stop() cuts every connection and refuses
// new ones (a database outage, as the app sees it), start() lets them through again.
import net from 'node:net'

export class TcpProxy {
  #server: net.Server | null = null
  #sockets = new Set<net.Socket>()
  port = 0

  constructor (private readonly target: { host: string, port: number }) {}

  async start (): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host)
      for (const s of [client, upstream]) {
        this.#sockets.add(s)
        s.on('close', () => this.#sockets.delete(s))
        s.on('error', () => { client.destroy(); upstream.destroy() })
      }
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

  /** The same URL, through the proxy. */
  url (databaseUrl: string): string {
    const url = new URL(databaseUrl)
    url.hostname = '127.0.0.1'
    url.port = String(this.port)
    return url.href
  }
}
