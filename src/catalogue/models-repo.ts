// Read access to the catalogue's models: all that the read model holds, in one consistent read
// (list fields only: never card text, LICENSE text or whole config JSON), and one model's card.
import type { Db } from '../db/prisma.js'
import { parametersSourceOf, type Model, type ModelFiles } from '../schemas/model.js'
import { licenseRef } from './license-info.js'
import type { CardFacts } from '../training/card-facts.js'
import type { StoredTraining } from '../training/training-answers.js'

/** A model as the catalogue serves it, with what its license answers need from the card. */
export interface CatalogueModel {
  model: Model
  licenseId: string | null
  /** `license_name` / `license_link` of the card's front matter (they name an `other` license). */
  cardLicense: Record<string, unknown>
  files: ModelFiles
  /** The Hub's own id of the repo (it survives a rename); null before the first metadata fetch. */
  hubId: string | null
  /** What the model's card says of its training; null until a sync has read it. */
  training: StoredTraining | null
}

export interface CatalogueData {
  /** By id, ascending. */
  models: CatalogueModel[]
  /** End of the newest committed sync: Last-Modified of every data answer. */
  lastSyncAt: Date | null
}

interface ModelRow {
  id: string
  hub_id: string | null
  author: string
  sha: string | null
  pipeline_tag: string | null
  library_name: string | null
  tags: string[]
  license_id: string | null
  license_name: string | null
  license_link: string | null
  parameters: bigint | null
  parameters_source: string | null
  downloads: bigint | null
  downloads_all_time: bigint | null
  likes: bigint | null
  hub_created_at: Date | null
  last_modified: Date | null
  counts_fetched_at: Date | null
  has_config: boolean
  architectures: unknown
  model_type: string | null
  gated: string
  used_storage: bigint | null
  last_error: string | null
  missing_since: Date | null
}

interface FileRow { model_id: string, path: string, size: bigint, lfs: boolean }

interface TrainingRow {
  model_id: string
  card_revision: string
  card_oid: string | null
  parser_version: number
  facts: CardFacts
  flops: number | null
  pile_loss: number | null
  /** A list column: NULL only if written by hand. */
  warnings: string[] | null
  parsed_at: Date
}

const num = (v: bigint | number | null): number | null => v === null ? null : Number(v)
const iso = (d: Date | null): string | null => d === null ? null : d.toISOString()

export class ModelsRepo {
  constructor (private readonly db: Db, private readonly hubUrl: string) {}

  /** Everything the read model holds, read in one repeatable-read transaction (one moment). */
  async loadCatalogue (): Promise<CatalogueData> {
    const [models, files, last, training] = await this.db.$transaction([
      // JSON is cut down in SQL: of config only the summary, of the card only the license fields.
      this.db.$queryRaw<ModelRow[]>`
        SELECT id, hub_id, author, sha, pipeline_tag, library_name, tags, license_id, parameters, parameters_source,
               downloads, downloads_all_time, likes, hub_created_at, last_modified, counts_fetched_at, gated,
               used_storage, last_error, missing_since,
               jsonb_typeof(config) = 'object' AS has_config,
               config->'architectures' AS architectures,
               CASE WHEN jsonb_typeof(config->'model_type') = 'string' THEN config->>'model_type' END AS model_type,
               CASE WHEN jsonb_typeof(card_data->'license_name') = 'string' THEN card_data->>'license_name' END AS license_name,
               CASE WHEN jsonb_typeof(card_data->'license_link') = 'string' THEN card_data->>'license_link' END AS license_link
        FROM models`,
      this.db.$queryRaw<FileRow[]>`SELECT model_id, path, size, lfs_oid IS NOT NULL AS lfs FROM model_files ORDER BY model_id, path`,
      this.db.$queryRaw<Array<{ at: Date | null }>>`SELECT max(finished_at) AS at FROM sync_runs WHERE status IN ('succeeded', 'partial')`,
      this.db.$queryRaw<TrainingRow[]>`
        SELECT model_id, card_revision, card_oid, parser_version, facts, flops, pile_loss, warnings, parsed_at FROM model_training`
    ], { isolationLevel: 'RepeatableRead' })
    const trainingOf = new Map(training.map((r) => [r.model_id, {
      cardRevision: r.card_revision,
      cardOid: r.card_oid,
      parserVersion: r.parser_version,
      facts: r.facts,
      flops: r.flops,
      pileLoss: r.pile_loss,
      warnings: r.warnings ?? [],
      parsedAt: r.parsed_at
    }]))

    const filesOf = new Map<string, ModelFiles['files']>()
    for (const f of files) {
      let list = filesOf.get(f.model_id)
      if (list === undefined) filesOf.set(f.model_id, list = [])
      list.push({ path: f.path, size: Number(f.size), lfs: f.lfs })
    }
    return {
      models: models
        .sort((a, b) => a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
        .map((r) => {
          const list = filesOf.get(r.id) ?? []
          const cardLicense = { ...(r.license_name !== null ? { license_name: r.license_name } : {}), ...(r.license_link !== null ? { license_link: r.license_link } : {}) }
          return {
            model: this.#toModel(r, cardLicense),
            licenseId: r.license_id,
            cardLicense,
            files: { id: r.id, sha: r.sha, files: list, fileCount: list.length, totalSize: list.reduce((s, f) => s + f.size, 0) },
            hubId: r.hub_id,
            training: trainingOf.get(r.id) ?? null
          }
        }),
      lastSyncAt: last[0]?.at ?? null
    }
  }

  async card (id: string): Promise<{ id: string, sha: string | null, text: string | null } | null> {
    const r = await this.db.model.findUnique({ where: { id }, select: { id: true, sha: true, cardText: true } })
    return r === null ? null : { id: r.id, sha: r.sha, text: r.cardText }
  }

  #toModel (r: ModelRow, cardLicense: Record<string, unknown>): Model {
    return {
      id: r.id,
      author: r.author,
      name: r.id.slice(r.id.indexOf('/') + 1),
      sha: r.sha,
      pipelineTag: r.pipeline_tag,
      libraryName: r.library_name,
      tags: r.tags,
      license: r.license_id === null ? null : licenseRef(r.license_id, cardLicense),
      parameters: num(r.parameters),
      parametersSource: parametersSourceOf(r.parameters_source),
      downloads: num(r.downloads),
      downloadsAllTime: num(r.downloads_all_time),
      likes: num(r.likes),
      createdAt: iso(r.hub_created_at),
      lastModified: iso(r.last_modified),
      syncedAt: iso(r.counts_fetched_at),
      hubUrl: `${this.hubUrl}/${r.id}`,
      architecture: r.has_config
        ? {
            architectures: Array.isArray(r.architectures) ? r.architectures.filter((a): a is string => typeof a === 'string') : [],
            modelType: r.model_type
          }
        : null,
      gated: r.gated,
      usedStorage: num(r.used_storage),
      lastError: r.last_error,
      missingSince: iso(r.missing_since)
    }
  }
}
