// POST /api/imports with the body streamed from a file, chunked (no Content-Length), as a client
// piping a large export would send it; timed from the first byte sent to the last byte of the answer.
import { createReadStream } from 'node:fs'
import http from 'node:http'
import { performance } from 'node:perf_hooks'
import { pipeline } from 'node:stream/promises'
import type { Format } from './body.js'

export interface ImportAnswer { status: number, ms: number, report: { lines: number, imported: number, duplicates: number, refused: number, rejected: Array<{ line: number, reason: string }> } | null, text: string }

const MEDIA_TYPE: Record<Format, string> = { jsonl: 'application/x-ndjson', csv: 'text/csv' }

export function postImport (base: string, token: string, file: string, format: Format): Promise<ImportAnswer> {
  return new Promise((resolve, reject) => {
    const t = performance.now()
    const req = http.request(`${base}/api/imports`, {
      method: 'POST',
      headers: { 'content-type': MEDIA_TYPE[format], authorization: `Bearer ${token}`, 'transfer-encoding': 'chunked' }
    }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.once('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let report: ImportAnswer['report'] = null
        try { report = res.statusCode === 200 ? JSON.parse(text) : null } catch { report = null }
        resolve({ status: res.statusCode ?? 0, ms: Math.round(performance.now() - t), report, text: text.slice(0, 500) })
      })
      res.once('error', reject)
    })
    req.once('error', reject)
    pipeline(createReadStream(file, { highWaterMark: 64 * 1024 }), req).catch(reject)
  })
}
