// The Hub client: @huggingface/hub calls, each given our hubUrl, fetch and token, checked on arrival.
import { downloadFile, listFiles, listModels, modelInfo } from '@huggingface/hub'
import type { Agent } from 'undici'
import type { HubConfig } from '../config.js'
import type { Logger } from '../logger.js'
import { createHubAgent, createHubFetch, type HubFetchOptions } from './hub-fetch.js'
import { HubMalformedError } from '../errors.js'
import { HubRepoRenamedError } from '../errors.js'
import { isObject } from '../json-object.js'
import { hubCall, type HubCall } from './hub-call.js'
import type { AuthorListing, HubApi, HubFileEntry, HubMetrics, HubModelDetails, HubModelSummary } from './hub-types.js'

type LibFetch = typeof fetch

// Asked of the listing: counts and sha for every model in one request per page of 500.
const SUMMARY_FIELDS = ['sha', 'downloadsAllTime'] as const
// Asked of one model only when its sha changed. Never config.json via /resolve/: that counts as a download.
const DETAIL_FIELDS = [
  'author', 'sha', 'downloadsAllTime', 'createdAt', 'tags', 'library_name', 'cardData', 'config',
  'disabled', 'safetensors', 'usedStorage'
] as const

export interface HubClientOptions extends Partial<Pick<HubFetchOptions, 'sleep' | 'now' | 'onRetry' | 'backoff' | 'signal' | 'maxAnswerBytes'>> {
  config: HubConfig
  agent?: Agent
  /** Retries are logged here at warn level (URL path only: no query, no token). */
  logger?: Logger
  metrics?: HubMetrics
}

export class HubClient implements HubApi {
  readonly agent: Agent
  #ownsAgent: boolean
  #requests = 0
  #hubUrl: string
  #accessToken: string | undefined
  #fetch: LibFetch
  #logger: Logger | undefined

  constructor (opts: HubClientOptions) {
    this.#ownsAgent = opts.agent === undefined
    this.agent = opts.agent ?? createHubAgent(opts.config)
    this.#hubUrl = opts.config.endpoint
    this.#accessToken = opts.config.token
    this.#logger = opts.logger
    this.#fetch = createHubFetch({
      agent: this.agent,
      maxAttempts: opts.config.maxAttempts,
      deadlineMs: opts.config.retryDeadlineMs,
      attemptTimeoutMs: opts.config.timeoutMs,
      maxAnswerBytes: opts.maxAnswerBytes ?? opts.config.maxAnswerBytes,
      backoff: opts.backoff,
      sleep: opts.sleep,
      now: opts.now,
      signal: opts.signal,
      onAnswer: opts.metrics?.hubResponse,
      onRetry: opts.onRetry ?? ((info) => {
        opts.metrics?.hubRetry()
        opts.logger?.warn({
          hubPath: new URL(info.url).pathname,
          attempt: info.attempt,
          status: info.status,
          error: info.error,
          delayMs: info.delayMs
        }, 'retrying Hub request')
      }),
      onAttempt: () => { this.#requests++ }
    }) as LibFetch
  }

  get requestCount (): number { return this.#requests }

  async listAuthorModels (author: string): Promise<AuthorListing> {
    const out: AuthorListing = { models: [], malformed: [] }
    const call = this.#call(`the listing of ${author}`, true)
    try {
      for await (const entry of listModels({ ...call.common, search: { owner: author }, additionalFields: [...SUMMARY_FIELDS] })) {
        try {
          out.models.push(toSummary(entry as unknown as RawSummary))
        } catch (err) {
          const name = (entry as { name?: unknown }).name
          out.malformed.push({ id: typeof name === 'string' ? name : null, reason: (err as Error).message })
        }
      }
    } catch (err) {
      // A next page already seen: the pages before it are good, and a tracked model missing from
      // them is asked for by id, so the listing stops there instead of failing every model.
      if (err !== call.loop) throw call.classify(err)
      this.#logger?.warn({ author, error: (err as Error).message }, 'Hub listing pagination loops; using the pages seen')
    }
    return out
  }

  async modelDetails (repoId: string, revision?: string): Promise<HubModelDetails> {
    const call = this.#call(`the details of ${repoId}`)
    const info = await modelInfo({
      ...call.common,
      name: repoId,
      revision,
      // usedStorage is a valid expand key the library does not list in its types.
      additionalFields: [...DETAIL_FIELDS] as unknown as Parameters<typeof modelInfo>[0]['additionalFields']
    }).catch((err: unknown) => { throw call.classify(err) })
    return toDetails(info as unknown as RawDetails, repoId, call.redirectedTo)
  }

  async listFiles (repoId: string, revision: string): Promise<HubFileEntry[]> {
    const out: HubFileEntry[] = []
    const call = this.#call(`the file tree of ${repoId}`, true)
    try {
      for await (const entry of listFiles({ ...call.common, repo: { type: 'model', name: repoId }, revision, recursive: true })) {
        if (entry.type !== 'file') continue
        if (typeof entry.path !== 'string' || !Number.isSafeInteger(entry.size) || entry.size < 0) {
          throw new HubMalformedError(`tree entry of ${repoId} has no valid path or size`)
        }
        out.push({ path: entry.path, size: entry.size, oid: entry.oid ?? null, lfsOid: entry.lfs?.oid ?? null })
      }
    } catch (err) {
      // A partial tree would be stored as the model's files: a looping tree fails the model.
      throw call.classify(err)
    }
    return out
  }

  async fileText (repoId: string, revision: string, entry: HubFileEntry): Promise<string | null> {
    // The tree already gave the file's size and oid: hand them over so the library skips its
    // Range probe and the file costs one request. Never used for config.json (see DETAIL_FIELDS).
    const path = entry.path.split('/').map(encodeURIComponent).join('/')
    const downloadInfo = {
      url: `${this.#hubUrl}/${repoId}/resolve/${encodeURIComponent(revision)}/${path}`,
      size: entry.size,
      etag: entry.oid ?? ''
    }
    const call = this.#call(`${entry.path} of ${repoId}`)
    try {
      const blob = await downloadFile({ ...call.common, repo: { type: 'model', name: repoId }, path: entry.path, revision, downloadInfo })
      return blob === null ? null : await blob.text()
    } catch (err) {
      throw call.classify(err)
    }
  }

  async close (): Promise<void> {
    if (this.#ownsAgent) await this.agent.close()
  }

  #call (what: string, paginated = false): HubCall {
    return hubCall(what, this.#fetch, { hubUrl: this.#hubUrl, ...(this.#accessToken ? { accessToken: this.#accessToken } : {}) }, { paginated })
  }
}

interface RawSummary {
  id: unknown,
  name: unknown,
  sha: unknown,
  downloads: unknown,
  downloadsAllTime?: unknown
  likes: unknown,
  private: unknown,
  gated: unknown,
  updatedAt: unknown
}

interface RawDetails extends RawSummary {
  author?: unknown,
  createdAt?: unknown,
  tags?: unknown,
  library_name?: unknown,
  task?: unknown
  cardData?: unknown,
  config?: unknown,
  disabled?: unknown,
  safetensors?: unknown,
  usedStorage?: unknown
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0

/** A value as an error message shows it: short, and missing said in words. */
function shown (v: unknown): string {
  if (v === undefined) return 'missing'
  const text = JSON.stringify(v) ?? String(v)
  return text.length > 40 ? `${text.slice(0, 40)}...` : text
}

function toSummary (raw: RawSummary): HubModelSummary {
  const name = typeof raw.name === 'string' ? raw.name : '(unnamed)'
  const fail = (what: string): never => { throw new HubMalformedError(`Hub answer for ${name}: ${what}`) }
  if (typeof raw.name !== 'string' || !raw.name.includes('/')) fail('missing repo id')
  if (typeof raw.sha !== 'string' || !/^[0-9a-f]{40}$/.test(raw.sha)) fail('sha is not a 40-hex commit id')
  const count = (field: 'downloads' | 'likes' | 'downloadsAllTime') => {
    if (!isCount(raw[field])) fail(`${field} is ${shown(raw[field])}, not an integer from 0 to ${Number.MAX_SAFE_INTEGER}`)
  }
  count('downloads')
  count('likes')
  if (raw.downloadsAllTime !== undefined) count('downloadsAllTime')
  const updated = raw.updatedAt instanceof Date && !Number.isNaN(raw.updatedAt.getTime()) ? raw.updatedAt : null
  return {
    id: raw.name as string,
    hubId: typeof raw.id === 'string' ? raw.id : '',
    sha: raw.sha as string,
    downloads: raw.downloads as number,
    downloadsAllTime: (raw.downloadsAllTime as number | undefined) ?? null,
    likes: raw.likes as number,
    private: raw.private === true,
    gated: raw.gated === undefined || raw.gated === false ? 'false' : String(raw.gated),
    lastModified: updated
  }
}

function toDate (v: unknown): Date | null {
  if (typeof v !== 'string') return null
  const d = new Date(v)
  return Number.isNaN(d.getTime()) ? null : d
}

function toDetails (raw: RawDetails, repoId: string, redirectedTo?: string): HubModelDetails {
  const summary = toSummary(raw)
  if (summary.id !== repoId) {
    // The Hub redirects a renamed repo's old id to the new one: the old id is gone, not malformed.
    if (redirectedTo !== undefined) throw new HubRepoRenamedError(repoId, summary.id)
    throw new HubMalformedError(`Hub answered ${summary.id} when asked for ${repoId}`)
  }
  const tags = Array.isArray(raw.tags) ? raw.tags.filter((t): t is string => typeof t === 'string') : []
  const safetensors = isObject(raw.safetensors) ? raw.safetensors as HubModelDetails['safetensors'] : null
  if (safetensors?.total !== undefined && !isCount(safetensors.total)) {
    throw new HubMalformedError(`Hub answer for ${repoId}: safetensors.total is not a count`)
  }
  return {
    ...summary,
    author: typeof raw.author === 'string' ? raw.author : repoId.split('/')[0],
    createdAt: toDate(raw.createdAt),
    tags,
    pipelineTag: typeof raw.task === 'string' ? raw.task : null,
    libraryName: typeof raw.library_name === 'string' ? raw.library_name : null,
    cardData: isObject(raw.cardData) ? raw.cardData : null,
    config: isObject(raw.config) ? raw.config : null,
    disabled: raw.disabled === true,
    safetensors,
    usedStorage: isCount(raw.usedStorage) ? raw.usedStorage : null
  }
}
