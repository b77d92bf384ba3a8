// Where an outbound webhook may be delivered: a public http(s) URL whose every resolved address is public
// unicast, so that a subscription cannot probe loopback, private networks or a cloud metadata service.
// Ranges an operator trusts (a receiver on the same host in the demo) are let through by an allow list.
// ipaddr.js parses and matches the addresses; the table below is the policy, written out to be reviewed.
import { lookup as dnsLookup } from 'node:dns/promises'
import ipaddr from 'ipaddr.js'
import { ConfigInvalidError } from '../errors.js'

type Address = ipaddr.IPv4 | ipaddr.IPv6
type Cidr = [Address, number]

/** CIDRs that bypass the refused ranges, parsed once (parseAllowList). */
export type CidrList = ReadonlyArray<{ readonly text: string, readonly cidr: Cidr }>

/** Resolves a host name to all its addresses (dns.promises.lookup with all: true); injectable for tests. */
export type Lookup = (hostname: string) => Promise<ReadonlyArray<{ address: string, family: number }>>

export type TargetUrlCheck = { ok: true, url: URL } | { ok: false, reason: string }
export type TargetResolution = { ok: true, addresses: string[] } | { ok: false, reason: string }

export const MAX_TARGET_URL_LENGTH = 2048

// Refused ranges, most specific first (the first match names the reason). The IANA special-purpose registries,
// restricted to what a webhook target has no business being; an IPv4-mapped IPv6 address is checked as its IPv4.
const REFUSED_V4: ReadonlyArray<[string, string]> = [
  ['169.254.169.254/32', 'the cloud metadata address'],
  ['0.0.0.0/8', 'unspecified ("this network")'],
  ['127.0.0.0/8', 'loopback'],
  ['10.0.0.0/8', 'private (RFC 1918)'],
  ['172.16.0.0/12', 'private (RFC 1918)'],
  ['192.168.0.0/16', 'private (RFC 1918)'],
  ['100.64.0.0/10', 'carrier-grade NAT (RFC 6598)'],
  ['169.254.0.0/16', 'link-local'],
  ['192.0.0.0/24', 'reserved (IETF protocol assignments)'],
  ['192.0.2.0/24', 'reserved (documentation)'],
  ['198.51.100.0/24', 'reserved (documentation)'],
  ['203.0.113.0/24', 'reserved (documentation)'],
  ['198.18.0.0/15', 'reserved (benchmarking)'],
  ['192.88.99.0/24', 'reserved (6to4 relay anycast)'],
  ['224.0.0.0/4', 'multicast'],
  ['255.255.255.255/32', 'broadcast'],
  ['240.0.0.0/4', 'reserved (future use)']
]
const REFUSED_V6: ReadonlyArray<[string, string]> = [
  ['fd00:ec2::254/128', 'the cloud metadata address'],
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['::/96', 'reserved (IPv4-compatible, deprecated)'],
  ['::ffff:0:0:0/96', 'reserved (IPv4-translated)'],
  ['64:ff9b::/96', 'reserved (NAT64, embeds an IPv4 address)'],
  ['64:ff9b:1::/48', 'reserved (local NAT64, embeds an IPv4 address)'],
  ['100::/64', 'reserved (discard)'],
  ['fc00::/7', 'private (unique local)'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'reserved (site-local, deprecated)'],
  ['ff00::/8', 'multicast'],
  ['2001::/32', 'reserved (Teredo, embeds an IPv4 address)'],
  ['2001:2::/48', 'reserved (benchmarking)'],
  ['2001:db8::/32', 'reserved (documentation)'],
  ['3fff::/20', 'reserved (documentation)'],
  ['2001:10::/28', 'reserved (ORCHID)'],
  ['2001:20::/28', 'reserved (ORCHIDv2)'],
  ['2002::/16', 'reserved (6to4, embeds an IPv4 address)']
]
// Only 2000::/3 is allocated as global unicast; the rest of the IPv6 space is unassigned or special.
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR('2000::/3')

const table = (rows: ReadonlyArray<[string, string]>) => rows.map(([text, label]) => ({ text, label, cidr: ipaddr.parseCIDR(text) }))
const REFUSED = { ipv4: table(REFUSED_V4), ipv6: table(REFUSED_V6) }

// An IPv4-mapped IPv6 address (::ffff:127.0.0.1) reaches the IPv4 host: it is that address.
function canonical (address: Address): Address {
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() ? (address as ipaddr.IPv6).toIPv4Address() : address
}

const show = (address: Address) => address.kind() === 'ipv6' ? (address as ipaddr.IPv6).toRFC5952String() : address.toString()

function inCidr (address: Address, [network, bits]: Cidr): boolean {
  return address.kind() === network.kind() && address.match(network, bits)
}

/**
 * Parses a comma-separated list of CIDRs, IPv4 (four decimal parts) or IPv6, such as `127.0.0.0/8,::1/128`.
 * Empty entries are skipped; anything else that is not a CIDR throws ConfigInvalidError naming it.
 */
export function parseAllowList (text: string | undefined): CidrList {
  const list: Array<{ text: string, cidr: Cidr }> = []
  for (const raw of (text ?? '').split(',')) {
    const entry = raw.trim()
    if (entry === '') continue
    // Four decimal parts only: ipaddr.js would also read "10.1/16" or "0x7f.1/8", too easy to misread in a config.
    const valid = ipaddr.IPv4.isValidCIDRFourPartDecimal(entry) || (entry.includes(':') && ipaddr.IPv6.isValidCIDR(entry))
    if (!valid) throw new ConfigInvalidError(`webhook allow list entry "${entry}" is not a CIDR (address/prefix, such as 127.0.0.0/8 or ::1/128)`)
    const [address, bits] = ipaddr.parseCIDR(entry)
    const mapped = address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96
    list.push({ text: entry, cidr: mapped ? [(address as ipaddr.IPv6).toIPv4Address(), bits - 96] : [address, bits] })
  }
  return list
}

/** Checks the shape of a target URL: http(s), a host, no credentials, no fragment, at most 2048 characters. */
export function checkTargetUrl (url: string): TargetUrlCheck {
  if (url.length > MAX_TARGET_URL_LENGTH) return { ok: false, reason: `the URL is ${url.length} characters long; at most ${MAX_TARGET_URL_LENGTH}` }
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return { ok: false, reason: 'not an absolute URL' }
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { ok: false, reason: `scheme ${parsed.protocol} is not http: or https:` }
  if (parsed.username !== '' || parsed.password !== '') return { ok: false, reason: 'the URL must not carry credentials (user:password@)' }
  if (parsed.hostname === '') return { ok: false, reason: 'the URL has no host' }
  // href, not hash: "https://a/#" has an empty hash but still a fragment; '#' appears nowhere else in an href.
  if (parsed.href.includes('#')) return { ok: false, reason: 'the URL must not have a fragment (#...)' }
  if (parsed.href.length > MAX_TARGET_URL_LENGTH) return { ok: false, reason: `the URL is ${parsed.href.length} characters long once normalised; at most ${MAX_TARGET_URL_LENGTH}` }
  return { ok: true, url: parsed }
}

// Why a (canonical) address is refused, "in 10.0.0.0/8, private (RFC 1918)", or null when it may be reached.
function refusal (address: Address, allow: CidrList): string | null {
  if (allow.some(({ cidr }) => inCidr(address, cidr))) return null
  const hit = REFUSED[address.kind()].find(({ cidr }) => inCidr(address, cidr))
  if (hit !== undefined) return `in ${hit.text}, ${hit.label}`
  if (address.kind() === 'ipv6' && !address.match(GLOBAL_UNICAST_V6)) return 'outside 2000::/3, the global unicast space'
  // Whatever special range ipaddr.js knows and the table does not (a later registry entry) is refused too.
  const range = address.range()
  return range === 'unicast' ? null : `in the special-purpose range ${range}`
}

const defaultLookup: Lookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true })

/**
 * Resolves the URL's host (an IP literal as is) and refuses the target if any address is not public unicast
 * and not in the allow list: one private address among public ones is enough (DNS rebinding). The addresses
 * returned are the ones checked, for the delivery to connect to.
 */
export async function resolveTarget (url: URL, allow: CidrList, lookup: Lookup = defaultLookup): Promise<TargetResolution> {
  const host = url.hostname.startsWith('[') && url.hostname.endsWith(']') ? url.hostname.slice(1, -1) : url.hostname
  if (host === '') return { ok: false, reason: 'the URL has no host' }
  // The WHATWG parser has already turned 2130706433, 0x7f.1 and 017700000001 into 127.0.0.1.
  const literal = ipaddr.IPv4.isValidFourPartDecimal(host) || (host.includes(':') && ipaddr.IPv6.isValid(host))
  let answers: string[]
  if (literal) {
    answers = [host]
  } else {
    try {
      answers = (await lookup(host)).map(({ address }) => address)
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message
      return { ok: false, reason: `${host} does not resolve (${code})` }
    }
    if (answers.length === 0) return { ok: false, reason: `${host} resolves to no address` }
  }
  const addresses: string[] = []
  for (const answer of answers) {
    if (!ipaddr.isValid(answer)) return { ok: false, reason: `${host} resolves to ${answer}, which is not an IP address` }
    const address = canonical(ipaddr.parse(answer))
    const why = refusal(address, allow)
    if (why !== null) return { ok: false, reason: `${literal ? '' : `${host} resolves to `}${show(address)}${literal ? ' is' : ','} ${why}` }
    if (!addresses.includes(show(address))) addresses.push(show(address))
  }
  return { ok: true, addresses }
}
