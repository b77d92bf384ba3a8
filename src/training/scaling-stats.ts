// Small numerics for the scaling law: Student's t quantile and the inverse of a small symmetric matrix.

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9: about 15 significant digits). */
function logGamma (x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7]
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x)
  x -= 1
  let a = c[0]
  const t = x + 7.5
  for (let i = 1; i < 9; i++) a += c[i] / (x + i)
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a)
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaContinuedFraction (a: number, b: number, x: number): number {
  const tiny = 1e-300
  let c = 1
  let d = 1 - (a + b) * x / (a + 1)
  if (Math.abs(d) < tiny) d = tiny
  d = 1 / d
  let h = d
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m
    let aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2))
    d = 1 + aa * d; if (Math.abs(d) < tiny) d = tiny
    c = 1 + aa / c; if (Math.abs(c) < tiny) c = tiny
    d = 1 / d; h *= d * c
    aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))
    d = 1 + aa * d; if (Math.abs(d) < tiny) d = tiny
    c = 1 + aa / c; if (Math.abs(c) < tiny) c = tiny
    d = 1 / d
    const delta = d * c
    h *= delta
    if (Math.abs(delta - 1) < 1e-15) break
  }
  return h
}

/** The regularized incomplete beta function I_x(a, b). */
function incompleteBeta (x: number, a: number, b: number): number {
  if (x <= 0) return 0
  if (x >= 1) return 1
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x))
  return x < (a + 1) / (a + b + 2)
    ? front * betaContinuedFraction(a, b, x) / a
    : 1 - front * betaContinuedFraction(b, a, 1 - x) / b
}

/** P(T <= t) for Student's t with df degrees of freedom. */
export function studentTCdf (t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5)
  return t >= 0 ? 1 - tail : tail
}

/** The quantile q of Student's t with df > 0 degrees of freedom (bisection on the CDF, to 1e-12). */
export function studentTQuantile (q: number, df: number): number {
  if (!(q > 0 && q < 1) || !(df > 0)) throw new RangeError(`studentTQuantile needs 0 < q < 1 and df > 0 (got ${q}, ${df})`)
  if (q < 0.5) return -studentTQuantile(1 - q, df)
  let lo = 0
  let hi = 1
  while (studentTCdf(hi, df) < q) hi *= 2
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2
    if (studentTCdf(mid, df) < q) lo = mid; else hi = mid
  }
  return (lo + hi) / 2
}

/**
 * The inverse of a symmetric positive-definite matrix, or null when it is (numerically) singular.
 * Rows and columns are first scaled to a unit diagonal: the scaling law's parameters differ by orders
 * of magnitude and correlate near 1, and equilibration keeps the Cholesky factor's pivots meaningful.
 */
export function invertSymmetric (m: number[][]): number[][] | null {
  const p = m.length
  const scale = m.map((row, i) => row[i] > 0 ? 1 / Math.sqrt(row[i]) : NaN)
  if (scale.some((s) => !Number.isFinite(s))) return null
  const a = m.map((row, i) => row.map((v, j) => v * scale[i] * scale[j]))
  // Cholesky: a = L L^T
  const l = a.map(() => new Array<number>(p).fill(0))
  for (let j = 0; j < p; j++) {
    let d = a[j][j]
    for (let k = 0; k < j; k++) d -= l[j][k] ** 2
    // a pivot this small relative to the unit diagonal means a condition number past ~1e14
    if (!(d > 1e-14)) return null
    l[j][j] = Math.sqrt(d)
    for (let i = j + 1; i < p; i++) {
      let s = a[i][j]
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k]
      l[i][j] = s / l[j][j]
    }
  }
  // inverse column by column: solve L y = e, then L^T x = y
  const inv = a.map(() => new Array<number>(p).fill(0))
  for (let c = 0; c < p; c++) {
    const y = new Array<number>(p).fill(0)
    for (let i = 0; i < p; i++) {
      let s = i === c ? 1 : 0
      for (let k = 0; k < i; k++) s -= l[i][k] * y[k]
      y[i] = s / l[i][i]
    }
    for (let i = p - 1; i >= 0; i--) {
      let s = y[i]
      for (let k = i + 1; k < p; k++) s -= l[k][i] * inv[k][c]
      inv[i][c] = s / l[i][i]
    }
  }
  return inv.map((row, i) => row.map((v, j) => v * scale[i] * scale[j]))
}

/** J^T J for a Jacobian given as rows (one per point). */
export function normalMatrix (rows: number[][]): number[][] {
  const p = rows[0].length
  const m = Array.from({ length: p }, () => new Array<number>(p).fill(0))
  for (const r of rows) for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) m[i][j] += r[i] * r[j]
  return m
}
