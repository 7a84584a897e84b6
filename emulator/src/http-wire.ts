// Reading requests and writing replies: the bits of HTTP every service shares.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Reply } from './http-reply.js'

export function writeReply(
  res: ServerResponse,
  method: string,
  reply: Reply,
  base: Record<string, string>
): void {
  const headers: Record<string, string> = { ...base, ...reply.headers }
  let payload: Buffer | undefined
  if (reply.body !== undefined) {
    const isText = typeof reply.body === 'string'
    payload = Buffer.from(isText ? (reply.body as string) : JSON.stringify(reply.body))
    headers['content-type'] ??= isText
      ? 'text/plain; charset=utf-8'
      : 'application/json; charset=utf-8'
  }
  headers['content-length'] = String(payload?.length ?? 0)
  res.writeHead(reply.status, headers)
  res.end(method === 'HEAD' ? undefined : payload)
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name]
  return Array.isArray(value) ? value[0] : value
}

export function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return undefined
  try {
    return JSON.parse(raw.toString('utf8')) as unknown
  } catch {
    return undefined
  }
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}
