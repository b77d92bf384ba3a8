// Parameter count and where it came from: the Hub's safetensors total, else the model card's
// architecture table, else the weight files.
import type { HubFileEntry } from '../hub/hub-types.js'
import type { ParametersSource } from '../schemas/model.js'

export interface ParameterCount {
  parameters: number | null
  source: ParametersSource | null
}

// Top-level weight files of one framework each, in order of preference. The Hub does not tell the
// dtype of a pickle, and config.json must not be fetched (it counts as a download), so these are
// taken as fp32, the dtype transformers writes by default: 4 bytes per parameter.
const WEIGHT_FORMATS: Array<{ pattern: RegExp, bytesPerParameter: number }> = [
  { pattern: /^pytorch_model(-\d+-of-\d+)?\.bin$/, bytesPerParameter: 4 },
  { pattern: /^tf_model(-\d+-of-\d+)?\.h5$/, bytesPerParameter: 4 },
  { pattern: /^flax_model(-\d+-of-\d+)?\.msgpack$/, bytesPerParameter: 4 }
]

export function estimateFromWeights (files: HubFileEntry[]): number | null {
  for (const format of WEIGHT_FORMATS) {
    const weights = files.filter((f) => format.pattern.test(f.path))
    if (weights.length === 0) continue
    const bytes = weights.reduce((sum, f) => sum + f.size, 0)
    return Math.round(bytes / format.bytesPerParameter)
  }
  return null
}

export function countParameters (input: {
  safetensorsTotal?: number | null
  /** The parameters the card's tables give for this model (e.g. "111M"), if any. */
  cardParameters?: number | null
  files: HubFileEntry[]
}): ParameterCount {
  if (input.safetensorsTotal != null && input.safetensorsTotal > 0) return { parameters: input.safetensorsTotal, source: 'safetensors' }
  const card = input.cardParameters
  if (card != null && Number.isSafeInteger(Math.round(card)) && card >= 1) return { parameters: Math.round(card), source: 'card' }
  const estimate = estimateFromWeights(input.files)
  return estimate === null ? { parameters: null, source: null } : { parameters: estimate, source: 'weights-estimate' }
}
