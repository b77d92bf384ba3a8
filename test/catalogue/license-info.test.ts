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

t.test('the card names only an `other` license; an unknown id is its own name', async (t) => {
  t.same(licenseRef('mit', { license_name: 'not-mit' }), { hubId: 'mit', spdxId: 'MIT', name: 'MIT License' }, 'license_name is for `other` only')
  t.same(licenseRef('other', { license_name: 42 }), { hubId: 'other', spdxId: null, name: 'Other' }, 'a license_name that is not text is ignored')
  t.same(licenseRef('other', null), { hubId: 'other', spdxId: null, name: 'Other' })
  t.same(licenseRef('acme-license'), { hubId: 'acme-license', spdxId: null, name: 'acme-license' })
  t.same(licenseRef('llama2'), { hubId: 'llama2', spdxId: null, name: 'Llama 2 Community License Agreement' })
  t.same(licenseRef('toString'), { hubId: 'toString', spdxId: null, name: 'toString' }, 'an inherited property name is not a license')
})

t.test('facts of a Hub-only license and of an unknown one', async (t) => {
  t.same(licenseFacts('openrail'), {
    hubId: 'openrail',
    spdxId: null,
    name: 'OpenRAIL license family',
    osiApproved: null,
    url: null,
    terms: {
      permits: ['commercial-use', 'modification', 'distribution', 'private-use'],
      requires: ['license-and-copyright-notice', 'use-restrictions'],
      forbids: ['liability', 'warranty']
    },
    commercialUse: true,
    text: null
  }, 'terms by Hub id when SPDX has none')
  t.same(licenseFacts('constructor'), { hubId: 'constructor', spdxId: null, name: 'constructor', osiApproved: null, url: null, terms: null, commercialUse: null, text: null })
  t.equal(licenseFacts('mit', { license_link: 'https://example.org/other' }).url, 'https://opensource.org/license/mit/', 'SPDX\'s URL before the card\'s link')
  t.equal(licenseFacts('other', { license_link: 7 }).url, null, 'a link that is not text is ignored')
  t.equal(licenseFacts('cc-by-nc-4.0').osiApproved, false)
  t.match(licenseFacts('mit').text, /^MIT License/)
})

t.test('matching by Hub id or by SPDX id where the two differ', async (t) => {
  t.ok(licenseMatches('c-uda', 'c-uda'), 'the Hub id')
  t.ok(licenseMatches('c-uda', 'C-UDA-1.0'), 'the SPDX id it completes to')
  t.ok(licenseMatches('c-uda', 'c-uda-1.0'), 'the SPDX id in lower case')
  t.notOk(licenseMatches('c-uda', 'c-uda-2.0'))
  t.ok(licenseMatches('openrail', 'OpenRAIL'), 'a Hub-only id, any case')
  t.notOk(licenseMatches('openrail', 'openrail-m'))
})
