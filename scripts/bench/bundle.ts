// Bundle size: what every run of the action reads from disk and compiles before it does anything.
// dist/index.js is the path every run loads; ncc turns each dynamic import() into a chunk of its
// own (dist/<id>.index.js), read only when that import runs.
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { REPO_ROOT } from '../lib/action-runner.js'
import { mb, report, startSection } from './report.js'

const BICEP_DEPLOY_BUNDLE_BYTES = 1.27e6
const ENTRY_TARGET_BYTES = 1.0e6

export function bundleSize(): void {
  startSection('bundle', 'Bundle')
  const dist = join(REPO_ROOT, 'dist')
  const files = readdirSync(dist).filter((f) => /\.(c|m)?js$/.test(f))
  const size = (f: string) => statSync(join(dist, f)).size
  const total = files.reduce((sum, f) => sum + size(f), 0)
  const entry = size('index.js')
  report(
    `dist/*.js (${files.length} files)`,
    mb(total),
    `<= ${mb(BICEP_DEPLOY_BUNDLE_BYTES)}, Azure/bicep-deploy's`
  )
  report('dist/index.js, the path every run loads', mb(entry), `<= ${mb(ENTRY_TARGET_BYTES)}`)
  report(`chunks loaded on demand (${files.length - 1})`, mb(total - entry))
}
