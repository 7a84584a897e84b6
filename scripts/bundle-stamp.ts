// The stale-bundle guard. e2e tests run `node dist/index.js`, the committed bundle: after a change
// to src/ they would test the old one and pass. `npm run package` writes a hash of what the bundle
// is built from into dist/source-hash; the tests' global setup compares it with today's sources
// and rebuilds on a mismatch. Hand-written: no library compares a build's inputs this cheaply
// (a fresh ncc build to compare against costs about a minute on CI).
//
//   tsx scripts/bundle-stamp.ts write   (the end of `npm run package`)
import { createHash } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
/**
 * What the bundle is built from: the sources, the package (its version is in the user agent), locked deps,
 * tsconfig, the build script (scripts/package.ts: its minifier settings change the code); and
 * action.yml, whose defaults go into dist/action-defaults.json.
 */
const INPUT_FILES = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'action.yml',
  'scripts/package.ts'
]
const INPUT_DIRS = ['src']
const STAMP = join('dist', 'source-hash')

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

/** sha256 over every input's path and content, in a fixed order (the same on every machine). */
export function sourceHash(root = ROOT): string {
  const files = [
    ...INPUT_FILES.map((f) => join(root, f)).filter((f) => existsSync(f)),
    ...INPUT_DIRS.flatMap((d) => filesUnder(join(root, d)))
  ]
    .map((f) => relative(root, f).split(sep).join('/'))
    .sort()
  const hash = createHash('sha256')
  for (const file of files) {
    // Line endings normalised: a Windows checkout (autocrlf) builds the same bundle.
    hash.update(`${file}\0${readFileSync(join(root, file), 'utf8').replace(/\r\n/g, '\n')}\0`)
  }
  return hash.digest('hex')
}

export function writeStamp(root = ROOT): void {
  writeFileSync(join(root, STAMP), `${sourceHash(root)}\n`)
}

/**
 * dist/action-defaults.json: action.yml's defaults, for an input a workflow sets to '' (a reusable
 * workflow passing an empty value through). The runner applies a default only to an input that is
 * left out, so the action applies it then (runtime/core-adapter.ts). Defaults that are runner
 * expressions (`${{ … }}`) cannot be evaluated by the action and are left out.
 */
export function writeActionDefaults(root = ROOT): void {
  const manifest = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as {
    inputs?: Record<string, { default?: unknown }>
  }
  const defaults: Record<string, string> = {}
  for (const [name, input] of Object.entries(manifest.inputs ?? {})) {
    if (input.default === undefined) continue
    const text = typeof input.default === 'string' ? input.default : JSON.stringify(input.default)
    if (!text.includes('${{')) defaults[name] = text
  }
  writeFileSync(join(root, 'dist', 'action-defaults.json'), `${JSON.stringify(defaults)}\n`)
}

export function readStamp(root = ROOT): string | undefined {
  const path = join(root, STAMP)
  return existsSync(path) ? readFileSync(path, 'utf8').trim() : undefined
}

export interface GuardResult {
  /** Whether dist/ was rebuilt. */
  rebuilt: boolean
  ms: number
}

/**
 * Makes sure dist/ was built from today's sources: rebuilds it (`npm run package`) when the stamp
 * differs, and fails with a clear message when even a rebuild leaves it stale.
 */
export function ensureFreshBundle(
  root = ROOT,
  build: () => void = () =>
    execFileSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: 'inherit' }),
  log: (line: string) => void = (line) => console.log(line)
): GuardResult {
  const started = Date.now()
  if (readStamp(root) === sourceHash(root)) return { rebuilt: false, ms: Date.now() - started }
  log(
    'dist/ was not built from the current src/: rebuilding it (npm run package) before the tests.'
  )
  build()
  if (readStamp(root) !== sourceHash(root)) {
    throw new Error(
      'dist/ is stale and a rebuild did not fix it: run `npm run package` and check its output; the e2e tests run dist/index.js, not src/.'
    )
  }
  const ms = Date.now() - started
  log(`dist/ rebuilt in ${(ms / 1000).toFixed(1)}s; commit it with the change to src/.`)
  return { rebuilt: true, ms }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv[2] !== 'write') {
    console.error('usage: tsx scripts/bundle-stamp.ts write')
    process.exit(2)
  }
  writeStamp()
  writeActionDefaults()
}
