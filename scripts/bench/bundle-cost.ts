// npm run bundle:cost: what each package and each folder of src/ costs in the minified bundle,
// as a markdown table for docs/performance.md. ncc's own stats give sizes before minification
// (and lump concatenated modules together), so the bytes come from a source map instead, read by
// source-map-explorer. dist/ ships without a map (see docs/performance.md), so this builds a
// mapped twin with the package script's own build (scripts/package.ts) under .tmp/ and checks it
// matches dist/.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { explore } from 'source-map-explorer'
import { REPO_ROOT } from '../lib/action-runner.js'
import { buildBundle } from '../package.js'

const TWIN = join(REPO_ROOT, '.tmp', 'bundle-cost')

export interface BundlePart {
  /** An npm package, a folder of src/, or the bundler's runtime. */
  part: string
  bytes: number
  /** The chunk file it sits in: index.js loads on every run, the others only on demand. */
  chunk: string
}

/** `node_modules/@azure/identity/…` → `@azure/identity` (the innermost package of a nested copy); `src/auth/x.ts` → `src/auth/`. */
export function partOf(source: string): string {
  const pkg = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source)
  if (pkg) return pkg[1]
  const own = /(?:^|\/)src\/(?:(.+)\/)?[^/]+$/.exec(source)
  if (own) return own[1] ? `src/${own[1].split('/')[0]}/` : 'src/ (root files)'
  return 'bundler runtime, externals, unmapped'
}

const withoutMapComment = (code: string) => code.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '')

/** Sizes per part and chunk; `stale` names the chunks that differ from dist/. */
export async function bundleCost(): Promise<{ parts: BundlePart[]; stale: string[] }> {
  await buildBundle(TWIN, { sourceMap: true })
  const chunks = readdirSync(TWIN).filter((f) => f.endsWith('.js'))
  const parts = new Map<string, BundlePart>()
  const stale: string[] = []
  for (const chunk of chunks) {
    const twin = withoutMapComment(readFileSync(join(TWIN, chunk), 'utf8'))
    let shipped = ''
    try {
      shipped = readFileSync(join(REPO_ROOT, 'dist', chunk), 'utf8')
    } catch {
      // a chunk dist/ does not have: stale
    }
    if (twin !== shipped) stale.push(chunk)
    const result = await explore(join(TWIN, chunk), { noBorderChecks: true })
    for (const bundle of result.bundles) {
      for (const [source, { size }] of Object.entries(bundle.files)) {
        if (source === '[sourceMappingURL]') continue
        const part = partOf(source)
        const key = `${chunk} ${part}`
        const entry = parts.get(key) ?? { part, bytes: 0, chunk }
        entry.bytes += size
        parts.set(key, entry)
      }
    }
  }
  return { parts: [...parts.values()].sort((a, b) => b.bytes - a.bytes), stale }
}

/** The markdown table: parts over 1 kB one per row, the rest summed. */
export function costTable(parts: BundlePart[]): string {
  const total = parts.reduce((sum, p) => sum + p.bytes, 0)
  const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`
  const big = parts.filter((p) => p.bytes >= 1000)
  const small = parts.filter((p) => p.bytes < 1000)
  const rows = big.map(
    (p) =>
      `| ${p.part} | ${p.chunk === 'index.js' ? 'every run' : `on demand (${p.chunk})`} | ${kb(p.bytes)} | ${((100 * p.bytes) / total).toFixed(1)} % |`
  )
  if (small.length > 0) {
    const bytes = small.reduce((sum, p) => sum + p.bytes, 0)
    rows.push(
      `| ${small.length} parts under 1 kB each | | ${kb(bytes)} | ${((100 * bytes) / total).toFixed(1)} % |`
    )
  }
  rows.push(`| **all** | | **${kb(total)}** | 100 % |`)
  return ['| Part | Loaded | Minified | Share |', '| --- | --- | --- | --- |', ...rows].join('\n')
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { parts, stale } = await bundleCost()
  process.stdout.write(`${costTable(parts)}\n`)
  if (stale.length > 0)
    process.stdout.write(
      `\nNote: dist/${stale.join(', dist/')} differ from a fresh build: run \`npm run package\`.\n`
    )
}
