// One version of the catalogue in memory: the models with their files and licenses, as one
// committed moment of the database. Immutable; answers computed from it are memoised on it.
import type { CatalogueData, CatalogueModel } from '../catalogue/models-repo.js'
import { queryModels, type ModelListPage } from '../catalogue/model-query.js'
import { licenseDetail, licensesInUse, resolveLicenseId } from '../catalogue/licenses-in-use.js'
import type { LicenseDetail, LicenseSummary } from '../schemas/license.js'
import type { Model, ModelFiles, ModelListQuery } from '../schemas/model.js'
import { TrainingAnswers } from '../training/training-answers.js'

export class CatalogueSnapshot {
  readonly lastSyncAt: Date | null
  readonly #entries: readonly CatalogueModel[]
  readonly #models: readonly Model[]
  readonly #byId: ReadonlyMap<string, CatalogueModel>
  #licenses: LicenseSummary[] | undefined
  readonly #licenseDetails = new Map<string, LicenseDetail>()
  #training: TrainingAnswers | undefined

  constructor (readonly version: number, data: CatalogueData) {
    this.lastSyncAt = data.lastSyncAt
    this.#entries = data.models
    this.#models = data.models.map((m) => m.model)
    this.#byId = new Map(data.models.map((m) => [m.model.id, m]))
  }

  get size (): number { return this.#entries.length }

  /** Every model, by id. */
  all (): readonly Model[] {
    return this.#models
  }

  list (query: ModelListQuery, offset = 0): ModelListPage {
    return queryModels(this.#models, query, offset)
  }

  model (id: string): Model | null {
    return this.#byId.get(id)?.model ?? null
  }

  /** The model a Hub repo is: by its id, else by the Hub's own id of the repo (which a rename keeps). */
  findRepo (name: string, hubId: string | null): string | null {
    if (this.#byId.has(name)) return name
    if (hubId === null) return null
    return this.#entries.find((m) => m.hubId === hubId)?.model.id ?? null
  }

  files (id: string): ModelFiles | null {
    return this.#byId.get(id)?.files ?? null
  }

  licenses (): LicenseSummary[] {
    this.#licenses ??= licensesInUse(this.#entries)
    return this.#licenses
  }

  /** Training facts, evaluations and the scaling law of this version, each computed once. */
  training (): TrainingAnswers {
    this.#training ??= new TrainingAnswers(this.#entries.map((m) => ({ id: m.model.id, training: m.training })))
    return this.#training
  }

  /** A license by Hub or SPDX id, any case; null when the id names no license we know of. */
  license (asked: string): LicenseDetail | null {
    const hubId = resolveLicenseId(this.#entries, asked)
    if (hubId === null) return null
    // At most one entry per license the SPDX list or the Hub knows: bounded.
    let detail = this.#licenseDetails.get(hubId)
    if (detail === undefined) this.#licenseDetails.set(hubId, detail = licenseDetail(this.#entries, hubId))
    return detail
  }
}
