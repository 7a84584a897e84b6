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
  compress: true,
  mangle: true,
  keep_classnames: true,
  keep_fnames: true,
  // Licence texts go to dist/licenses.txt (ncc --license), so no comment is kept.
  format: { comments: false }
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
