// What the sync needs from the Hub, independent of how it is fetched (tests may swap the client).

export interface HubModelSummary {
  id: string
  hubId: string
  sha: string
  downloads: number
  downloadsAllTime: number | null
  likes: number
  private: boolean
  gated: string
  lastModified: Date | null
}

export interface HubModelDetails extends HubModelSummary {
  author: string
  createdAt: Date | null
  tags: string[]
  pipelineTag: string | null
  libraryName: string | null
  cardData: Record<string, unknown> | null
  config: Record<string, unknown> | null
  disabled: boolean
  safetensors: { parameters?: Record<string, number>, total?: number } | null
  usedStorage: number | null
}

export interface HubFileEntry {
  path: string
  size: number
  oid: string | null
  lfsOid: string | null
}

export interface AuthorListing {
  models: HubModelSummary[]
  malformed: Array<{ id: string | null, reason: string }>
}

export interface HubApi {
  /**
   * Every model of one author with counts and sha, in as few requests as the listing allows.
   * Entries that fail validation come back in `malformed`, so one bad entry fails one model only.
   */
  listAuthorModels: (author: string) => Promise<AuthorListing>
  modelDetails: (repoId: string, revision?: string) => Promise<HubModelDetails>
  listFiles: (repoId: string, revision: string) => Promise<HubFileEntry[]>
  /** A small text file (the README card, a LICENSE) given its tree entry; null when it is gone. */
  fileText: (repoId: string, revision: string, entry: HubFileEntry) => Promise<string | null>
  /** HTTP requests sent so far, retries included. */
  readonly requestCount: number
}

/** What the Hub client reports for metrics: every answer's status, and every retry. */
export interface HubMetrics {
  hubResponse: (status: number | 'network-error') => void
  hubRetry: () => void
}
