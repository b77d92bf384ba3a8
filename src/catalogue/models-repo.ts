// Read access to the catalogue's models; maps rows to the API's camelCase, JSON-safe shapes.
import type { Db } from '../db/prisma.js'
import type { ModelDetail, ModelSummary } from '../schemas/model.js'

const num = (v: bigint | number | null): number | null => v === null ? null : Number(v)
const iso = (d: Date | null): string | null => d === null ? null : d.toISOString()

type Row = Awaited<ReturnType<Db['model']['findFirstOrThrow']>>

function toSummary (r: Row): ModelSummary {
  return {
    id: r.id,
    author: r.author,
    sha: r.sha,
    downloads: r.downloads,
    downloadsAllTime: num(r.downloadsAllTime),
    likes: r.likes,
    parameters: num(r.parameters),
    parametersSource: r.parametersSource as ModelSummary['parametersSource'],
    license: r.licenseId,
    pipelineTag: r.pipelineTag,
    libraryName: r.libraryName,
    lastModified: iso(r.lastModified),
    countsFetchedAt: iso(r.countsFetchedAt),
    lastError: r.lastError
  }
}

export class ModelsRepo {
  constructor (private readonly db: Db) {}

  async list (): Promise<ModelSummary[]> {
    const rows = await this.db.model.findMany({ orderBy: [{ downloads: { sort: 'desc', nulls: 'last' } }, { id: 'asc' }] })
    return rows.map(toSummary)
  }

  async get (id: string): Promise<ModelDetail | null> {
    const r = await this.db.model.findUnique({ where: { id }, include: { files: { orderBy: { path: 'asc' } } } })
    if (r === null) return null
    return {
      ...toSummary(r),
      hubCreatedAt: iso(r.hubCreatedAt),
      tags: r.tags,
      gated: r.gated,
      usedStorage: num(r.usedStorage),
      files: r.files.map((f) => ({ path: f.path, size: Number(f.size), lfs: f.lfsOid !== null })),
      hasCard: r.cardText !== null
    }
  }

  async count (): Promise<number> {
    return this.db.model.count()
  }
}
