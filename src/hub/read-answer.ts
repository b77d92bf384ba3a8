// Reads a Hub answer's body into memory before @huggingface/hub parses it, so that the size cap,
// the attempt's deadline and a connection lost mid-body are handled where retries live.
import { HubMalformedError } from '../errors.js'

/** Largest Hub answer read: a listing page of 500 models or a big tree is well under 1 MiB. */
export const DEFAULT_MAX_ANSWER_BYTES = 8 * 1024 * 1024

/**
 * The answer with its body read in full, at most `maxBytes` of it (else a HubMalformedError:
 * refused unread when Content-Length says so). A network error or an abort while reading is
 * thrown as it comes, for the caller to retry or give up.
 */
export async function readAnswer (response: Response, maxBytes: number, url: string): Promise<Response> {
  if (response.body === null) return response
  const tooLarge = () => new HubMalformedError(`Hub answer for ${new URL(url).pathname} is larger than ${maxBytes} bytes; refused`)
  const declared = Number(response.headers.get('content-length') ?? NaN)
  if (declared > maxBytes) {
    await response.body.cancel().catch(() => {})
    throw tooLarge()
  }
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = response.body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel().catch(() => {})
      throw tooLarge()
    }
    chunks.push(value)
  }
  const buffered = new Response(Buffer.concat(chunks, size), { status: response.status, statusText: response.statusText, headers: response.headers })
  // A constructed Response has no URL of its own: the library puts it in errors, and a redirect
  // tells a renamed repo.
  Object.defineProperties(buffered, { url: { value: response.url }, redirected: { value: response.redirected } })
  return buffered
}
