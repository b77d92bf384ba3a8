// TrainingAnswers' own edges: exclude= names, the documented ranges, a prediction without a fit.
import t from 'tap'
import { FLOPS_DOC, PARAMS_DOC } from '../../src/schemas/training.js'
import { FLOPS_RANGE, PARAMS_RANGE } from '../../src/training/scaling-errors.js'
import { TrainingAnswers } from '../../src/training/training-answers.js'

const entries = [{ id: 'a/GPT-1B', training: null }, { id: 'b/GPT-1B', training: null }, { id: 'a/GPT-2B', training: null }]

t.test('exclude= by id, by a unique name, and an ambiguous name refused with the candidates', async (t) => {
  const answers = new TrainingAnswers(entries)
  t.same(answers.resolveExclude(['A/gpt-1b', 'GPT-2B']), ['a/GPT-1B', 'a/GPT-2B'])
  t.throws(() => answers.resolveExclude(['GPT-1B']), { code: 'CATALOG_UNKNOWN_MODEL', message: 'querystring/exclude names "GPT-1B", which several tracked models are named (a/GPT-1B, b/GPT-1B): give the repo id' })
  t.throws(() => answers.resolveExclude(['GPT-3B']), { message: 'querystring/exclude names "GPT-3B", which is not a tracked model' })
  t.same(answers.resolveExclude([' , ,']), [], 'empty items are no names')
})

t.test('bad predict input is refused before the missing fit is', async (t) => {
  const answers = new TrainingAnswers(entries)
  t.throws(() => answers.predict({ flops: 0 }, []), { code: 'CATALOG_SCALING_BAD_INPUT' })
  t.throws(() => answers.predict({ flops: 1e22 }, []), { code: 'CATALOG_SCALING_NO_FIT' })
})

t.test('the OpenAPI ranges are the ones checked', async (t) => {
  t.same([FLOPS_DOC.minimum, FLOPS_DOC.maximum], [FLOPS_RANGE.min, FLOPS_RANGE.max])
  t.same([PARAMS_DOC.minimum, PARAMS_DOC.maximum], [PARAMS_RANGE.min, PARAMS_RANGE.max])
})
