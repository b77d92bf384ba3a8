// A replay of the Hugging Face Hub on 127.0.0.1, serving test/fixtures/hub the way the real Hub
// answers @huggingface/hub (see test/fixtures/hub/HUB-API.md). It counts requests (and how many are
// in flight), can change its data between runs, adds latency, serves synthetic authors cloned from
// a fixture, and injects faults. Download counts are PLACEHOLDERS (fixtures/hub/placeholders); in
// the demo, `liveCounts` replaces them with counts that grow with time (see demo-history.ts).
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, existsSync } from 'node:fs'
import { once } from 'node:events'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { PROJECT_ROOT } from '../paths.js'

export const FIXTURES_DIR = path.join(PROJECT_ROOT, 'test', 'fixtures', 'hub')

type Json = Record<string, unknown>

interface RepoState {
  info: Json
  tree: Json[]
  files: Map<string, Buffer>
}

export interface RecordedRequest {
  method: string
  path: string
  query: URLSearchParams
  authorization: string | undefined
}

export interface Fault {
  match: (req: RecordedRequest) => boolean
  status: number
  headers?: Record<string, string>
  body?: unknown
  /** How many matching requests get the fault; Infinity for all. */
  times: number
  /** Destroy the socket instead of answering (a network error). */
  drop?: boolean
  /** Never answer, not even the headers: the request waits until the client gives up. */
  stall?: boolean
  /** Send the headers (with the full Content-Length) and this many bytes, then reset the connection. */
  cutAfterBytes?: number
  /** Send the body `bytes` at a time every `everyMs`: each gap is short, the whole is slow. */
  trickle?: { bytes: number, everyMs: number }
  /** Send the body chunked, without Content-Length (a client must count what it reads). */
  chunked?: boolean
}

export interface Hold {
  /** Resolves when a matching request has arrived (and is being held). */
  arrived: Promise<void>
  release: () => void
}

export interface ReplayHubOptions {
  /** Milliseconds every request waits before it is answered, as a distant Hub would make it. */
  latencyMs?: number
}

export interface LiveCounts { downloads: number, downloadsAllTime: number, likes: number }

export interface SyntheticAuthorOptions {
  author: string
  count: number
  /** The recorded repo every synthetic model copies (info, tree, README). */
  template?: string
}

const json = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'))

/** The id of a synthetic author's n-th model (from 1): `bench/model-00001`. */
export function syntheticModelId (author: string, n: number): string {
  return `${author}/model-${String(n).padStart(5, '0')}`
}

export function loadErrorFixture (name: string): { status: number, headers: Record<string, string>, body?: unknown, body_text?: string } {
  return json(path.join(FIXTURES_DIR, 'errors', `${name}.json`)) as never
}

export class ReplayHub {
  readonly requests: RecordedRequest[] = []
  repos = new Map<string, RepoState>()
  /** The author listing, in the order the fixture gives (other cerebras repos included). */
  listing: Json[] = []
  pageSize = 500
  /** A faulty cursor: the page starting at item `at` links back to the one starting at `backTo`. */
  paginationLoop: { at: number, backTo: number } | undefined
  /** When set, requests without `Authorization: Bearer <token>` are answered 401 as for a bad token. */
  requiredToken: string | undefined
  /** Waited before answering each request (0: none); may change between runs. */
  latencyMs: number
  /** Requests arrived and not yet answered, and the most there were at once since resetCounts(). */
  inFlight = 0
  peakInFlight = 0
  /**
   * When set (the demo), the counts of each repo it knows are asked of it at each request, over the
   * stored ones: they move between syncs. Unset (tests), the counts are the fixed ones.
   */
  liveCounts: ((id: string) => LiveCounts | undefined) | undefined
  #paused: { resume: () => void, until: Promise<void> } | undefined
  #faults: Fault[] = []
  /** Old id -> new id of renamed repos that redirect. */
  #renamed = new Map<string, string>()
  /** LFS objects by sha256, served at /cdn/<oid> (where /resolve/ redirects for LFS files). */
  #cdn = new Map<string, Buffer>()
  #holds: Array<{ match: (r: RecordedRequest) => boolean, onArrive: () => void, released: Promise<void> }> = []
  #server: http.Server
  #baseUrl = ''

  constructor (opts: ReplayHubOptions = {}) {
    this.latencyMs = opts.latencyMs ?? 0
    this.#load()
    this.#server = http.createServer((req, res) => { this.#handle(req, res).catch((err) => { res.destroy(err) }) })
  }

  get url (): string { return this.#baseUrl }

  async start (port = 0): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(port, '127.0.0.1', resolve))
    this.#baseUrl = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`
    return this.#baseUrl
  }

  async stop (): Promise<void> {
    this.resume()
    for (const h of this.#holds) h.onArrive()
    this.#server.closeAllConnections()
    await new Promise<void>((resolve) => this.#server.close(() => resolve()))
  }

  /** Requests whose path starts with the prefix (all when omitted). */
  count (prefix = '/'): number {
    return this.requests.filter((r) => r.path.startsWith(prefix)).length
  }

  resetCounts (): void {
    this.requests.length = 0
    this.peakInFlight = this.inFlight
  }

  clearFaults (): void { this.#faults.length = 0 }

  /** Requests wait until resume(): the demo holds any sync until its live counts are set. */
  pause (): void {
    if (this.#paused !== undefined) return
    let resume!: () => void
    const until = new Promise<void>((resolve) => { resume = resolve })
    this.#paused = { resume, until }
  }

  resume (): void {
    this.#paused?.resume()
    this.#paused = undefined
  }

  setCounts (id: string, counts: Partial<{ downloads: number, downloadsAllTime: number, likes: number }>): void {
    const repo = this.repos.get(id)
    if (repo) Object.assign(repo.info, counts)
    const entry = this.listing.find((e) => e.id === id)
    if (entry) Object.assign(entry, counts)
  }

  /** A new commit: a new sha, and optionally new files in the tree. */
  setSha (id: string, sha: string, tree?: Json[]): void {
    this.#repo(id).info.sha = sha
    if (tree) this.#repo(id).tree = tree
    const entry = this.listing.find((e) => e.id === id)
    if (entry) entry.sha = sha
  }

  /** A new commit that adds (or replaces) a small file, e.g. a LICENSE. */
  addFile (id: string, file: string, content: string, sha: string): void {
    const repo = this.#repo(id)
    const buf = Buffer.from(content)
    // The git blob id, as the Hub's tree gives it.
    const oid = createHash('sha1').update(`blob ${buf.length}\0`).update(buf).digest('hex')
    repo.files.set(file, buf)
    this.setSha(id, sha, [...repo.tree.filter((e) => e.path !== file), { type: 'file', oid, size: buf.length, path: file }]
      .sort((a, b) => String(a.path) < String(b.path) ? -1 : 1))
  }

  /**
   * A new commit that adds (or replaces) a file stored in LFS, as the Hub keeps weights: the tree
   * gives its LFS oid and size, /resolve/ answers 302 to the CDN (/cdn/<oid> here), which serves it.
   */
  addLfsFile (id: string, file: string, content: string, sha: string): void {
    const repo = this.#repo(id)
    const buf = Buffer.from(content)
    const lfsOid = createHash('sha256').update(buf).digest('hex')
    const pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${lfsOid}\nsize ${buf.length}\n`
    const oid = createHash('sha1').update(`blob ${pointer.length}\0`).update(pointer).digest('hex')
    repo.files.delete(file)
    this.#cdn.set(lfsOid, buf)
    this.setSha(id, sha, [...repo.tree.filter((e) => e.path !== file), { type: 'file', oid, size: buf.length, path: file, lfs: { oid: lfsOid, size: buf.length, pointerSize: pointer.length } }]
      .sort((a, b) => String(a.path) < String(b.path) ? -1 : 1))
  }

  /** The repo disappears (deleted or made private): gone from the listing, 401 when asked anonymously. */
  remove (id: string): void {
    this.repos.delete(id)
    this.listing = this.listing.filter((e) => e.id !== id)
  }

  /**
   * The repo is renamed: it answers under `newId` only. The old id redirects there (307, as the Hub
   * does for renamed repos) when `redirect` is set, else it is unknown (401/404 as for a missing repo).
   */
  rename (oldId: string, newId: string, opts: { redirect: boolean }): void {
    const repo = this.#repo(oldId)
    this.repos.delete(oldId)
    repo.info = { ...repo.info, id: newId }
    this.repos.set(newId, repo)
    for (const e of this.listing) if (e.id === oldId) e.id = newId
    if (opts.redirect) this.#renamed.set(oldId, newId)
  }

  /**
   * Adds `count` models of `author` with ids `author/model-00001`..., each a copy of the template
   * repo (listing entry, info at its own sha, tree, README) with its own sha and placeholder counts.
   * Returns their ids in listing order. Benches and tests use it to sync many models of one author.
   */
  addSyntheticAuthor ({ author, count, template = 'cerebras/Cerebras-GPT-111M' }: SyntheticAuthorOptions): string[] {
    const ids: string[] = []
    for (let n = 1; n <= count; n++) {
      const id = syntheticModelId(author, n)
      this.addModel(id, { template, counts: { downloads: 1000 + n, downloadsAllTime: 100_000 + n, likes: n % 50 } })
      ids.push(id)
    }
    return ids
  }

  /**
   * A new repo, `author/name`, at the end of its author's listing: a copy of the template repo (listing entry,
   * info, tree, README) with its own Hub id and sha (derived from the id, so stable) and the given counts.
   */
  addModel (id: string, opts: { template?: string, counts?: Partial<LiveCounts> } = {}): void {
    const template = opts.template ?? 'cerebras/Cerebras-GPT-111M'
    const source = this.#repo(template)
    const entry = this.listing.find((e) => e.id === template)
    if (!entry) throw new Error(`replay hub has no listing entry for ${template}`)
    if (this.repos.has(id)) throw new Error(`replay hub already has ${id}`)
    // Distinct, stable ids and commits, derived from the repo id.
    const digest = createHash('sha1').update(id).digest('hex')
    const own = { _id: digest.slice(0, 24), id, author: id.slice(0, id.indexOf('/')), sha: digest, ...opts.counts }
    this.repos.set(id, { info: { ...source.info, ...own }, tree: [...source.tree], files: new Map(source.files) })
    this.listing.push({ ...entry, ...own })
  }

  fault (fault: Omit<Fault, 'times'> & { times?: number }): void {
    this.#faults.push({ times: 1, ...fault })
  }

  hold (match: (r: RecordedRequest) => boolean): Hold {
    let onArrive!: () => void
    let release!: () => void
    const arrived = new Promise<void>((resolve) => { onArrive = resolve })
    const released = new Promise<void>((resolve) => { release = resolve })
    this.#holds.push({ match, onArrive, released })
    return { arrived, release }
  }

  #repo (id: string): RepoState {
    const repo = this.repos.get(id)
    if (!repo) throw new Error(`replay hub has no repo ${id}`)
    return repo
  }

  #load (): void {
    const counts = (json(path.join(FIXTURES_DIR, 'placeholders', 'counts.json')) as { models: Record<string, Json> }).models
    const strip = ({ trendingScore: _t, ...rest }: Json) => rest
    for (const dir of readdirSync(FIXTURES_DIR)) {
      const infoFile = path.join(FIXTURES_DIR, dir, 'model-info.json')
      if (!existsSync(infoFile)) continue
      const info = json(infoFile) as Json
      const files = new Map<string, Buffer>()
      for (const name of ['README.md', 'config.json']) {
        const file = path.join(FIXTURES_DIR, dir, name)
        if (existsSync(file)) files.set(name, readFileSync(file))
      }
      this.repos.set(info.id as string, {
        info: { ...info, ...strip(counts[info.id as string] ?? {}) },
        tree: json(path.join(FIXTURES_DIR, dir, 'tree.json')) as Json[],
        files
      })
    }
    this.listing = (json(path.join(FIXTURES_DIR, 'author-cerebras.json')) as Json[])
      .map((e) => ({ ...e, ...strip(counts[e.id as string] ?? {}) }))
  }

  async #handle (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.#baseUrl)
    const record: RecordedRequest = { method: req.method ?? 'GET', path: decodeURIComponent(url.pathname), query: url.searchParams, authorization: req.headers.authorization }
    this.requests.push(record)
    this.inFlight++
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight)
    // Answered (finish) or dropped (close, without finish): whichever comes first ends it.
    let answered = false
    const done = () => { if (!answered) { answered = true; this.inFlight-- } }
    res.once('finish', done).once('close', done)
    if (this.latencyMs > 0) await sleep(this.latencyMs)
    if (this.#paused !== undefined) await this.#paused.until

    const hold = this.#holds.find((h) => h.match(record))
    if (hold) {
      this.#holds.splice(this.#holds.indexOf(hold), 1)
      hold.onArrive()
      await hold.released
    }
    const fault = this.#faults.find((f) => f.times > 0 && f.match(record))
    if (fault) {
      fault.times--
      return await this.#injectFault(fault, req, res)
    }
    if (this.requiredToken !== undefined && req.headers.authorization !== `Bearer ${this.requiredToken}`) {
      const e = loadErrorFixture('401-invalid-token')
      return this.#send(res, e.status, e.body, e.headers)
    }
    this.#route(record, req, res)
  }

  #route (r: RecordedRequest, req: http.IncomingMessage, res: http.ServerResponse): void {
    const expand = [...r.query.getAll('expand'), ...r.query.getAll('expand[]')]
    if (r.path === '/api/models') return this.#list(r, expand, res)
    let m = /^\/api\/models\/([^/]+\/[^/]+)(?:\/revision\/([^/]+))?$/.exec(r.path)
    if (m) {
      const repo = this.#findRepo(m[1], r, res)
      if (!repo || !this.#checkRevision(repo, m[2] ?? 'HEAD', res)) return
      return this.#send(res, 200, pick(this.#live(repo.info), expand))
    }
    m = /^\/api\/models\/([^/]+\/[^/]+)\/tree\/([^/]+)(\/.*)?$/.exec(r.path)
    if (m) {
      const repo = this.#findRepo(m[1], r, res)
      if (!repo || !this.#checkRevision(repo, m[2], res)) return
      return this.#page(r, repo.tree, res)
    }
    m = /^\/([^/]+\/[^/]+)\/(resolve|raw)\/([^/]+)\/(.+)$/.exec(r.path)
    if (m) {
      const repo = this.#findRepo(m[1], r, res)
      if (!repo || !this.#checkRevision(repo, m[3], res)) return
      return this.#resolve(repo, m[4], req, res)
    }
    m = /^\/cdn\/([0-9a-f]{64})$/.exec(r.path)
    const object = m ? this.#cdn.get(m[1]) : undefined
    if (object !== undefined) {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': object.length, ETag: `"${m![1]}"` })
      res.end(object)
      return
    }
    const e = loadErrorFixture('404-entry-not-found')
    this.#send(res, 404, e.body_text ?? 'Not found', e.headers)
  }

  #list (r: RecordedRequest, expand: string[], res: http.ServerResponse): void {
    let items = this.listing
    const author = r.query.get('author')
    const search = r.query.get('search')?.toLowerCase()
    if (author) items = items.filter((e) => e.author === author)
    if (search) items = items.filter((e) => String(e.id).toLowerCase().includes(search))
    this.#page(r, items.map((e) => pick(this.#live(e), expand)), res)
  }

  /** A listing entry or info with the live counts, when there are (only the keys it has: expand decides the rest). */
  #live (entry: Json): Json {
    const counts = this.liveCounts?.(String(entry.id))
    if (counts === undefined) return entry
    return { ...entry, ...Object.fromEntries(Object.entries(counts).filter(([k]) => k in entry)) }
  }

  // Link pagination as the Hub does it: an absolute next URL holding every query parameter.
  #page (r: RecordedRequest, items: Json[], res: http.ServerResponse): void {
    const limit = Math.min(Number(r.query.get('limit') ?? this.pageSize), this.pageSize)
    const cursor = Number(r.query.get('cursor') ?? 0)
    const page = items.slice(cursor, cursor + limit)
    const headers: Record<string, string> = {}
    const loop = this.paginationLoop?.at === cursor ? this.paginationLoop.backTo : undefined
    if (loop !== undefined || cursor + page.length < items.length) {
      const next = new URL(r.path, this.#baseUrl)
      for (const [k, v] of r.query) if (k !== 'cursor') next.searchParams.append(k, v)
      // The first page's URL has no cursor: a loop back to it says so.
      const to = loop ?? cursor + page.length
      if (to > 0) next.searchParams.set('cursor', String(to))
      headers.Link = `<${next.href}>; rel="next"`
    }
    this.#send(res, 200, page, headers)
  }

  #findRepo (id: string, r: RecordedRequest, res: http.ServerResponse): RepoState | undefined {
    const repo = this.repos.get(id)
    if (repo) return repo
    const renamed = this.#renamed.get(id)
    if (renamed !== undefined) {
      const location = new URL(r.path.replace(id, renamed), this.#baseUrl)
      for (const [k, v] of r.query) location.searchParams.append(k, v)
      res.writeHead(307, { Location: location.href, 'X-Request-Id': `Root=replay-${this.requests.length}` })
      res.end()
      return undefined
    }
    // The Hub answers 401 to anonymous requests for missing or private repos, 404 with a token.
    const e = loadErrorFixture(r.authorization ? '404-authenticated-repo-not-found' : '401-anonymous-unknown-or-private-repo')
    this.#send(res, e.status, e.body, e.headers)
    return undefined
  }

  #checkRevision (repo: RepoState, revision: string, res: http.ServerResponse): boolean {
    if (['HEAD', 'main', repo.info.sha].includes(revision)) return true
    const e = loadErrorFixture('404-revision-not-found')
    this.#send(res, 404, { error: `Invalid rev id: ${revision}` }, e.headers)
    return false
  }

  #resolve (repo: RepoState, file: string, req: http.IncomingMessage, res: http.ServerResponse): void {
    const entry = repo.tree.find((e) => e.path === file)
    const buf = repo.files.get(file)
    const common = { 'X-Repo-Commit': String(repo.info.sha) }
    if (entry?.lfs) {
      const lfs = entry.lfs as Json
      res.writeHead(302, { ...common, Location: `${this.#baseUrl}/cdn/${String(lfs.oid)}`, 'X-Linked-Size': String(lfs.size), 'X-Linked-Etag': `"${String(lfs.oid)}"` })
      res.end()
      return
    }
    if (!entry || !buf) {
      const e = loadErrorFixture('404-entry-not-found')
      return this.#send(res, 404, e.body_text ?? 'Entry not found', e.headers)
    }
    const headers = { ...common, ETag: `"${String(entry.oid)}"`, 'Content-Type': 'text/plain; charset=utf-8', 'Accept-Ranges': 'bytes' }
    const range = /bytes=(\d+)-(\d+)/.exec(req.headers.range ?? '')
    if (range) {
      const start = Number(range[1])
      const end = Math.min(Number(range[2]), buf.length - 1)
      res.writeHead(206, { ...headers, 'Content-Range': `bytes ${start}-${end}/${buf.length}`, 'Content-Length': end - start + 1 })
      res.end(buf.subarray(start, end + 1))
      return
    }
    res.writeHead(200, { ...headers, 'Content-Length': buf.length })
    res.end(buf)
  }

  async #injectFault (fault: Fault, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (fault.drop) { req.socket.destroy(); return }
    if (fault.stall) { await once(res, 'close'); return }
    const body = fault.body ?? { error: 'injected fault' }
    if (fault.cutAfterBytes === undefined && fault.trickle === undefined && fault.chunked !== true) {
      return this.#send(res, fault.status, body, fault.headers)
    }
    const buf = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body))
    res.writeHead(fault.status, {
      'Content-Type': 'application/json; charset=utf-8',
      'X-Request-Id': `Root=replay-${this.requests.length}`,
      ...(fault.chunked === true ? {} : { 'Content-Length': buf.length }),
      ...fault.headers
    })
    if (fault.cutAfterBytes !== undefined) {
      res.write(buf.subarray(0, fault.cutAfterBytes), () => req.socket.destroy())
      return
    }
    const step = fault.trickle?.bytes ?? buf.length
    for (let at = 0; at < buf.length && !res.destroyed; at += step) {
      if (at > 0 && fault.trickle) await sleep(fault.trickle.everyMs)
      res.write(buf.subarray(at, at + step))
    }
    res.end()
  }

  #send (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = typeof body === 'string' ? body : JSON.stringify(body)
    const type = typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8'
    res.writeHead(status, { 'Content-Type': type, 'X-Request-Id': `Root=replay-${this.requests.length}`, ...headers })
    res.end(text)
  }
}

// With expand, the Hub answers only _id, id and the requested keys.
function pick (obj: Json, expand: string[]): Json {
  if (expand.length === 0) return obj
  return Object.fromEntries(Object.entries(obj).filter(([k]) => k === '_id' || k === 'id' || expand.includes(k)))
}
