// The hand-kept license table (src/licenses/license-terms.ts) against rules it must keep: choosealicense.com's
// vocabulary only, the disclaimers every license here makes, notice or attribution wherever the license asks
// for one, and the copyleft and non-commercial families written the way choosealicense.com writes them.
import t from 'tap'
import { HUB_ONLY_LICENSES, LICENSE_TERMS } from '../../src/licenses/license-terms.js'
import { spdxLicense } from '../../src/licenses/spdx.js'

const PERMISSIONS = ['commercial-use', 'modification', 'distribution', 'patent-use', 'private-use']
const CONDITIONS = ['license-and-copyright-notice', 'state-changes', 'disclose-source', 'same-license', 'network-use-is-distribution', 'use-restrictions', 'attribution']
const LIMITATIONS = ['trademark-use', 'liability', 'warranty', 'patent-use', 'commercial-use']

const entries = Object.entries(LICENSE_TERMS)

t.test('every term is a word of the vocabulary, once', async (t) => {
  t.equal(entries.length, 24, 'the table holds 24 licenses')
  for (const [id, terms] of entries) {
    t.same(Object.keys(terms).sort(), ['forbids', 'permits', 'requires'], `${id}: three lists`)
    for (const [list, words] of [[terms.permits, PERMISSIONS], [terms.requires, CONDITIONS], [terms.forbids, LIMITATIONS]] as const) {
      for (const term of list) t.ok(words.includes(term), `${id}: ${JSON.stringify(term)} is a known term`)
      t.equal(new Set(list).size, list.length, `${id}: no term twice`)
    }
  }
})

t.test('every license disclaims liability and warranty and permits at least modification and distribution', async (t) => {
  for (const [id, terms] of entries) {
    t.ok(terms.forbids.includes('liability') && terms.forbids.includes('warranty'), `${id}: no liability, no warranty`)
    t.ok(terms.permits.includes('modification') && terms.permits.includes('distribution') && terms.permits.includes('private-use'), `${id}: modification, distribution, private use`)
  }
})

t.test('commercial use is either permitted or forbidden, never both or neither', async (t) => {
  for (const [id, terms] of entries) {
    t.not(terms.permits.includes('commercial-use'), terms.forbids.includes('commercial-use'), id)
  }
  t.same(entries.filter(([, terms]) => terms.forbids.includes('commercial-use')).map(([id]) => id), ['CC-BY-NC-4.0', 'CC-BY-NC-SA-4.0'])
})

t.test('only the public-domain dedications ask for nothing', async (t) => {
  t.same(entries.filter(([, terms]) => terms.requires.length === 0).map(([id]) => id), ['Unlicense', 'CC0-1.0'])
  for (const [id, terms] of entries) {
    if (terms.requires.length > 0) t.ok(terms.requires.includes('license-and-copyright-notice') || terms.requires.includes('attribution'), `${id}: a notice or attribution`)
  }
})

t.test('the copyleft, RAIL and Creative Commons families, term by term', async (t) => {
  t.same(entries.filter(([, terms]) => terms.requires.includes('same-license')).map(([id]) => id),
    ['CC-BY-SA-4.0', 'CC-BY-NC-SA-4.0', 'MPL-2.0', 'GPL-2.0', 'GPL-3.0', 'LGPL-2.1', 'LGPL-3.0', 'AGPL-3.0'])
  t.same(entries.filter(([, terms]) => terms.requires.includes('disclose-source')).map(([id]) => id),
    ['MPL-2.0', 'GPL-2.0', 'GPL-3.0', 'LGPL-2.1', 'LGPL-3.0', 'AGPL-3.0'])
  t.same(entries.filter(([, terms]) => terms.requires.includes('network-use-is-distribution')).map(([id]) => id), ['AGPL-3.0'])
  t.same(entries.filter(([, terms]) => terms.requires.includes('use-restrictions')).map(([id]) => id),
    ['openrail', 'bigscience-openrail-m', 'creativeml-openrail-m', 'bigcode-openrail-m', 'openrail++', 'llama2'])
  t.same(entries.filter(([, terms]) => terms.requires.includes('attribution')).map(([id]) => id),
    ['CC-BY-4.0', 'CC-BY-SA-4.0', 'CC-BY-NC-4.0', 'CC-BY-NC-SA-4.0', 'llama2'])
  t.same(entries.filter(([, terms]) => terms.permits.includes('patent-use')).map(([id]) => id),
    ['Apache-2.0', 'MPL-2.0', 'GPL-2.0', 'GPL-3.0', 'LGPL-2.1', 'LGPL-3.0', 'AGPL-3.0'])
  t.same(entries.filter(([, terms]) => terms.forbids.includes('patent-use')).map(([id]) => id), ['CC0-1.0', 'CC-BY-4.0', 'CC-BY-SA-4.0'])
  t.same(entries.filter(([, terms]) => terms.forbids.includes('trademark-use')).map(([id]) => id), ['Apache-2.0', 'CC0-1.0', 'CC-BY-4.0', 'CC-BY-SA-4.0', 'MPL-2.0'])
  t.same(entries.filter(([, terms]) => terms.requires.includes('state-changes')).map(([id]) => id),
    ['Apache-2.0', 'CC-BY-4.0', 'CC-BY-SA-4.0', 'CC-BY-NC-4.0', 'CC-BY-NC-SA-4.0', 'GPL-2.0', 'GPL-3.0', 'LGPL-2.1', 'LGPL-3.0', 'AGPL-3.0'])
})

t.test('keys are SPDX ids, or Hub ids SPDX does not list', async (t) => {
  for (const [id] of entries) t.ok(spdxLicense(id) !== null || Object.hasOwn(HUB_ONLY_LICENSES, id), `${id} is an SPDX or a Hub-only id`)
})

t.test('every Hub-only license has a name that is not its id', async (t) => {
  for (const [id, name] of Object.entries(HUB_ONLY_LICENSES)) {
    t.ok(name.length > 3 && name !== id, `${id}: ${JSON.stringify(name)}`)
    t.equal(spdxLicense(id), null, `${id} is not an SPDX id`)
  }
  t.equal(HUB_ONLY_LICENSES.llama2, 'Llama 2 Community License Agreement')
  t.equal(HUB_ONLY_LICENSES.other, 'Other')
})
