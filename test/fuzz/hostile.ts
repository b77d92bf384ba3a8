// Hostile inputs for the route fuzzer: the text, numbers and dates a careless client or an
// attacker sends, and a URL encoder that can carry what encodeURIComponent refuses.

export const LONG = 'x'.repeat(10_000)

export const HOSTILE_STRINGS = [
  '', ' ', '\u0000', 'a\u0000b', '\ud800', 'x\udfff', '\udc00\ud800', LONG, `${LONG}\u0000`,
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty',
  "' OR 1=1 --", "'; DROP TABLE models; --", '" OR ""="', "\\'; SELECT pg_sleep(1); --",
  '{"$gt":""}', '{"__proto__":{"admin":true}}', '[]', '{}', 'null', 'true', 'undefined',
  '%', '%%', '%00', '%zz', '%u0000', '%ED%A0%80', '\\', '\\\\', '\\u0000', '\\x00',
  '..', '../..', '/', '//', '?', '#', '&', '=', '+', ',', ',,', 'a,', 'a/b', '*', '_', '.',
  'É', '😀', '\u202e', '\ufeff', '\r\n', '\t', 'a b', '<script>alert(1)</script>', '$' + '{7*7}', '{{7*7}}'
]

export const HOSTILE_NUMBERS = [
  'Infinity', '-Infinity', 'NaN', '1e309', '-1e309', '9223372036854775807', '9223372036854775808',
  '-9223372036854775808', '9007199254740993', '2147483648', '2147483647', '-1', '0', '-0', '1.5',
  '0x10', '0b1', '0o7', '1e3', '+1', ' 1', '1 ', '00', '1_000', '١'
]

export const HOSTILE_DATES = [
  '0000-01-01', '0001-01-01', '-000001-01-01', '+275760-09-13', '+275760-09-14', '9999-12-31',
  '9999-12-31T23:59:59.999Z', '2020-02-30', '2021-02-29', '2020-02-29', '2020-13-01', '2020-00-10',
  '2020-01-00', '2020-01-32', '1970-01-01', '1969-12-31T23:59:59Z', '2026-11-01T24:00Z',
  '2026-11-01T23:59:60Z', '2026-11-01T00:00+99:99', '2026-11-01T00:00:00.000-23:59', '2026-11-01T00:00:00',
  '2026-11-01 00:00:00Z', '2026-W44', '20261101', '1e309', 'Infinity', 'now', ''
]

/** Keys no route declares, or that have a meaning to JavaScript objects and query parsers. */
export const HOSTILE_KEYS = ['colour', '__proto__', 'constructor', 'prototype', 'limit[]', 'a[b]', 'a.b', '', ' ', '%00', '\u0000', 'Limit', 'LIMIT']

/**
 * Percent-encodes every UTF-16 code unit, lone surrogates too (as the three bytes WTF-8 gives
 * them, which are not valid UTF-8: exactly what a server must refuse cleanly).
 */
export function percentEncode (s: string): string {
  let out = ''
  for (const ch of s) {
    const unit = ch.charCodeAt(0)
    if (ch.length === 1 && unit >= 0xd800 && unit <= 0xdfff) {
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('')
    } else {
      out += encodeURIComponent(ch)
    }
  }
  return out
}

/** Shortens runs of one character, so a counterexample with a 10k string stays readable: `x{10000}`. */
export function abbreviate (s: string): string {
  return s.replace(/(.)\1{31,}/gsu, (run, ch: string) => `${ch}{${[...run].length}}`)
}
