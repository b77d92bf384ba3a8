// Hub license ids to SPDX, and SPDX facts (name, URL, OSI approval, full text) from spdx-license-list.
import { createRequire } from 'node:module'
import spdxCorrect from 'spdx-correct'
import spdxList from 'spdx-license-list'
import { HUB_ONLY_LICENSES } from './license-terms.js'

const require = createRequire(import.meta.url)

export interface SpdxLicense { id: string, name: string, url: string, osiApproved: boolean }

const byLowerId = new Map(Object.keys(spdxList).map((id) => [id.toLowerCase(), id]))
const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '')

/**
 * The SPDX id for a Hub license id: an exact, case-insensitive SPDX id (apache-2.0 -> Apache-2.0),
 * else spdx-correct's guess when it only completes the id (c-uda -> C-UDA-1.0); never a guess
 * that renames it (lgpl-lr is not LGPL-3.0). Hub-only licenses (openrail, llama2, other) have none.
 */
export function toSpdxId (hubId: string): string | null {
  if (Object.hasOwn(HUB_ONLY_LICENSES, hubId.toLowerCase())) return null
  const exact = byLowerId.get(hubId.toLowerCase())
  if (exact !== undefined) return exact
  const corrected = correct(hubId)
  if (corrected !== null && squash(corrected).startsWith(squash(hubId)) && byLowerId.has(corrected.toLowerCase())) return corrected
  return null
}

// spdx-correct throws on some inputs ("+", found by the route fuzzer): no guess, then.
function correct (id: string): string | null {
  try {
    return spdxCorrect(id, { upgrade: true })
  } catch {
    return null
  }
}

export function spdxLicense (id: string): SpdxLicense | null {
  // Own keys only: `__proto__` or `constructor` name no license.
  if (!Object.hasOwn(spdxList, id)) return null
  const entry = (spdxList as Record<string, { name: string, url: string, osiApproved: boolean }>)[id]
  return { id, ...entry }
}

let fullTexts: Record<string, { licenseText: string }> | undefined

/** The license text; the full list is several megabytes, so it is loaded on first use. */
export function spdxText (id: string): string | null {
  fullTexts ??= require('spdx-license-list/full') as Record<string, { licenseText: string }>
  return Object.hasOwn(fullTexts, id) ? fullTexts[id].licenseText : null
}

const words = (text: string) => new Set(text.toLowerCase().match(/[a-z0-9]+/g) ?? [])
let spdxWords: Array<[string, Set<string>]> | undefined

/** Which SPDX license a LICENSE file holds, by word overlap with every SPDX text (Jaccard >= 0.8). */
export function identifyLicenseText (text: string): string | null {
  fullTexts ??= require('spdx-license-list/full') as Record<string, { licenseText: string }>
  // Tokenized once per process: the texts do not change.
  spdxWords ??= Object.entries(fullTexts).map(([id, { licenseText }]) => [id, words(licenseText)])
  const mine = words(text)
  if (mine.size < 20) return null
  let best: { id: string, score: number } | null = null
  for (const [id, theirs] of spdxWords) {
    if (theirs.size < mine.size / 2 || theirs.size > mine.size * 2) continue
    let shared = 0
    for (const w of mine) if (theirs.has(w)) shared++
    const score = shared / (mine.size + theirs.size - shared)
    if (best === null || score > best.score) best = { id, score }
  }
  return best !== null && best.score >= 0.8 ? best.id : null
}
