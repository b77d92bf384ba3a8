// The Cerebras-GPT paper's published scaling law, and each point's distance from it.
import { evaluateLaw, type ScalingCoefficients, type ScalingPoint } from './scaling-law.js'

/**
 * L(f) = (f / 5.984e22)^(-0.0737) + 0.5066: Pile test loss (nats/token) against pre-training FLOPs on the
 * compute-optimal frontier. Dey et al., "Cerebras-GPT", arXiv:2304.03208 v1, Sec. 3.1, Eq. (1), as quoted by
 * secondary notes (the arXiv text itself was not read; see /work/shared/hub-fixtures/cerebras-gpt-paper.json).
 */
export const PUBLISHED_SCALING_LAW: Readonly<ScalingCoefficients & { formula: string, source: string }> = Object.freeze({
  c0: 5.984e22,
  alpha: 0.0737,
  lInf: 0.5066,
  formula: 'L(f) = (f / 5.984e22)^(-0.0737) + 0.5066',
  source: 'Dey et al. 2023, Cerebras-GPT, arXiv:2304.03208 v1, Sec. 3.1 Eq. (1) (as quoted)'
})

/** The published law's loss at flops. */
export function publishedLoss (flops: number): number {
  return evaluateLaw(PUBLISHED_SCALING_LAW, flops)
}

export interface PublishedComparison extends ScalingPoint {
  published: number
  /** loss - published, nats/token: negative when the point beats the law. */
  difference: number
  /** difference / published. */
  relativeDifference: number
}

/** For each point, the published law's value at its FLOPs and how far the point's loss lies from it. */
export function compareWithPublished (points: readonly ScalingPoint[]): PublishedComparison[] {
  return points.map(({ id, flops, loss }) => {
    const published = publishedLoss(flops)
    return { id, flops, loss, published, difference: loss - published, relativeDifference: (loss - published) / published }
  })
}
