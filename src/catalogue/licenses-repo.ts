// Licenses in use, one license in detail, and how one model declares its license.
import type { Db } from '../db/prisma.js'
import { isObject } from '../json-object.js'
import { HUB_ONLY_LICENSES } from '../licenses/license-terms.js'
import { identifyLicenseText, spdxLicense, toSpdxId } from '../licenses/spdx.js'
import type { LicenseDetail, ModelLicense } from '../schemas/license.js'
import { licenseFacts, licenseMatches, licenseRef } from './license-info.js'
import { parseCard } from './model-card.js'

export class LicensesRepo {
  constructor (private readonly db: Db) {}

  async list () {
    const rows = await this.db.model.findMany({ where: { licenseId: { not: null } }, select: { id: true, licenseId: true, cardData: true }, orderBy: { id: 'asc' } })
    const groups = new Map<string, typeof rows>()
    for (const row of rows) groups.set(row.licenseId!, [...(groups.get(row.licenseId!) ?? []), row])
    return [...groups.entries()]
      .map(([hubId, models]) => ({
        ...licenseRef(hubId, isObject(models[0].cardData) ? models[0].cardData : null),
        modelCount: models.length,
        models: models.map((m) => m.id)
      }))
      .sort((a, b) => b.modelCount - a.modelCount || a.hubId.localeCompare(b.hubId))
  }

  /** Any license by Hub or SPDX id; null when the id names no license we know of. */
  async detail (asked: string): Promise<LicenseDetail | null> {
    const rows = await this.db.model.findMany({ where: { licenseId: { not: null } }, select: { id: true, licenseId: true, cardData: true }, orderBy: { id: 'asc' } })
    const matching = rows.filter((r) => licenseMatches(r.licenseId!, asked))
    const hubId = matching[0]?.licenseId ?? knownHubId(asked)
    if (hubId === null) return null
    const facts = licenseFacts(hubId, isObject(matching[0]?.cardData) ? matching[0].cardData : null)
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
      models: matching.map((m) => m.id)
    }
  }

  async forModel (id: string): Promise<ModelLicense | null> {
    const r = await this.db.model.findUnique({
      where: { id },
      select: { id: true, licenseId: true, cardData: true, cardText: true, tags: true, licenseFilePath: true, licenseFileText: true }
    })
    if (r === null) return null
    const front = r.cardText === null ? null : parseCard(r.cardText).frontMatter
    const declaredInCard = front !== null ? front.license : (isObject(r.cardData) ? r.cardData.license : undefined)
    const frontMatter = typeof declaredInCard === 'string' ? declaredInCard : Array.isArray(declaredInCard) && typeof declaredInCard[0] === 'string' ? declaredInCard[0] : null
    const hubTag = r.tags.find((t) => t.startsWith('license:'))?.slice('license:'.length) ?? null
    const licenseFile = r.licenseFilePath === null
      ? null
      : { path: r.licenseFilePath, spdxId: r.licenseFileText === null ? null : identifyLicenseText(r.licenseFileText) }

    // Compare by SPDX id where there is one, else by Hub id, case-insensitively.
    const key = (hubId: string) => (toSpdxId(hubId) ?? hubId).toLowerCase()
    const stated: Array<[string, string]> = []
    if (frontMatter !== null) stated.push([`the card's front matter says ${frontMatter}`, key(frontMatter)])
    if (hubTag !== null) stated.push([`the Hub's license tag says ${hubTag}`, key(hubTag)])
    if (licenseFile !== null) stated.push([`${licenseFile.path} is ${licenseFile.spdxId ?? 'no license SPDX lists'}`, (licenseFile.spdxId ?? `unidentified:${licenseFile.path}`).toLowerCase()])
    const consistent = new Set(stated.map(([, k]) => k)).size <= 1
    return {
      id: r.id,
      license: r.licenseId === null ? null : licenseRef(r.licenseId, isObject(r.cardData) ? r.cardData : null),
      declared: { frontMatter, hubTag, licenseFile },
      consistent,
      differences: consistent ? [] : stated.map(([what]) => what)
    }
  }
}

/** The Hub id to describe a license nobody here uses yet: SPDX ids are Hub ids in lower case. */
function knownHubId (asked: string): string | null {
  const lower = asked.toLowerCase()
  if (Object.hasOwn(HUB_ONLY_LICENSES, lower)) return lower
  if (toSpdxId(lower) !== null) return lower
  return spdxLicense(asked) !== null ? asked.toLowerCase() : null
}
