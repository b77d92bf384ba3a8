// Import bodies for bench/import.ts, written to a temporary file first (so making them costs the
// import nothing): valid records of the tracked models, each at its own instant, one minute apart
// going back from an hour ago, so no record repeats another (or a sync's snapshot) and none is in
// the future. JSONL and CSV of the same size take different stretches of the past.
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { DEFAULT_TRACKED_MODELS } from '../../src/config.js'

const TRACKED = DEFAULT_TRACKED_MODELS.split(',')
const STEP_MS = 60_000

export type Format = 'jsonl' | 'csv'

export interface Body { file: string, format: Format, bytes: number, records: number, oldest: string, newest: string }

function record (format: Format, k: number, newestMs: number): string {
  const id = TRACKED[k % TRACKED.length]!
  const takenAt = new Date(newestMs - k * STEP_MS).toISOString()
  // All-time counts that shrink going back in time (no recounts), a rolling count that wobbles.
  const downloadsAllTime = 50_000_000 - k * 3
  const downloads = 10_000 + (k * 7919) % 5000
  const likes = 100 + (k % 17)
  return format === 'jsonl'
    ? `{"id":"${id}","takenAt":"${takenAt}","downloads":${downloads},"downloadsAllTime":${downloadsAllTime},"likes":${likes}}\n`
    : `${id},${takenAt},${downloads},${downloadsAllTime},${likes}\n`
}

/**
 * Writes records from index `firstK` on until the file holds `targetBytes`; returns the body and
 * the next free index, for the next body to go on further back.
 */
export async function writeBody (file: string, format: Format, targetBytes: number, firstK: number, newestMs: number): Promise<{ body: Body, nextK: number }> {
  const out = createWriteStream(file)
  let bytes = 0
  let k = firstK
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain')
    return Buffer.byteLength(text)
  }
  if (format === 'csv') bytes += await write('id,takenAt,downloads,downloadsAllTime,likes\n')
  while (bytes < targetBytes) bytes += await write(record(format, k++, newestMs))
  out.end()
  await once(out, 'finish')
  const at = (i: number) => new Date(newestMs - i * STEP_MS).toISOString()
  return { body: { file, format, bytes, records: k - firstK, newest: at(firstK), oldest: at(k - 1) }, nextK: k }
}
