// What the catalogue says about a license: ids and name, terms, text, and how a model declares it.
import { HUB_ONLY_LICENSES, LICENSE_TERMS, type LicenseTerms } from '../licenses/license-terms.js'
import { spdxLicense, spdxText, toSpdxId } from '../licenses/spdx.js'
import type { LicenseRef } from '../schemas/model.js'

/** The license a card declares: Hub id, SPDX id and name (license_name for `other`). */
export function licenseRef (hubId: string, cardData?: Record<string, unknown> | null): LicenseRef {
  const spdxId = toSpdxId(hubId)
  const declaredName = hubId === 'other' && typeof cardData?.license_name === 'string' ? cardData.license_name : null
  const name = declaredName ?? (spdxId ? spdxLicense(spdxId)?.name : undefined) ?? (Object.hasOwn(HUB_ONLY_LICENSES, hubId) ? HUB_ONLY_LICENSES[hubId] : hubId)
  return { hubId, spdxId, name }
}

/** Whether an id given by a user (Hub or SPDX, any case) names this Hub license. */
export function licenseMatches (hubId: string, asked: string): boolean {
  const lower = asked.toLowerCase()
  return hubId.toLowerCase() === lower || toSpdxId(hubId)?.toLowerCase() === lower
}

export interface LicenseFacts extends LicenseRef {
  osiApproved: boolean | null
  url: string | null
  terms: LicenseTerms | null
  commercialUse: boolean | null
  text: string | null
}

export function licenseFacts (hubId: string, cardData?: Record<string, unknown> | null): LicenseFacts {
  const ref = licenseRef(hubId, cardData)
  const spdx = ref.spdxId ? spdxLicense(ref.spdxId) : null
  const link = typeof cardData?.license_link === 'string' ? cardData.license_link : null
  const key = ref.spdxId ?? hubId
  const terms = Object.hasOwn(LICENSE_TERMS, key) ? LICENSE_TERMS[key] : null
  return {
    ...ref,
    osiApproved: spdx?.osiApproved ?? null,
    url: spdx?.url ?? link,
    terms,
    commercialUse: terms === null ? null : terms.permits.includes('commercial-use'),
    text: ref.spdxId ? spdxText(ref.spdxId) : null
  }
}
