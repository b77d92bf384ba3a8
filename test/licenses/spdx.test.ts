// Hub license ids to SPDX ids, SPDX facts, and which license a LICENSE file's text is.
import t from 'tap'
import { identifyLicenseText, spdxLicense, spdxText, toSpdxId } from '../../src/licenses/spdx.js'

t.test('Hub ids map to SPDX ids exactly, any case, or by completion only', async (t) => {
  t.equal(toSpdxId('apache-2.0'), 'Apache-2.0')
  t.equal(toSpdxId('MIT'), 'MIT')
  t.equal(toSpdxId('c-uda'), 'C-UDA-1.0', 'completed, not renamed')
  t.equal(toSpdxId('openrail'), null, 'Hub-only families have none')
  t.equal(toSpdxId('llama2'), null)
  t.equal(toSpdxId('lgpl-lr'), null, 'a guess that renames the id is refused')
  t.equal(toSpdxId('no-such-license'), null)
  for (const odd of ['+', '++', '-', '.', 'AND', 'WITH']) t.equal(toSpdxId(odd), null, `${odd}: spdx-correct throws, no guess`)
})

t.test('SPDX facts come from the SPDX list', async (t) => {
  t.match(spdxLicense('Apache-2.0'), { id: 'Apache-2.0', name: 'Apache License 2.0', osiApproved: true })
  t.equal(spdxLicense('apache-2.0'), null, 'exact SPDX ids only')
  t.match(spdxText('MIT'), /Permission is hereby granted/)
})

t.test('a LICENSE file is recognised by its words, not its layout', async (t) => {
  const apache = spdxText('Apache-2.0')!
  t.equal(identifyLicenseText(apache), 'Apache-2.0')
  t.equal(identifyLicenseText(apache.toUpperCase().replace(/\n/g, '\r\n  ')), 'Apache-2.0', 'case and whitespace do not matter')
  t.equal(identifyLicenseText(spdxText('MIT')!), 'MIT')
  t.equal(identifyLicenseText('All rights reserved.'), null, 'too short to be a license')
  const prose = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ')
  t.equal(identifyLicenseText(prose), null, 'text that shares no words with any license')
})
