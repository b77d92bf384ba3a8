// Numbers as the Cerebras-GPT model cards write them: 6.0E-04, 246K, 2.22E+09, 1.3B, 2.566, 720 → 1080.

export interface CardNumber {
  /** The number, or null when the text is not one number (empty, words, a ramp). */
  value: number | null
  /** A change over training, "720 → 1080": value is null, both ends are here. */
  range?: { from: number, to: number }
  /** Why value is null, for a warning; absent for a number or a range. */
  problem?: string
}

// Suffix -> power of ten. M is mega here (the cards have no milli); % is a fraction.
const SCALE: Readonly<Record<string, number>> = { k: 3, m: 6, b: 9, bn: 9, t: 12, '%': -2 }
const NUMBER = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:e([+-]?\d+))?\s*(k|m|bn|b|t|%)?$/i
const RAMP = /\s*(?:→|->|⟶|=>|\bto\b)\s*/i

function clean (text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\u2212/g, '-') // the minus sign, as in "1e−8"
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/(\d),(?=\d{3}(?!\d))/g, '$1') // digit groups: 12,853
}

function single (text: string, headerScale: number): number | null {
  const match = NUMBER.exec(text)
  if (match === null) return null
  const [, mantissa, exponent = '0', suffix] = match
  const scale = suffix === undefined ? headerScale : SCALE[suffix.toLowerCase()]
  // one decimal string, so 1.3B is exactly 1.3e9 (1.3 * 1e9 would be rounded twice)
  const value = Number(`${mantissa}e${Number(exponent) + scale}`)
  return Number.isFinite(value) ? value : null
}

/**
 * Parses one table cell. headerScale is the power of ten a header unit gives the column ("Tokens (B)": 9),
 * used when the cell has no suffix of its own.
 */
export function parseCardNumber (text: string, headerScale = 0): CardNumber {
  const cleaned = clean(text)
  if (cleaned === '' || /^(?:-+|—|–|n\/?a)$/i.test(cleaned)) return { value: null, problem: 'empty' }
  const value = single(cleaned, headerScale)
  if (value !== null) return { value }
  const ends = cleaned.split(RAMP)
  if (ends.length === 2) {
    const from = single(ends[0], headerScale)
    const to = single(ends[1], headerScale)
    if (from !== null && to !== null) return { value: null, range: { from, to } }
  }
  return { value: null, problem: 'not a number' }
}
