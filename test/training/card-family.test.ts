// Comparing the family tables of several cards (compareFamilies in src/training/card-family.ts) on small tables
// written by hand: when two cells agree, how rows are matched across cards, which card is the reference, and
// stored facts from an older parser that lack a table, a row's cells or a column.
import t from 'tap'
import { compareFamilies, type CardFacts, type Fact } from '../../src/training/card-facts.js'

type Cells = Record<string, Fact>
const num = (value: number, raw: string): Fact => ({ value, raw })
const text = (raw: string | null): Fact => ({ value: null, raw })
const row = (label: string, cells: Cells, name: string | null = 'Cerebras-GPT') => ({ label, name, cells })

/** A card whose training table has these rows (columns: parameters and steps, as headers say). */
function card (modelId: string, rows: Array<ReturnType<typeof row>>, columns: Record<string, string | null> = { parameters: 'Model Params', steps: 'Number of Steps' }) {
  const training = { headers: ['Model', 'Model Params', 'Number of Steps'], heading: 'Training', columns, rows }
  return { modelId, facts: { family: { architecture: null, training, zeroShot: null, fiveShot: null } } as unknown as CardFacts }
}
const r111 = (steps: Fact) => row('111M', { parameters: num(111e6, '111M'), steps })

t.test('cells agree when their numbers are equal, else when their text is, ignoring case and spacing', async (t) => {
  t.strictSame(compareFamilies([card('a', [r111(num(9037, '9037'))]), card('b', [r111(num(9037, '9,037'))])]), [], 'one number, written two ways')
  t.strictSame(compareFamilies([card('a', [r111(text('720 → 1080'))]), card('b', [r111(text(' 720  →\t1080 '))]), card('c', [r111(text('720 → 1080'.toUpperCase()))])]), [], 'the same text')
  t.strictSame(compareFamilies([card('a', [r111(text('N/A'))]), card('b', [r111(text('n/a'))])]), [], 'case does not matter')
  t.strictSame(compareFamilies([card('a', [r111(text(null))]), card('b', [r111(text(''))])]), [], 'no cell and an empty cell')
  t.strictSame(compareFamilies([card('a', [r111(text('720 → 1080'))]), card('b', [r111(text('720 → 1000'))])]), [
    { table: 'training', model: '111M', column: 'steps', modelId: 'b', raw: '720 → 1000', referenceModelId: 'a', referenceRaw: '720 → 1080' }
  ], 'other text')
  t.strictSame(compareFamilies([card('a', [r111(num(9037, '9037'))]), card('b', [r111(text('9037x'))])]), [
    { table: 'training', model: '111M', column: 'steps', modelId: 'b', raw: '9037x', referenceModelId: 'a', referenceRaw: '9037' }
  ], 'a number against text that is not one')
  t.strictSame(compareFamilies([card('a', [r111(num(1, 'n:1'))]), card('b', [r111(text('n:1'))])]).length, 1, 'text that looks like a number key is still text')
  t.strictSame(compareFamilies([card('a', [r111(num(5, '5'))]), card('b', [r111(text('5'))])]).length, 1, 'a number and the same characters unparsed differ')
})

t.test('the reference is the largest group of equal cells; on a tie the earliest card\'s group', async (t) => {
  const odd = card('odd', [r111(num(1, '1'))])
  const x = card('x', [r111(num(2, '2'))])
  const y = card('y', [r111(num(2, '2.0'))])
  t.strictSame(compareFamilies([odd, x, y]), [
    { table: 'training', model: '111M', column: 'steps', modelId: 'odd', raw: '1', referenceModelId: 'x', referenceRaw: '2' }
  ], 'two against one, the odd card given first')
  t.strictSame(compareFamilies([odd, x]), [
    { table: 'training', model: '111M', column: 'steps', modelId: 'x', raw: '2', referenceModelId: 'odd', referenceRaw: '1' }
  ], 'a tie: the first card is the reference')
})

t.test('rows are matched by their size\'s number, else by their label without case or spacing', async (t) => {
  const sized = (label: string, parameters: Fact, steps: number) => row(label, { parameters, steps: num(steps, String(steps)) })
  t.strictSame(compareFamilies([
    card('a', [sized('111M', num(111e6, '111M'), 1)]),
    card('b', [sized('0.111B', num(111e6, '0.111B'), 1)])
  ]), [], 'the same size written two ways is one row')
  t.strictSame(compareFamilies([
    card('a', [sized('Small  Model', text('small'), 1)]),
    card('b', [sized('small model', text('?'), 1)])
  ]), [
    { table: 'training', model: 'Small  Model', column: 'parameters', modelId: 'b', raw: '?', referenceModelId: 'a', referenceRaw: 'small' }
  ], 'no size number: the label keys the row (and the size cells differ)')
  t.strictSame(compareFamilies([
    card('a', [sized('Small', text('s'), 1)]),
    card('b', [sized('Smaller', text('s'), 1)])
  ]), [
    { table: 'training', model: 'Small', column: null, modelId: 'b', raw: null, referenceModelId: 'a', referenceRaw: 'Small' },
    { table: 'training', model: 'Smaller', column: null, modelId: 'b', raw: 'Smaller', referenceModelId: 'a', referenceRaw: null }
  ], 'other labels are other rows: each card lacks the other\'s (a tie, so the first card is the reference both times)')
})

t.test('a row some cards lack: the model is named by the reference card, or by the card that has it', async (t) => {
  const r256 = row('256M', { parameters: num(256e6, '256M'), steps: num(17776, '17776') })
  const r256b = row('256 M', { parameters: num(256e6, '256 M'), steps: num(17776, '17776') })
  t.strictSame(compareFamilies([card('a', [r111(num(1, '1'))]), card('b', [r111(num(1, '1')), r256b]), card('c', [r111(num(1, '1')), r256])]), [
    { table: 'training', model: '256 M', column: null, modelId: 'a', raw: null, referenceModelId: 'b', referenceRaw: '256 M' }
  ], 'the row as the reference card labels it')
  t.strictSame(compareFamilies([card('a', [r111(num(1, '1'))]), card('b', [r111(num(1, '1'))]), card('c', [r111(num(1, '1')), r256])]), [
    { table: 'training', model: '256M', column: null, modelId: 'c', raw: '256M', referenceModelId: 'a', referenceRaw: null }
  ], 'most cards lack it: named by the card that has it')
})

t.test('stored facts of an older parser: a missing table, row cells or column is left out, not thrown on', async (t) => {
  const full = card('a', [r111(num(9037, '9037'))])
  const noTable = { modelId: 'b', facts: { family: { architecture: null, training: null, zeroShot: null, fiveShot: null } } as unknown as CardFacts }
  const noFamily = { modelId: 'c', facts: {} as unknown as CardFacts }
  const noRows = { modelId: 'd', facts: { family: { training: { headers: [], heading: null, columns: {} } } } as unknown as CardFacts }
  t.strictSame(compareFamilies([full, noTable, noFamily, noRows]), [], 'cards without the table are not compared')
  const noCells = card('e', [{ label: '111M', name: null } as unknown as ReturnType<typeof row>])
  t.strictSame(compareFamilies([full, noCells]), [
    { table: 'training', model: '111M', column: null, modelId: 'e', raw: null, referenceModelId: 'a', referenceRaw: '111M' },
    { table: 'training', model: '111M', column: null, modelId: 'e', raw: '111M', referenceModelId: 'a', referenceRaw: null }
  ], 'a row without cells is keyed by its label, so it is another row')
  const noParameters = card('f', [row('111M', { steps: num(9037, '9037') })])
  t.strictSame(compareFamilies([card('g', [row('111M', { steps: num(9037, '9037') })]), noParameters]), [], 'rows without a size cell, keyed by label')
  const noStepsColumn = card('h', [r111(num(1, '1'))], { parameters: 'Model Params', steps: null })
  t.strictSame(compareFamilies([full, noStepsColumn]), [], 'a card without the column is left out of that column')
  const missingStepsCell = card('i', [row('111M', { parameters: num(111e6, '111M') })])
  t.strictSame(compareFamilies([full, missingStepsCell]), [], 'a row without the cell is left out of that cell')
})

t.test('text is compared with its spaces (collapsed, not removed), and rows without a size are told apart by label', async (t) => {
  t.strictSame(compareFamilies([card('a', [r111(text('1 2'))]), card('b', [r111(text('12'))])]).map((d) => [d.modelId, d.raw]), [['b', '12']], '"1 2" is not "12"')
  const unsized = (label: string, steps: number) => row(label, { parameters: text('?'), steps: num(steps, String(steps)) })
  t.strictSame(compareFamilies([card('a', [unsized('Small', 1), unsized('Large', 2)]), card('b', [unsized('Small', 1)])]), [
    { table: 'training', model: 'Large', column: null, modelId: 'b', raw: null, referenceModelId: 'a', referenceRaw: 'Large' }
  ], 'two unsized rows are two rows')
  t.strictSame(compareFamilies([card('a', [unsized('Small Model', 1)]), card('b', [unsized('SmallModel', 1)])]).length, 2, '"Small Model" and "SmallModel" are two rows')
})
