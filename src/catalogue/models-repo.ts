// Read access to the catalogue's models; maps rows to the API's camelCase, JSON-safe shapes.
import type { Db } from '../db/prisma.js'
import { UnknownFieldError } from '../errors.js'
import { isObject } from '../json-object.js'
import { MODEL_FIELDS, parametersSourceOf, type Model, type ModelFiles, type ModelListItem, type ModelListQuery } from '../schemas/model.js'
import { licenseMatches, licenseRef } from './license-info.js'
import { buildOrderBy, buildWhere, decodeCursor, encodeCursor } from './model-query.js'

const num = (v: bigint | number | null): number | null => v === null ? null : Number(v)
const iso = (d: Date | null): string | null => d === null ? null : d.toISOString()

type Row = Awaited<ReturnType<Db['model']['findFirstOrThrow']>>

export interface ModelListPage { items: ModelListItem[], nextCursor: string | null, total: number }

export class ModelsRepo {
  constructor (private readonly db: Db, private readonly hubUrl: string) {}

  toModel (r: Row): Model {
    const cardData = isObject(r.cardData) ? r.cardData : null
    const config = isObject(r.config) ? r.config : null
    return {
      id: r.id,
      author: r.author,
      name: r.id.slice(r.id.indexOf('/') + 1),
      sha: r.sha,
      pipelineTag: r.pipelineTag,
      libraryName: r.libraryName,
      tags: r.tags,
      license: r.licenseId === null ? null : licenseRef(r.licenseId, cardData),
      parameters: num(r.parameters),
      parametersSource: parametersSourceOf(r.parametersSource),
      downloads: r.downloads,
      downloadsAllTime: num(r.downloadsAllTime),
      likes: r.likes,
      createdAt: iso(r.hubCreatedAt),
      lastModified: iso(r.lastModified),
      syncedAt: iso(r.countsFetchedAt),
      hubUrl: `${this.hubUrl}/${r.id}`,
      architecture: config === null
        ? null
        : {
            architectures: Array.isArray(config.architectures) ? config.architectures.filter((a): a is string => typeof a === 'string') : [],
            modelType: typeof config.model_type === 'string' ? config.model_type : null
          },
      gated: r.gated,
      usedStorage: num(r.usedStorage),
      lastError: r.lastError
    }
  }

  async list (query: ModelListQuery): Promise<ModelListPage> {
    const fields = selectedFields(query.fields)
    const offset = decodeCursor(query)
    const licenseIds = query.license === undefined ? null : await this.#licenseIdsMatching(query.license)
    const where = buildWhere(query, licenseIds)
    const [rows, total] = await Promise.all([
      this.db.model.findMany({ where, orderBy: buildOrderBy(query), skip: offset, take: query.limit ?? 20 }),
      this.db.model.count({ where })
    ])
    const items = rows.map((r) => pick(this.toModel(r), fields))
    const next = offset + rows.length
    return { items, total, nextCursor: next < total && rows.length > 0 ? encodeCursor(query, next) : null }
  }

  async get (id: string): Promise<Model | null> {
    const r = await this.db.model.findUnique({ where: { id } })
    return r === null ? null : this.toModel(r)
  }

  async files (id: string): Promise<ModelFiles | null> {
    const r = await this.db.model.findUnique({ where: { id }, select: { id: true, sha: true, files: { orderBy: { path: 'asc' } } } })
    if (r === null) return null
    const files = r.files.map((f) => ({ path: f.path, size: Number(f.size), lfs: f.lfsOid !== null }))
    return { id: r.id, sha: r.sha, files, fileCount: files.length, totalSize: files.reduce((s, f) => s + f.size, 0) }
  }

  async card (id: string): Promise<{ id: string, sha: string | null, text: string | null } | null> {
    const r = await this.db.model.findUnique({ where: { id }, select: { id: true, sha: true, cardText: true } })
    return r === null ? null : { id: r.id, sha: r.sha, text: r.cardText }
  }

  /** Every model's counts at the last sync (the metrics' per-model gauges). */
  async counts (): Promise<Array<{ id: string, downloads: number | null, downloadsAllTime: number | null }>> {
    const rows = await this.db.model.findMany({ select: { id: true, downloads: true, downloadsAllTime: true }, orderBy: { id: 'asc' } })
    return rows.map((r) => ({ id: r.id, downloads: r.downloads, downloadsAllTime: num(r.downloadsAllTime) }))
  }

  async #licenseIdsMatching (asked: string): Promise<string[]> {
    const all = await this.db.license.findMany({ select: { id: true } })
    return all.map((l) => l.id).filter((id) => licenseMatches(id, asked))
  }
}

function selectedFields (fields: string | undefined): Set<string> | null {
  if (fields === undefined) return null
  const names = fields.split(',')
  const unknown = names.find((n) => !(MODEL_FIELDS as string[]).includes(n))
  if (unknown !== undefined) throw new UnknownFieldError(unknown, MODEL_FIELDS.join(', '))
  return new Set(['id', ...names])
}

function pick (model: Model, fields: Set<string> | null): ModelListItem {
  if (fields === null) return model
  return Object.fromEntries(Object.entries(model).filter(([k]) => fields.has(k))) as ModelListItem
}
