// The licenses the tracked models use, and any license in detail, from the catalogue in memory.
import { HUB_ONLY_LICENSES } from '../licenses/license-terms.js'
import { spdxLicense, toSpdxId } from '../licenses/spdx.js'
import type { LicenseDetail, LicenseSummary } from '../schemas/license.js'
import { licenseFacts, licenseMatches, licenseRef } from './license-info.js'
import type { CatalogueModel } from './models-repo.js'

/** Every license in use, most used first, with its models (by id). */
export function licensesInUse (models: readonly CatalogueModel[]): LicenseSummary[] {
  const groups = new Map<string, CatalogueModel[]>()
  for (const m of models) {
    if (m.licenseId === null) continue
    let group = groups.get(m.licenseId)
    if (group === undefined) groups.set(m.licenseId, group = [])
    group.push(m)
  }
  return [...groups.entries()]
    .map(([hubId, group]) => ({ ...licenseRef(hubId, group[0].cardLicense), modelCount: group.length, models: group.map((m) => m.model.id) }))
    .sort((a, b) => b.modelCount - a.modelCount || a.hubId.localeCompare(b.hubId))
}

/** The Hub id a user's id (Hub or SPDX, any case) names: one in use, else one we can describe. */
export function resolveLicenseId (models: readonly CatalogueModel[], asked: string): string | null {
  return models.find((m) => m.licenseId !== null && licenseMatches(m.licenseId, asked))?.licenseId ?? knownHubId(asked)
}

/** Any license by Hub id, with the tracked models under it. */
export function licenseDetail (models: readonly CatalogueModel[], hubId: string): LicenseDetail {
  const matching = models.filter((m) => m.licenseId !== null && licenseMatches(m.licenseId, hubId))
  const facts = licenseFacts(hubId, matching[0]?.cardLicense ?? null)
  return {
    hubId: facts.hubId,
    spdxId: facts.spdxId,
    name: facts.name,
    osiApproved: facts.osiApproved,
    url: facts.url,
    permits: facts.terms?.permits ?? null,
    requires: facts.terms?.requires ?? null,
    forbids: facts.terms?.forbids ?? null,
    commercialUse: facts.commercialUse,
    text: facts.text,
    models: matching.map((m) => m.model.id)
  }
}

/** The Hub id to describe a license nobody here uses yet: SPDX ids are Hub ids in lower case. */
function knownHubId (asked: string): string | null {
  const lower = asked.toLowerCase()
  if (Object.hasOwn(HUB_ONLY_LICENSES, lower)) return lower
  if (toSpdxId(lower) !== null) return lower
  return spdxLicense(asked) !== null ? lower : null
}
