// How the catalogue names and describes a license, and which ids a user may ask for it by.
import t from 'tap'
import { licenseFacts, licenseMatches, licenseRef } from '../../src/catalogue/license-info.js'

t.test('a license is named by SPDX, by the Hub, or by the card for `other`', async (t) => {
  t.same(licenseRef('apache-2.0'), { hubId: 'apache-2.0', spdxId: 'Apache-2.0', name: 'Apache License 2.0' })
  t.same(licenseRef('openrail'), { hubId: 'openrail', spdxId: null, name: 'OpenRAIL license family' })
  t.same(licenseRef('other', { license_name: 'acme-1.0' }), { hubId: 'other', spdxId: null, name: 'acme-1.0' })
  t.same(licenseRef('other'), { hubId: 'other', spdxId: null, name: 'Other' })
})

t.test('users may ask by Hub id or SPDX id, in any case', async (t) => {
  t.ok(licenseMatches('apache-2.0', 'Apache-2.0'))
  t.ok(licenseMatches('apache-2.0', 'APACHE-2.0'))
  t.notOk(licenseMatches('apache-2.0', 'mit'))
  t.notOk(licenseMatches('openrail', 'OpenRAIL-M'), 'no SPDX id to match for a Hub-only license')
})

t.test('facts: terms and commercial use from our table, text and URL from SPDX or the card', async (t) => {
  const apache = licenseFacts('apache-2.0')
  t.equal(apache.osiApproved, true)
  t.equal(apache.commercialUse, true)
  // choosealicense.com's terms, written out: Apache grants patent use and asks for changes to be stated.
  t.same(apache.terms, {
    permits: ['commercial-use', 'modification', 'distribution', 'patent-use', 'private-use'],
    requires: ['license-and-copyright-notice', 'state-changes'],
    forbids: ['trademark-use', 'liability', 'warranty']
  })
  const mit = licenseFacts('mit')
  t.same(mit.terms, {
    permits: ['commercial-use', 'modification', 'distribution', 'private-use'],
    requires: ['license-and-copyright-notice'],
    forbids: ['liability', 'warranty']
  })
  t.equal(mit.commercialUse, true)
  const gpl = licenseFacts('gpl-3.0')
  t.same(gpl.terms, {
    permits: ['commercial-use', 'modification', 'distribution', 'patent-use', 'private-use'],
    requires: ['disclose-source', 'license-and-copyright-notice', 'same-license', 'state-changes'],
    forbids: ['liability', 'warranty']
  })
  const nc = licenseFacts('cc-by-nc-4.0')
  t.equal(nc.commercialUse, false, 'a non-commercial license forbids commercial use')
  t.same(nc.terms?.forbids, ['commercial-use', 'liability', 'warranty'])
  t.match(apache.text, /Apache License/)
  const other = licenseFacts('other', { license_name: 'acme', license_link: 'https://example.org/acme' })
  t.equal(other.url, 'https://example.org/acme', 'the card\'s link when SPDX has none')
  t.equal(other.terms, null)
  t.equal(other.commercialUse, null, 'unknown, not false')
})
