// TypeBox schemas of the license resources.
import { Type, type Static } from 'typebox'
import { LicenseRefSchema } from './model.js'

const ref = LicenseRefSchema.properties

export const LicenseSummarySchema = Type.Object({
  hubId: ref.hubId,
  spdxId: ref.spdxId,
  name: ref.name,
  modelCount: Type.Integer({ description: 'How many tracked models use it', examples: [7] }),
  models: Type.Array(Type.String(), { description: 'The ids of those models', examples: [['cerebras/Cerebras-GPT-111M']] })
}, { title: 'LicenseSummary' })

export const LicenseListSchema = Type.Object({
  items: Type.Array(LicenseSummarySchema, { description: 'Every license in use, most used first' })
}, { title: 'LicenseList' })

const Permission = Type.String({ description: 'commercial-use, modification, distribution, patent-use or private-use' })

export const LicenseDetailSchema = Type.Object({
  hubId: ref.hubId,
  spdxId: ref.spdxId,
  name: ref.name,
  osiApproved: Type.Union([Type.Boolean(), Type.Null()], { description: 'Whether the OSI approved it; null when SPDX does not list it' }),
  url: Type.Union([Type.String(), Type.Null()], { description: 'Reference URL of the license text', examples: ['https://www.apache.org/licenses/LICENSE-2.0'] }),
  permits: Type.Union([Type.Array(Permission), Type.Null()], { description: 'What it permits; null when we have no terms for it' }),
  requires: Type.Union([Type.Array(Type.String()), Type.Null()], { description: 'Conditions: license-and-copyright-notice, state-changes, disclose-source, same-license, use-restrictions, attribution, ...' }),
  forbids: Type.Union([Type.Array(Type.String()), Type.Null()], { description: 'Limitations: trademark-use, liability, warranty, commercial-use, ...' }),
  commercialUse: Type.Union([Type.Boolean(), Type.Null()], { description: 'Whether commercial use is allowed; null when unknown' }),
  text: Type.Union([Type.String(), Type.Null()], { description: 'The full license text (SPDX); null when SPDX does not list it' }),
  models: Type.Array(Type.String(), { description: 'Tracked models under this license' })
}, { title: 'LicenseDetail' })

export const LicenseParamsSchema = Type.Object({
  id: Type.String({ pattern: '^[\\w.+-]+$', maxLength: 100, description: 'A Hub license id or an SPDX id, case-insensitive', examples: ['apache-2.0', 'Apache-2.0'] })
})

export const ModelLicenseSchema = Type.Object({
  id: Type.String({ description: 'Hub repo id', examples: ['cerebras/Cerebras-GPT-111M'] }),
  license: Type.Union([LicenseRefSchema, Type.Null()], { description: 'The license the card declares, the one the catalogue files the model under' }),
  declared: Type.Object({
    frontMatter: Type.Union([Type.String(), Type.Null()], { description: 'The `license:` key of the README front matter' }),
    hubTag: Type.Union([Type.String(), Type.Null()], { description: 'The Hub\'s `license:` tag' }),
    licenseFile: Type.Union([Type.Object({
      path: Type.String({ description: 'Path of the LICENSE file' }),
      spdxId: Type.Union([Type.String(), Type.Null()], { description: 'The SPDX license its text matches; null when none matches' })
    }), Type.Null()], { description: 'The repo\'s LICENSE file; null when there is none' })
  }, { description: 'Each place that states a license' }),
  consistent: Type.Boolean({ description: 'Whether every place that states a license names the same one' }),
  differences: Type.Array(Type.String(), { description: 'How the places disagree; empty when consistent' })
}, { title: 'ModelLicense' })

export type LicenseSummary = Static<typeof LicenseSummarySchema>
export type LicenseDetail = Static<typeof LicenseDetailSchema>
export type ModelLicense = Static<typeof ModelLicenseSchema>
