// Webhook targets: the URL's shape, then every address it resolves to (IP literals, and a fake lookup for names).
import t from 'tap'
import { checkTargetUrl, parseAllowList, resolveTarget, type Lookup } from '../../src/webhooks/target-policy.js'

const NONE = parseAllowList(undefined)

// A lookup that answers from a table and records what it was asked; no network.
function fakeLookup (answers: Record<string, string[]>) {
  const asked: string[] = []
  const lookup: Lookup = async (hostname) => {
    asked.push(hostname)
    const addresses = answers[hostname]
    if (addresses === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' })
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))
  }
  return { lookup, asked }
}

async function resolveUrl (url: string, allow = NONE, lookup?: Lookup) {
  const checked = checkTargetUrl(url)
  if (!checked.ok) throw new Error(`${url}: ${checked.reason}`)
  return await resolveTarget(checked.url, allow, lookup ?? fakeLookup({}).lookup)
}

t.test('every refused IPv4 range, by a representative address', async (t) => {
  const cases: Array<[string, string]> = [
    ['127.0.0.1', 'in 127.0.0.0/8, loopback'],
    ['127.255.255.254', 'in 127.0.0.0/8, loopback'],
    ['10.1.2.3', 'in 10.0.0.0/8, private (RFC 1918)'],
    ['172.16.0.1', 'in 172.16.0.0/12, private (RFC 1918)'],
    ['172.31.255.254', 'in 172.16.0.0/12, private (RFC 1918)'],
    ['192.168.1.1', 'in 192.168.0.0/16, private (RFC 1918)'],
    ['169.254.1.1', 'in 169.254.0.0/16, link-local'],
    ['169.254.169.254', 'in 169.254.169.254/32, the cloud metadata address'],
    ['0.0.0.0', 'in 0.0.0.0/8, unspecified ("this network")'],
    ['0.1.2.3', 'in 0.0.0.0/8, unspecified ("this network")'],
    ['100.64.0.1', 'in 100.64.0.0/10, carrier-grade NAT (RFC 6598)'],
    ['100.127.255.254', 'in 100.64.0.0/10, carrier-grade NAT (RFC 6598)'],
    ['224.0.0.1', 'in 224.0.0.0/4, multicast'],
    ['239.255.255.250', 'in 224.0.0.0/4, multicast'],
    ['255.255.255.255', 'in 255.255.255.255/32, broadcast'],
    ['240.0.0.1', 'in 240.0.0.0/4, reserved (future use)'],
    ['192.0.0.8', 'in 192.0.0.0/24, reserved (IETF protocol assignments)'],
    ['192.0.2.1', 'in 192.0.2.0/24, reserved (documentation)'],
    ['198.51.100.7', 'in 198.51.100.0/24, reserved (documentation)'],
    ['203.0.113.9', 'in 203.0.113.0/24, reserved (documentation)'],
    ['198.18.0.1', 'in 198.18.0.0/15, reserved (benchmarking)'],
    ['192.88.99.1', 'in 192.88.99.0/24, reserved (6to4 relay anycast)'],
    // Not in the table: refused by ipaddr.js's own special-purpose ranges.
    ['192.175.48.1', 'in the special-purpose range as112'],
    ['192.52.193.1', 'in the special-purpose range amt']
  ]
  for (const [address, why] of cases) {
    t.strictSame(await resolveUrl(`http://${address}/hook`), { ok: false, reason: `${address} is ${why}` }, address)
  }
})

t.test('every refused IPv6 range, by a representative address; IPv4-mapped ones as their IPv4', async (t) => {
  const cases: Array<[string, string]> = [
    ['::1', '::1 is in ::1/128, loopback'],
    ['::', ':: is in ::/128, unspecified'],
    ['fc00::1', 'fc00::1 is in fc00::/7, private (unique local)'],
    ['fd12:3456:789a::1', 'fd12:3456:789a::1 is in fc00::/7, private (unique local)'],
    ['fe80::1', 'fe80::1 is in fe80::/10, link-local'],
    ['febf:ffff::1', 'febf:ffff::1 is in fe80::/10, link-local'],
    ['fec0::1', 'fec0::1 is in fec0::/10, reserved (site-local, deprecated)'],
    ['ff02::1', 'ff02::1 is in ff00::/8, multicast'],
    ['ff0e::101', 'ff0e::101 is in ff00::/8, multicast'],
    ['fd00:ec2::254', 'fd00:ec2::254 is in fd00:ec2::254/128, the cloud metadata address'],
    ['::7f00:1', '::7f00:1 is in ::/96, reserved (IPv4-compatible, deprecated)'],
    ['::ffff:0:7f00:1', '::ffff:0:7f00:1 is in ::ffff:0:0:0/96, reserved (IPv4-translated)'],
    ['64:ff9b::7f00:1', '64:ff9b::7f00:1 is in 64:ff9b::/96, reserved (NAT64, embeds an IPv4 address)'],
    ['64:ff9b:1::a00:1', '64:ff9b:1::a00:1 is in 64:ff9b:1::/48, reserved (local NAT64, embeds an IPv4 address)'],
    ['100::1', '100::1 is in 100::/64, reserved (discard)'],
    ['2001::1', '2001::1 is in 2001::/32, reserved (Teredo, embeds an IPv4 address)'],
    ['2001:2::1', '2001:2::1 is in 2001:2::/48, reserved (benchmarking)'],
    ['2001:db8::1', '2001:db8::1 is in 2001:db8::/32, reserved (documentation)'],
    ['3fff::1', '3fff::1 is in 3fff::/20, reserved (documentation)'],
    ['2001:10::1', '2001:10::1 is in 2001:10::/28, reserved (ORCHID)'],
    ['2001:20::1', '2001:20::1 is in 2001:20::/28, reserved (ORCHIDv2)'],
    ['2002:7f00:1::1', '2002:7f00:1::1 is in 2002::/16, reserved (6to4, embeds an IPv4 address)'],
    ['4000::1', '4000::1 is outside 2000::/3, the global unicast space'],
    ['1::1', '1::1 is outside 2000::/3, the global unicast space'],
    ['2620:4f:8000::1', '2620:4f:8000::1 is in the special-purpose range as112v6'],
    // IPv4-mapped: the IPv4 host is reached, so it is that address (the URL parser writes it in hex).
    ['::ffff:127.0.0.1', '127.0.0.1 is in 127.0.0.0/8, loopback'],
    ['::ffff:7f00:1', '127.0.0.1 is in 127.0.0.0/8, loopback'],
    ['::ffff:10.0.0.1', '10.0.0.1 is in 10.0.0.0/8, private (RFC 1918)'],
    ['::ffff:169.254.169.254', '169.254.169.254 is in 169.254.169.254/32, the cloud metadata address'],
    ['0:0:0:0:0:ffff:c0a8:101', '192.168.1.1 is in 192.168.0.0/16, private (RFC 1918)']
  ]
  for (const [address, reason] of cases) {
    t.strictSame(await resolveUrl(`https://[${address}]:8443/hook`), { ok: false, reason }, address)
  }
})

t.test('decimal, hex and octal IPv4 hosts: the URL parser makes them 127.0.0.1, which is refused', async (t) => {
  for (const url of ['http://2130706433/', 'http://0x7f.1/', 'http://017700000001/', 'http://0x7f000001/', 'http://127.1/', 'http://0177.0.0.1/', 'http://127.0.0.1./']) {
    const checked = checkTargetUrl(url)
    t.ok(checked.ok, url)
    if (!checked.ok) continue
    t.equal(checked.url.hostname, '127.0.0.1', url)
    const { lookup, asked } = fakeLookup({})
    t.strictSame(await resolveTarget(checked.url, NONE, lookup), { ok: false, reason: '127.0.0.1 is in 127.0.0.0/8, loopback' }, url)
    t.strictSame(asked, [], 'an IP literal is not looked up')
  }
  t.strictSame(await resolveUrl('http://0xa9.0xfe.0xa9.0xfe/latest/meta-data/'),
    { ok: false, reason: '169.254.169.254 is in 169.254.169.254/32, the cloud metadata address' })
})

t.test('public addresses are allowed, as IP literals and through a lookup', async (t) => {
  const literals: Array<[string, string]> = [
    ['http://93.184.216.34/hook', '93.184.216.34'],
    ['https://8.8.8.8/', '8.8.8.8'],
    ['https://172.15.255.255/', '172.15.255.255'], ['https://172.32.0.1/', '172.32.0.1'],
    ['https://100.63.255.255/', '100.63.255.255'], ['https://100.128.0.1/', '100.128.0.1'],
    ['https://169.253.255.255/', '169.253.255.255'], ['https://223.255.255.254/', '223.255.255.254'],
    ['https://[2606:4700::1111]/hook', '2606:4700::1111'],
    ['https://[2001:4860:4860:0:0:0:0:8888]:8443/', '2001:4860:4860::8888'],
    ['https://[::ffff:93.184.216.34]/', '93.184.216.34']
  ]
  for (const [url, address] of literals) t.strictSame(await resolveUrl(url), { ok: true, addresses: [address] }, url)

  const { lookup, asked } = fakeLookup({
    'hooks.example.com': ['93.184.216.34', '2606:4700:0:0:0:0:0:1111', '::ffff:93.184.216.34']
  })
  t.strictSame(await resolveUrl('https://hooks.example.com/in', NONE, lookup),
    { ok: true, addresses: ['93.184.216.34', '2606:4700::1111'] }, 'every address, normalised and once')
  t.strictSame(asked, ['hooks.example.com'])
})

t.test('a name is refused if any of its addresses is (DNS rebinding), or if it does not resolve', async (t) => {
  const { lookup } = fakeLookup({
    'rebind.example.com': ['93.184.216.34', '10.0.0.5'],
    'rebind6.example.com': ['2606:4700::1111', 'fd00::5'],
    'localhost.example.com': ['127.0.0.1', '::1'],
    'metadata.example.com': ['169.254.169.254'],
    'mapped.example.com': ['::ffff:192.168.0.10'],
    'empty.example.com': [],
    'garbage.example.com': ['not-an-address']
  })
  const cases: Array<[string, string]> = [
    ['https://rebind.example.com/', 'rebind.example.com resolves to 10.0.0.5, in 10.0.0.0/8, private (RFC 1918)'],
    ['https://rebind6.example.com/', 'rebind6.example.com resolves to fd00::5, in fc00::/7, private (unique local)'],
    ['https://localhost.example.com/', 'localhost.example.com resolves to 127.0.0.1, in 127.0.0.0/8, loopback'],
    ['http://metadata.example.com/latest/meta-data/', 'metadata.example.com resolves to 169.254.169.254, in 169.254.169.254/32, the cloud metadata address'],
    ['https://mapped.example.com/', 'mapped.example.com resolves to 192.168.0.10, in 192.168.0.0/16, private (RFC 1918)'],
    ['https://empty.example.com/', 'empty.example.com resolves to no address'],
    ['https://garbage.example.com/', 'garbage.example.com resolves to not-an-address, which is not an IP address'],
    ['https://nowhere.example.com/', 'nowhere.example.com does not resolve (ENOTFOUND)']
  ]
  for (const [url, reason] of cases) t.strictSame(await resolveUrl(url, NONE, lookup), { ok: false, reason }, url)
})

t.test('the default lookup is the system resolver (localhost is loopback or unknown: refused either way)', async (t) => {
  const result = await resolveTarget(new URL('http://localhost:3000/hook'), NONE)
  t.equal(result.ok, false)
  if (!result.ok) t.match(result.reason, /^localhost (resolves to (127\.0\.0\.1|::1), in (127\.0\.0\.0\/8|::1\/128), loopback|does not resolve)/)
})

t.test('the allow list lets its ranges through, and only those', async (t) => {
  const allow = parseAllowList('127.0.0.0/8,::1/128,10.1.0.0/16')
  t.strictSame(allow.map(({ text }) => text), ['127.0.0.0/8', '::1/128', '10.1.0.0/16'])
  t.strictSame(await resolveUrl('http://127.0.0.1:3000/hook', allow), { ok: true, addresses: ['127.0.0.1'] })
  t.strictSame(await resolveUrl('http://2130706433:3000/hook', allow), { ok: true, addresses: ['127.0.0.1'] })
  t.strictSame(await resolveUrl('http://[::ffff:127.0.0.1]:3000/hook', allow), { ok: true, addresses: ['127.0.0.1'] }, 'a mapped address is its IPv4')
  t.strictSame(await resolveUrl('http://[::1]:3000/hook', allow), { ok: true, addresses: ['::1'] })
  t.strictSame(await resolveUrl('http://10.1.200.3/hook', allow), { ok: true, addresses: ['10.1.200.3'] })
  t.strictSame(await resolveUrl('http://10.2.0.1/hook', allow), { ok: false, reason: '10.2.0.1 is in 10.0.0.0/8, private (RFC 1918)' })
  t.strictSame(await resolveUrl('http://169.254.169.254/', allow), { ok: false, reason: '169.254.169.254 is in 169.254.169.254/32, the cloud metadata address' })
  t.strictSame(await resolveUrl('http://[::2]/', allow), { ok: false, reason: '::2 is in ::/96, reserved (IPv4-compatible, deprecated)' })
  const { lookup } = fakeLookup({ 'receiver.internal': ['10.1.0.7', '127.0.0.1'], 'half.internal': ['10.1.0.7', '10.3.0.7'] })
  t.strictSame(await resolveUrl('http://receiver.internal/', allow, lookup), { ok: true, addresses: ['10.1.0.7', '127.0.0.1'] })
  t.strictSame(await resolveUrl('http://half.internal/', allow, lookup), { ok: false, reason: 'half.internal resolves to 10.3.0.7, in 10.0.0.0/8, private (RFC 1918)' })
  const mappedAllow = parseAllowList('::ffff:127.0.0.0/104')
  t.strictSame(await resolveUrl('http://127.0.0.9/', mappedAllow), { ok: true, addresses: ['127.0.0.9'] }, 'an IPv4-mapped CIDR allows its IPv4 range')
})

t.test('parseAllowList: empty is nothing; a bad entry is a configuration error naming it', async (t) => {
  t.strictSame(parseAllowList(undefined), [])
  t.strictSame(parseAllowList(''), [])
  t.strictSame(parseAllowList(' 127.0.0.0/8 , ,fe80::/10 ').map(({ text }) => text), ['127.0.0.0/8', 'fe80::/10'], 'spaces and empty entries')
  for (const entry of ['10.0.0.0/33', '127.0.0.1', '10.1/16', '0x7f.0.0.1/8', '::1/129', 'localhost', '10.0.0.0/8/8', '300.0.0.0/8', 'fe80::/', '/8']) {
    t.throws(() => parseAllowList(`127.0.0.0/8,${entry}`), {
      code: 'CATALOG_CONFIG_INVALID',
      message: `Invalid configuration: webhook allow list entry "${entry}" is not a CIDR (address/prefix, such as 127.0.0.0/8 or ::1/128)`
    }, entry)
  }
})

t.test('checkTargetUrl: http(s) with a host, no credentials, no fragment, at most 2048 characters', async (t) => {
  const ok = checkTargetUrl('https://hooks.example.com:8443/in?topic=models')
  t.strictSame(ok.ok && ok.url.href, 'https://hooks.example.com:8443/in?topic=models')
  const refused: Array<[string, string]> = [
    ['ftp://files.example.com/hook', 'scheme ftp: is not http: or https:'],
    ['file:///etc/passwd', 'scheme file: is not http: or https:'],
    ['javascript:alert(1)', 'scheme javascript: is not http: or https:'],
    ['data:text/plain,hi', 'scheme data: is not http: or https:'],
    ['gopher://127.0.0.1:6379/_INFO', 'scheme gopher: is not http: or https:'],
    ['wss://hooks.example.com/', 'scheme wss: is not http: or https:'],
    ['https://user:secret@hooks.example.com/', 'the URL must not carry credentials (user:password@)'],
    ['https://user@hooks.example.com/', 'the URL must not carry credentials (user:password@)'],
    ['https://:secret@hooks.example.com/', 'the URL must not carry credentials (user:password@)'],
    ['https://hooks.example.com/in#section', 'the URL must not have a fragment (#...)'],
    ['https://hooks.example.com/in#', 'the URL must not have a fragment (#...)'],
    ['/relative/hook', 'not an absolute URL'],
    ['https://', 'not an absolute URL'],
    ['https://exa mple.com/', 'not an absolute URL'],
    ['', 'not an absolute URL']
  ]
  for (const [url, reason] of refused) t.strictSame(checkTargetUrl(url), { ok: false, reason }, url)

  const base = 'https://hooks.example.com/'
  const longest = base + 'a'.repeat(2048 - base.length)
  t.equal(longest.length, 2048)
  t.ok(checkTargetUrl(longest).ok, '2048 characters is allowed')
  t.strictSame(checkTargetUrl(`${longest}a`), { ok: false, reason: 'the URL is 2049 characters long; at most 2048' })
  t.strictSame(checkTargetUrl(base + 'é'.repeat(1000)), { ok: false, reason: 'the URL is 6026 characters long once normalised; at most 2048' },
    'percent-encoding counts')
})

t.test('resolveTarget needs a host', async (t) => {
  t.strictSame(await resolveTarget(new URL('file:///etc/passwd'), NONE, fakeLookup({}).lookup), { ok: false, reason: 'the URL has no host' })
})
