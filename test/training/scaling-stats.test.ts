// Numerics behind the scaling law's intervals: Student's t quantiles and the small symmetric inverse.
import t from 'tap'
import { invertSymmetric, studentTCdf, studentTQuantile } from '../../src/training/scaling-stats.js'

t.test('t quantiles match the printed tables', async (t) => {
  // two-sided 95% critical values (any statistics table; scipy.stats.t.ppf(0.975, df))
  const table: Array<[number, number]> = [[1, 12.706205], [2, 4.302653], [3, 3.182446], [4, 2.776445], [10, 2.228139], [30, 2.042272], [1e6, 1.959966]]
  for (const [df, value] of table) t.ok(Math.abs(studentTQuantile(0.975, df) - value) < 1e-5, `df ${df}: ${studentTQuantile(0.975, df)}`)
  t.ok(Math.abs(studentTQuantile(0.025, 4) + 2.776445) < 1e-5, 'symmetric')
  t.ok(Math.abs(studentTCdf(0, 5) - 0.5) < 1e-15)
  t.throws(() => studentTQuantile(1, 4), RangeError)
  t.throws(() => studentTQuantile(0.975, 0), RangeError)
})

t.test('the inverse of a symmetric positive-definite matrix, badly scaled; null when singular', async (t) => {
  const m = [[4e6, 2e3, 0.6], [2e3, 2, 0.5e-3], [0.6, 0.5e-3, 3e-6]]
  const inv = invertSymmetric(m)
  t.ok(inv !== null)
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      const product = m[i].reduce((s, v, k) => s + v * inv![k][j], 0)
      t.ok(Math.abs(product - (i === j ? 1 : 0)) < 1e-9, `(M M^-1)[${i}][${j}] = ${product}`)
    }
  }
  t.equal(invertSymmetric([[1, 2], [2, 4]]), null)
  t.equal(invertSymmetric([[0, 0], [0, 1]]), null)
})
