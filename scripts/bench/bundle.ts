// Bundle size: what every run of the action reads from disk and compiles before it does anything.
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { REPO_ROOT } from '../lib/action-runner.js'
import { mb, report, startSection } from './report.js'

const BICEP_DEPLOY_BUNDLE_BYTES = 1.27e6

export function bundleSize(): void {
  startSection('bundle', 'Bundle')
  const dist = join(REPO_ROOT, 'dist')
  const files = readdirSync(dist).filter((f) => /\.(c|m)?js$/.test(f))
  const total = files.reduce((sum, f) => sum + statSync(join(dist, f)).size, 0)
  report('dist/index.js', mb(statSync(join(dist, 'index.js')).size))
  report(
    `dist/*.js (${files.length} files)`,
    mb(total),
    `beside Azure/bicep-deploy's ${mb(BICEP_DEPLOY_BUNDLE_BYTES)}`
  )
}
