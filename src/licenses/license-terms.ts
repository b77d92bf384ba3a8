// Our one hand-kept license file: the terms (after choosealicense.com's vocabulary) of the licenses
// models commonly use, and the names of the Hub's own license ids that SPDX does not know.
// SPDX ids, names, URLs, OSI approval and texts come from spdx-license-list, not from here.

export type Permission = 'commercial-use' | 'modification' | 'distribution' | 'patent-use' | 'private-use'
export type Condition = 'license-and-copyright-notice' | 'state-changes' | 'disclose-source' | 'same-license' | 'network-use-is-distribution' | 'use-restrictions' | 'attribution'
export type Limitation = 'trademark-use' | 'liability' | 'warranty' | 'patent-use' | 'commercial-use'

export interface LicenseTerms {
  permits: Permission[]
  requires: Condition[]
  forbids: Limitation[]
}

const PERMISSIVE: LicenseTerms = {
  permits: ['commercial-use', 'modification', 'distribution', 'private-use'],
  requires: ['license-and-copyright-notice'],
  forbids: ['liability', 'warranty']
}
const COPYLEFT: LicenseTerms = {
  permits: ['commercial-use', 'modification', 'distribution', 'patent-use', 'private-use'],
  requires: ['disclose-source', 'license-and-copyright-notice', 'same-license', 'state-changes'],
  forbids: ['liability', 'warranty']
}
const RAIL: LicenseTerms = {
  permits: ['commercial-use', 'modification', 'distribution', 'private-use'],
  requires: ['license-and-copyright-notice', 'use-restrictions'],
  forbids: ['liability', 'warranty']
}
const NON_COMMERCIAL: LicenseTerms = {
  permits: ['modification', 'distribution', 'private-use'],
  requires: ['attribution', 'state-changes'],
  forbids: ['commercial-use', 'liability', 'warranty']
}

/** Keyed by SPDX id, or by Hub id for licenses SPDX does not list. */
export const LICENSE_TERMS: Record<string, LicenseTerms> = {
  'Apache-2.0': {
    permits: ['commercial-use', 'modification', 'distribution', 'patent-use', 'private-use'],
    requires: ['license-and-copyright-notice', 'state-changes'],
    forbids: ['trademark-use', 'liability', 'warranty']
  },
  MIT: PERMISSIVE,
  ISC: PERMISSIVE,
  'BSD-2-Clause': PERMISSIVE,
  'BSD-3-Clause': PERMISSIVE,
  'BSL-1.0': PERMISSIVE,
  Unlicense: { permits: ['commercial-use', 'modification', 'distribution', 'private-use'], requires: [], forbids: ['liability', 'warranty'] },
  'CC0-1.0': { permits: ['commercial-use', 'modification', 'distribution', 'private-use'], requires: [], forbids: ['trademark-use', 'patent-use', 'liability', 'warranty'] },
  'CC-BY-4.0': { permits: ['commercial-use', 'modification', 'distribution', 'private-use'], requires: ['attribution', 'license-and-copyright-notice', 'state-changes'], forbids: ['trademark-use', 'patent-use', 'liability', 'warranty'] },
  'CC-BY-SA-4.0': { permits: ['commercial-use', 'modification', 'distribution', 'private-use'], requires: ['attribution', 'license-and-copyright-notice', 'same-license', 'state-changes'], forbids: ['trademark-use', 'patent-use', 'liability', 'warranty'] },
  'CC-BY-NC-4.0': NON_COMMERCIAL,
  'CC-BY-NC-SA-4.0': { ...NON_COMMERCIAL, requires: ['attribution', 'same-license', 'state-changes'] },
  'MPL-2.0': { permits: ['commercial-use', 'modification', 'distribution', 'patent-use', 'private-use'], requires: ['disclose-source', 'license-and-copyright-notice', 'same-license'], forbids: ['trademark-use', 'liability', 'warranty'] },
  'GPL-2.0': COPYLEFT,
  'GPL-3.0': COPYLEFT,
  'LGPL-2.1': COPYLEFT,
  'LGPL-3.0': COPYLEFT,
  'AGPL-3.0': { ...COPYLEFT, requires: [...COPYLEFT.requires, 'network-use-is-distribution'] },
  openrail: RAIL,
  'bigscience-openrail-m': RAIL,
  'creativeml-openrail-m': RAIL,
  'bigcode-openrail-m': RAIL,
  'openrail++': RAIL,
  // Commercial use is allowed below 700 million monthly active users; the acceptable-use policy applies.
  llama2: { ...RAIL, requires: ['license-and-copyright-notice', 'use-restrictions', 'attribution'] }
}

/** The Hub's license ids that are families or not in SPDX, with the Hub's names for them. */
export const HUB_ONLY_LICENSES: Record<string, string> = {
  openrail: 'OpenRAIL license family',
  'bigscience-openrail-m': 'BigScience OpenRAIL-M',
  'creativeml-openrail-m': 'CreativeML OpenRAIL-M',
  'bigscience-bloom-rail-1.0': 'BigScience BLOOM RAIL 1.0',
  'bigcode-openrail-m': 'BigCode Open RAIL-M v1',
  'openrail++': 'Open Rail++-M License',
  bsd: 'BSD license family',
  cc: 'Creative Commons license family',
  gpl: 'GNU General Public License family',
  lgpl: 'GNU Lesser General Public License family',
  gfdl: 'GNU Free Documentation License family',
  'odc-by': 'Open Data Commons License Attribution family',
  odbl: 'Open Database License family',
  'lgpl-lr': 'Lesser General Public License For Linguistic Resources',
  'h-research': 'H Research License',
  'intel-research': 'Intel Research Use License Agreement',
  'apple-ascl': 'Apple Sample Code license',
  'apple-amlr': 'Apple Model License for Research',
  'openmdw-1.0': 'Open Model, Data & Weights License Agreement',
  'deepfloyd-if-license': 'DeepFloyd IF Research License Agreement',
  'fair-noncommercial-research-license': 'FAIR Noncommercial Research License',
  llama2: 'Llama 2 Community License Agreement',
  llama3: 'Llama 3 Community License Agreement',
  'llama3.1': 'Llama 3.1 Community License Agreement',
  'llama3.2': 'Llama 3.2 Community License Agreement',
  'llama3.3': 'Llama 3.3 Community License Agreement',
  llama4: 'Llama 4 Community License Agreement',
  'grok2-community': 'Grok 2 Community License Agreement',
  gemma: 'Gemma Terms of Use',
  unknown: 'Unknown',
  other: 'Other'
}
