// The emulator's static files under `/_files/...`: a stand-in for a public storage account, so
// templateLink.uri / parametersLink.uri (the action's template-uri / parameters-uri) can point
// at the emulator's own origin. Served unauthenticated, like a public blob, from one folder.
import { readFileSync, statSync } from 'node:fs'
import { extname, join, relative, resolve, isAbsolute } from 'node:path'
import type { Reply } from './http-reply.js'

export const FILES_PREFIX = '/_files'

export function isFilesPath(pathname: string): boolean {
  const lower = pathname.toLowerCase()
  return lower === FILES_PREFIX || lower.startsWith(`${FILES_PREFIX}/`)
}

/** The file a `/_files/...` path names inside `filesDir`, or undefined (outside it, not a file). */
export function fileFor(filesDir: string, pathname: string): string | undefined {
  if (!isFilesPath(pathname)) return undefined
  let rest: string
  try {
    rest = decodeURIComponent(pathname.slice(FILES_PREFIX.length))
  } catch {
    return undefined
  }
  const root = resolve(filesDir)
  const file = resolve(join(root, rest))
  const inside = relative(root, file)
  if (!inside || inside.startsWith('..') || isAbsolute(inside)) return undefined
  try {
    return statSync(file).isFile() ? file : undefined
  } catch {
    return undefined
  }
}

/** Reads a `/_files/...` file as text, or undefined when there is none. */
export function readServedFile(filesDir: string, pathname: string): string | undefined {
  const file = fileFor(filesDir, pathname)
  return file === undefined ? undefined : readFileSync(file, 'utf8')
}

/** GET/HEAD of a served file; 404 with storage's error code otherwise. */
export function handleFiles(filesDir: string, method: string, pathname: string): Reply {
  if (method !== 'GET' && method !== 'HEAD') {
    return { status: 405, body: 'UnsupportedHttpVerb' }
  }
  const file = fileFor(filesDir, pathname)
  if (!file) return { status: 404, body: 'BlobNotFound: The specified blob does not exist.' }
  const type = extname(file).toLowerCase() === '.json' ? 'application/json' : 'text/plain'
  return {
    status: 200,
    headers: { 'content-type': `${type}; charset=utf-8` },
    body: readFileSync(file, 'utf8')
  }
}
