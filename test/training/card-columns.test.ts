// The header texts a Cerebras-GPT card table may use for each fact (src/training/card-columns.ts), written out
// here as the cards and their common variants write them, with the units a bracket may carry.
import t from 'tap'
import {
  ARCHITECTURE_COLUMNS, FIVE_SHOT_COLUMNS, isNameHeader, matchHeader, normaliseHeader, TABLE_SPECS, TASK_COLUMNS,
  TRAINING_COLUMNS, ZERO_SHOT_COLUMNS
} from '../../src/training/card-columns.js'

// header -> key, for every accepted header of each table (written differently from the source where it can be)
const ACCEPTED = {
  architecture: {
    parameters: ['Parameters', 'params', 'Model params', 'model-size', 'SIZE'],
    layers: ['Layers', 'n_layers', 'n layer', 'NUM_LAYERS', 'num hidden layers', 'depth'],
    dModel: ['d_model', 'Hidden size', 'n-embd', 'hidden dim', 'Embedding Size'],
    heads: ['Heads', 'n_heads', 'N Head', 'num_heads', 'attention heads', 'Num Attention Heads'],
    dHead: ['d_head', 'head dim', 'Head Size', 'd-kv'],
    dFfn: ['d_ffn', 'D FF', 'ffn', 'n_inner', 'Filter Size', 'Intermediate Size'],
    learningRate: ['LR', 'learning rate', 'Peak LR', 'max lr', 'Learning Rate (peak)'],
    batchSizeSequences: ['BS (seq)', 'BS (sequences)', 'batch size (seq)', 'Batch Size (Sequences)', 'bs', 'Batch size'],
    batchSizeTokens: ['BS (tokens)', 'bs (tok)', 'Batch Size (Tokens)']
  },
  training: {
    parameters: ['Model Params', 'parameters', 'Params', 'Model size', 'size'],
    sequenceLength: ['Sequence Length', 'seq len', 'MSL', 'max sequence length', 'Context Length'],
    batchSize: ['Batch Size', 'BS', 'BS (seq)', 'batch size (seq)', 'Batch Size (sequences)'],
    steps: ['Number of Steps', 'steps', 'Training Steps', 'num steps', 'iterations'],
    tokens: ['Tokens', 'training tokens', 'Num Tokens', 'tokens trained'],
    tokensPerParameter: ['Tokens per Parameter', 'tokens per param', 'Tokens/Param', 'tpp'],
    flops: ['Flops', 'Training FLOPs', 'total flops', 'compute']
  },
  zeroShot: {
    parameters: ['Params', 'Parameters', 'model params', 'Size'],
    trainingFlops: ['Training FLOPs', 'flops', 'Compute'],
    pileTestXent: ['PILE test xent', 'Pile test cross-entropy', 'pile test loss', 'Pile xent', 'test xent'],
    hellaSwag: ['Hella-Swag', 'hellaswag'],
    piqa: ['PIQA'],
    winoGrande: ['Wino-Grande', 'winogrande'],
    lambada: ['Lambada', 'LAMBADA (OpenAI)', 'lambada_openai'],
    arcEasy: ['ARC-e', 'arc easy', 'ARC_EASY'],
    arcChallenge: ['ARC-c', 'ARC Challenge', 'arc_challenge'],
    openBookQa: ['OpenBookQA', 'obqa'],
    downstreamAverage: ['Downstream Average', 'downstream avg', 'Average', 'AVG']
  }
} as const

t.test('every accepted header names its column, whatever its case and punctuation', async (t) => {
  const columns = { architecture: ARCHITECTURE_COLUMNS, training: TRAINING_COLUMNS, zeroShot: ZERO_SHOT_COLUMNS }
  for (const [table, keys] of Object.entries(ACCEPTED) as Array<[keyof typeof ACCEPTED, Record<string, readonly string[]>]>) {
    t.same(columns[table].map((c) => c.key), Object.keys(keys), `${table}: these columns, in this order`)
    for (const [key, headers] of Object.entries(keys)) {
      for (const header of headers) t.same(matchHeader(header, columns[table]), { key, scale: 0 }, `${table}: ${JSON.stringify(header)} is ${key}`)
    }
  }
  t.equal(matchHeader('Vocabulary', ARCHITECTURE_COLUMNS), null, 'an unknown header')
  t.equal(matchHeader('Layer', ARCHITECTURE_COLUMNS), null, 'no stemming')
})

t.test('the labels are the headers the recorded cards use', async (t) => {
  t.same(ARCHITECTURE_COLUMNS.map((c) => c.label), ['Parameters', 'Layers', 'd_model', 'Heads', 'd_head', 'd_ffn', 'LR', 'BS (seq)', 'BS (tokens)'])
  t.same(TRAINING_COLUMNS.map((c) => c.label), ['Model Params', 'Sequence Length', 'Batch Size', 'Number of Steps', 'Tokens', 'Tokens per Parameter', 'Flops'])
  t.same(ZERO_SHOT_COLUMNS.map((c) => c.label), ['Params', 'Training FLOPs', 'PILE test xent', 'Hella-Swag', 'PIQA', 'Wino-Grande', 'Lambada', 'ARC-e', 'ARC-c', 'OpenBookQA', 'Downstream Average'])
})

t.test('a bracketed unit scales the column; other bracketed words stay part of the name', async (t) => {
  const units: Array<[string, number]> = [
    ['k', 3], ['thousand', 3], ['Thousands', 3],
    ['M', 6], ['million', 6], ['millions', 6],
    ['B', 9], ['bn', 9], ['Billion', 9], ['billions', 9],
    ['T', 12], ['trillion', 12], ['trillions', 12],
    ['%', -2], ['percent', -2],
    ['nats', 0], ['nats/token', 0], ['nats per token', 0], ['total', 0]
  ]
  for (const [unit, scale] of units) t.same(matchHeader(`Tokens (${unit})`, TRAINING_COLUMNS), { key: 'tokens', scale }, `(${unit}) is 10^${scale}`)
  t.same(matchHeader('Tokens [B]', TRAINING_COLUMNS), { key: 'tokens', scale: 9 }, 'square brackets too')
  t.same(matchHeader('Tokens ( B )', TRAINING_COLUMNS), { key: 'tokens', scale: 9 }, 'spaces inside the brackets')
  t.same(matchHeader('HellaSwag (%)', ZERO_SHOT_COLUMNS), { key: 'hellaSwag', scale: -2 })
  t.same(matchHeader('PILE test xent (nats)', ZERO_SHOT_COLUMNS), { key: 'pileTestXent', scale: 0 })
  t.same(matchHeader('BS (tokens)', ARCHITECTURE_COLUMNS), { key: 'batchSizeTokens', scale: 0 }, 'not a unit: part of the name')
  t.same(matchHeader('BS (seq)', ARCHITECTURE_COLUMNS), { key: 'batchSizeSequences', scale: 0 })
  t.equal(matchHeader('Tokens (furlongs)', TRAINING_COLUMNS), null, 'an unknown unit keeps the whole header, which names nothing')
  t.equal(matchHeader('Vocabulary (k)', TRAINING_COLUMNS), null, 'a known unit after an unknown name')
})

t.test('headers are compared on letters and digits only, after NFKC and lower case', async (t) => {
  t.equal(normaliseHeader('D_Model'), 'dmodel')
  t.equal(normaliseHeader(' ARC-e '), 'arce')
  t.equal(normaliseHeader('Ｐｉｑａ'), 'piqa', 'full-width letters')
  t.equal(normaliseHeader('Tokens per Parameter (Ø)'), 'tokensperparameterø', 'letters of any script stay')
  t.equal(normaliseHeader('n₁'), 'n1', 'NFKC makes a subscript a digit')
})

t.test('the name column', async (t) => {
  for (const header of ['Model', 'model name', 'Model-Name', 'NAME']) t.ok(isNameHeader(header), header)
  t.notOk(isNameHeader('Models'))
  t.notOk(isNameHeader('Params'))
})

t.test('the 5-shot table: the same columns, FLOPs, loss and average optional', async (t) => {
  t.same(FIVE_SHOT_COLUMNS.map((c) => c.key), ZERO_SHOT_COLUMNS.map((c) => c.key))
  t.same(FIVE_SHOT_COLUMNS.filter((c) => c.optional === true).map((c) => c.key), ['trainingFlops', 'pileTestXent', 'downstreamAverage'])
  t.same(ZERO_SHOT_COLUMNS.filter((c) => 'optional' in c).map((c) => c.key), [], 'the 0-shot table requires them all')
})

t.test('tables are recognised by their signature columns', async (t) => {
  t.same(TASK_COLUMNS, ['hellaSwag', 'piqa', 'winoGrande', 'lambada', 'arcEasy', 'arcChallenge', 'openBookQa'])
  t.same(Object.fromEntries(Object.entries(TABLE_SPECS).map(([kind, spec]) => [kind, [spec.kind, spec.title, spec.signature]])), {
    architecture: ['architecture', 'architecture table', ['layers', 'dModel', 'heads', 'dHead', 'dFfn', 'learningRate', 'batchSizeTokens']],
    training: ['training', 'training table', ['sequenceLength', 'steps', 'tokens', 'tokensPerParameter']],
    zeroShot: ['zeroShot', '0-shot evaluation table', TASK_COLUMNS],
    fiveShot: ['fiveShot', '5-shot evaluation table', TASK_COLUMNS]
  })
  t.equal(TABLE_SPECS.zeroShot.columns, ZERO_SHOT_COLUMNS)
  t.equal(TABLE_SPECS.fiveShot.columns, FIVE_SHOT_COLUMNS)
})

t.test('a unit is only a bracket at the very end, and only a unit of the list', async (t) => {
  t.equal(matchHeader('Tokens (constructor)', TRAINING_COLUMNS), null, 'an inherited property name is not a unit')
  t.equal(matchHeader('Tokens (toString)', TRAINING_COLUMNS), null)
  t.equal(matchHeader('Tokens (B) total', TRAINING_COLUMNS), null, 'words after the bracket: no unit, and the whole header names nothing')
  t.same(matchHeader('Tokens (B) ', TRAINING_COLUMNS), { key: 'tokens', scale: 9 }, 'spaces after the bracket are fine')
  t.same(matchHeader('Tokens (B)x', TRAINING_COLUMNS), null)
  t.same(matchHeader('Tokens (B', TRAINING_COLUMNS), null, 'an open bracket')
})
