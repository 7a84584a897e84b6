// `npm run package`: builds dist/ from src/. ncc bundles (each dynamic import() becomes a chunk of
// its own), then terser minifies every .js file: ncc's `--minify` minifies only the entry, so the
// on-demand chunks shipped at full size. Names of classes and functions are kept: errors are
// matched by name (RestError, AbortError) and reported by the action as they are. Then the stale-
// bundle stamp and action.yml's defaults are written (bundle-stamp.ts).
//
//   tsx scripts/package.ts                  dist/, as committed
//   buildBundle(dir, { sourceMap: true })   a mapped twin (bundle-cost.ts)
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { minify, type MinifyOptions } from 'terser'
import { writeActionDefaults, writeStamp } from './bundle-stamp.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

const TERSER: MinifyOptions = {
  module: true,
  compress: {
    // Node's FormData global loads its whole fetch stack on first touch (about 17 MB of memory and
    // 50 ms). The Azure SDK's pipeline touches it on every request, only to ask whether the body
    // is a FormData, and the action never sends one: the check becomes a constant false.
    global_defs: { FormData: undefined }
  },
  mangle: true,
  keep_classnames: true,
  keep_fnames: true,
  // Licence texts go to dist/licenses.txt (ncc --license), so no comment is kept.
  // ASCII only: V8 keeps the source as a one-byte string instead of decoding it to two bytes.
  format: { comments: false, ascii_only: true }
}

/** The only use of FormData global_defs may fold: `typeof FormData !== "undefined" && x instanceof FormData`. */
const GUARDED_FORM_DATA = /typeof FormData !== "undefined" && [\w.]+ instanceof FormData/g

/**
 * Refuses a chunk that uses FormData other than behind its `typeof` guard: with global_defs it
 * would become `void 0`, so `new FormData()` or an unguarded `instanceof` would throw at run time
 * instead of at build time. Comment lines are skipped (ncc keeps the packages' comments).
 */
export function checkFormDataUses(file: string, code: string): void {
  code.split('\n').forEach((line, i) => {
    if (/^\s*(\*|\/\/|\/\*)/.test(line)) return
    const rest = line.replace(GUARDED_FORM_DATA, '')
    if (/(?<![\w$.'"`])FormData(?![\w$])/.test(rest))
      throw new Error(
        `${file}:${i + 1} uses FormData outside a typeof guard; scripts/package.ts folds FormData to undefined (terser global_defs), so this would fail at run time: ${line.trim().slice(0, 160)}`
      )
  })
}

/** Bundles src/index.ts into `out` and minifies every chunk; with `sourceMap`, writes `<chunk>.map`. */
export async function buildBundle(out: string, o: { sourceMap?: boolean } = {}): Promise<void> {
  rmSync(out, { recursive: true, force: true })
  const ncc = join(ROOT, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')
  const flags = ['--license', 'licenses.txt', '-q']
  if (o.sourceMap) flags.push('--source-map', '--no-source-map-register')
  execFileSync(process.execPath, [ncc, 'build', 'src/index.ts', '-o', out, ...flags], {
    cwd: ROOT,
    stdio: 'inherit'
  })
  for (const file of readdirSync(out).filter((f) => f.endsWith('.js'))) {
    const path = join(out, file)
    const code = readFileSync(path, 'utf8').replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '')
    checkFormDataUses(file, code)
    const result = await minify(
      { [file]: code },
      o.sourceMap
        ? {
            ...TERSER,
            sourceMap: { content: readFileSync(`${path}.map`, 'utf8'), url: `${file}.map` }
          }
        : TERSER
    )
    writeFileSync(path, result.code ?? '')
    if (o.sourceMap && typeof result.map === 'string') writeFileSync(`${path}.map`, result.map)
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildBundle(join(ROOT, 'dist'))
  writeStamp()
  writeActionDefaults()
}
