// How one model declares its license: the card's front matter, the Hub's tag and a LICENSE file
// (read from the database: the read model holds no card or LICENSE text).
import type { Db } from '../db/prisma.js'
import { isObject } from '../json-object.js'
import { identifyLicenseText, toSpdxId } from '../licenses/spdx.js'
import type { ModelLicense } from '../schemas/license.js'
import { licenseRef } from './license-info.js'
import { parseCard } from './model-card.js'

export class LicensesRepo {
  constructor (private readonly db: Db) {}

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
