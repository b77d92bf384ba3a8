// Number syntax of the card cells, and which header texts name which column.
import t from 'tap'
import { parseCardNumber } from '../../src/training/card-numbers.js'
import { ARCHITECTURE_COLUMNS, matchHeader, TRAINING_COLUMNS, ZERO_SHOT_COLUMNS } from '../../src/training/card-columns.js'

t.test('numbers as the cards write them', async (t) => {
  const cases: Array<[string, number]> = [
    ['6.0E-04', 0.0006], ['1.2E-04', 0.00012], ['246K', 246000], ['1.08M', 1080000], ['2.22E+09', 2220000000],
    ['1.3B', 1300000000], ['13B', 13000000000], ['111M', 111000000], ['2.566', 2.566], ['0.570', 0.57], ['9037', 9037],
    ['2.3E+22', 2.3e22], ['12,853,386,240', 12853386240], ['1e−8', 1e-8], ['45.1%', 0.451], [' 20 ', 20], ['.5', 0.5], ['-3', -3]
  ]
  for (const [text, value] of cases) t.strictSame(parseCardNumber(text), { value }, text)
  t.equal(parseCardNumber('1.3B').value, 1.3e9, 'exactly, not 1.3 * 1e9 rounded twice')
  t.strictSame(parseCardNumber('720 → 1080'), { value: null, range: { from: 720, to: 1080 } })
  t.strictSame(parseCardNumber('1.47M -> 2.21M'), { value: null, range: { from: 1.47e6, to: 2.21e6 } })
  t.strictSame(parseCardNumber('2.22', 9), { value: 2.22e9 }, 'a header unit scales a bare number')
  t.strictSame(parseCardNumber('2.22B', 9), { value: 2.22e9 }, 'but not one with its own suffix')
  t.strictSame(parseCardNumber('26.8', -2), { value: 0.268 })
  for (const text of ['', '-', '—', 'n/a']) t.strictSame(parseCardNumber(text), { value: null, problem: 'empty' }, JSON.stringify(text))
  for (const text of ['ten', '1.2.3', '12 34', '1e999', '5 → ', '0x10', 'Infinity']) t.strictSame(parseCardNumber(text), { value: null, problem: 'not a number' }, text)
})

t.test('headers: case, spaces, punctuation and units do not matter; aliases are accepted', async (t) => {
  const arch: Array<[string, string | null, number]> = [
    ['d_model', 'dModel', 0], ['D-Model', 'dModel', 0], ['hidden_size', 'dModel', 0], ['n_embd', 'dModel', 0],
    ['Layers', 'layers', 0], ['n_layers', 'layers', 0], ['LR', 'learningRate', 0], ['Learning rate (peak)', 'learningRate', 0],
    ['BS (seq)', 'batchSizeSequences', 0], ['bs(tokens)', 'batchSizeTokens', 0], ['Batch size (tokens)', 'batchSizeTokens', 0],
    ['Parameters (B)', 'parameters', 9], ['Width', null, 0], ['Model', null, 0], ['BS (foo)', null, 0]
  ]
  for (const [header, key, scale] of arch) t.strictSame(matchHeader(header, ARCHITECTURE_COLUMNS), key === null ? null : { key, scale }, header)
  t.strictSame(matchHeader('Tokens (B)', TRAINING_COLUMNS), { key: 'tokens', scale: 9 })
  t.strictSame(matchHeader('Batch size (tokens)', TRAINING_COLUMNS), null, 'tokens per batch is not the batch size in sequences')
  t.strictSame(matchHeader('Number of steps', TRAINING_COLUMNS), { key: 'steps', scale: 0 })
  t.strictSame(matchHeader('tokens/param', TRAINING_COLUMNS), { key: 'tokensPerParameter', scale: 0 })
  t.strictSame(matchHeader('HellaSwag (%)', ZERO_SHOT_COLUMNS), { key: 'hellaSwag', scale: -2 })
  t.strictSame(matchHeader('Pile test xent (nats)', ZERO_SHOT_COLUMNS), { key: 'pileTestXent', scale: 0 })
  t.strictSame(matchHeader('ARC-Challenge', ZERO_SHOT_COLUMNS), { key: 'arcChallenge', scale: 0 })
})

t.test('every suffix, dash, arrow and spacing the cards may use', async (t) => {
  const cases: Array<[string, number]> = [
    ['5k', 5e3], ['5K', 5e3], ['2m', 2e6], ['2bn', 2e9], ['2BN', 2e9], ['3b', 3e9], ['4T', 4e12], ['4t', 4e12], ['50%', 0.5],
    ['7 B', 7e9], ['1.5e3', 1500], ['1.5E+3K', 1.5e6], ['1.', 1], ['+2', 2], ['−2', -2], ['1,000', 1000], ['1,234,567.5', 1234567.5],
    ['\t 42\n', 42], ['２０', 20], ['.55', 0.55], ['-.25', -0.25]
  ]
  for (const [text, value] of cases) t.strictSame(parseCardNumber(text), { value }, JSON.stringify(text))
  for (const text of ['–', '---', 'N/A', 'na', 'NA']) t.strictSame(parseCardNumber(text), { value: null, problem: 'empty' }, JSON.stringify(text))
  for (const text of ['1,00', '12,3456', '1 000', '5 x', 'k', '%', '1e', '1e+', '--5', '5-']) t.strictSame(parseCardNumber(text), { value: null, problem: 'not a number' }, JSON.stringify(text))
  for (const arrow of ['→', '->', '⟶', '=>', 'to', 'TO', ' → ']) {
    t.strictSame(parseCardNumber(`720${arrow}1080`), arrow.trim() === 'to' || arrow.trim() === 'TO' ? { value: null, problem: 'not a number' } : { value: null, range: { from: 720, to: 1080 } }, `720${arrow}1080`)
    t.strictSame(parseCardNumber(`720 ${arrow} 1080`), { value: null, range: { from: 720, to: 1080 } }, `720 ${arrow} 1080`)
  }
  t.strictSame(parseCardNumber('1 → 2 → 3'), { value: null, problem: 'not a number' }, 'one ramp, not a schedule')
  t.strictSame(parseCardNumber('x → 3'), { value: null, problem: 'not a number' })
  t.strictSame(parseCardNumber('3 → x'), { value: null, problem: 'not a number' })
  t.strictSame(parseCardNumber('1.47 → 2.21', 6), { value: null, range: { from: 1.47e6, to: 2.21e6 } }, 'the header unit scales both ends')
  t.strictSame(parseCardNumber('-'), { value: null, problem: 'empty' })
  t.strictSame(parseCardNumber('5', -2), { value: 0.05 })
})
