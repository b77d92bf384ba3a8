// The parameter count and its source: the Hub's safetensors total, else the card's size, else weight bytes / 4.
import t from 'tap'
import { countParameters } from '../../src/sync/parameters.js'

const weights = [{ path: 'pytorch_model.bin', size: 444_201_984, oid: null, lfsOid: 'x' }, { path: 'README.md', size: 9000, oid: 'y', lfsOid: null }]

t.test('safetensors first, then the card, then the weight files', async (t) => {
  t.same(countParameters({ safetensorsTotal: 111_050_496, cardParameters: 111e6, files: weights }), { parameters: 111_050_496, source: 'safetensors' })
  t.same(countParameters({ safetensorsTotal: null, cardParameters: 111e6, files: weights }), { parameters: 111_000_000, source: 'card' })
  t.same(countParameters({ cardParameters: null, files: weights }), { parameters: 111_050_496, source: 'weights-estimate' }, '444,201,984 bytes / 4')
  t.same(countParameters({ files: [] }), { parameters: null, source: null })
})

t.test('a card size that is no count is passed over', async (t) => {
  for (const bad of [0, -5, 0.4, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60]) {
    t.same(countParameters({ cardParameters: bad, files: weights }).source, 'weights-estimate', String(bad))
  }
  t.same(countParameters({ cardParameters: 1.3e9, files: [] }), { parameters: 1_300_000_000, source: 'card' })
  t.same(countParameters({ safetensorsTotal: 0, cardParameters: 2.7e9, files: [] }), { parameters: 2_700_000_000, source: 'card' }, 'a zero total is no total')
})
