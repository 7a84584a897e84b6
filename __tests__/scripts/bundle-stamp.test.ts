// The stale-bundle guard: after a change to the sources the tests never run the old bundle.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ensureFreshBundle, readStamp, sourceHash, writeStamp } from '../../scripts/bundle-stamp.js'

const roots: string[] = []
afterEach(() => roots.splice(0).forEach((r) => rmSync(r, { recursive: true, force: true })))

/** A package whose "bundle" is its one source file copied to dist/ (what ncc does, minus the work). */
function project(source: string): { root: string; build: () => void; builds: () => number } {
  const root = mkdtempSync(join(tmpdir(), 'bundle-stamp-'))
  roots.push(root)
  mkdirSync(join(root, 'src'))
  writeFileSync(join(root, 'package.json'), '{"version":"1.0.0"}')
  writeFileSync(join(root, 'src', 'index.ts'), source)
  let count = 0
  const build = (): void => {
    count++
    mkdirSync(join(root, 'dist'), { recursive: true })
    writeFileSync(join(root, 'dist', 'index.js'), readFileSync(join(root, 'src', 'index.ts')))
    writeStamp(root)
  }
  build()
  return { root, build, builds: () => count - 1 }
}

const bundle = (root: string): string => readFileSync(join(root, 'dist', 'index.js'), 'utf8')
const quiet = (): void => undefined

describe('stale-bundle guard', () => {
  it('leaves a bundle built from the current sources alone', () => {
    const p = project('console.log("v1")')
    expect(ensureFreshBundle(p.root, p.build, quiet).rebuilt).toBe(false)
    expect(p.builds()).toBe(0)
  })

  it('rebuilds after a source change, so the tests run the new bundle, not the old one', () => {
    const p = project('console.log("v1")')
    writeFileSync(join(p.root, 'src', 'index.ts'), 'console.log("v2")')
    expect(bundle(p.root)).toContain('v1')
    const lines: string[] = []
    expect(ensureFreshBundle(p.root, p.build, (l) => lines.push(l)).rebuilt).toBe(true)
    expect(p.builds()).toBe(1)
    expect(bundle(p.root)).toContain('v2')
    expect(lines[0]).toBe(
      'dist/ was not built from the current src/: rebuilding it (npm run package) before the tests.'
    )
  })

  it('a new source file or a dependency change counts as a change too', () => {
    const p = project('export {}')
    const before = sourceHash(p.root)
    writeFileSync(join(p.root, 'src', 'extra.ts'), 'export const x = 1')
    expect(sourceHash(p.root)).not.toBe(before)
    const withFile = sourceHash(p.root)
    writeFileSync(join(p.root, 'package-lock.json'), '{}')
    expect(sourceHash(p.root)).not.toBe(withFile)
  })

  it('refuses, naming the fix, when a rebuild leaves dist/ stale', () => {
    const p = project('console.log("v1")')
    writeFileSync(join(p.root, 'src', 'index.ts'), 'console.log("v2")')
    expect(() => ensureFreshBundle(p.root, () => undefined, quiet)).toThrow(
      'dist/ is stale and a rebuild did not fix it: run `npm run package` and check its output; the e2e tests run dist/index.js, not src/.'
    )
  })

  it('the committed dist/ carries the stamp of the sources it was built from', () => {
    expect(readStamp()).toBe(sourceHash())
  })
})
