// Stacks load on demand: dist/index.js (what every run parses first) holds none of the stacks
// code or SDK; ncc put them in chunks that only a stack run imports.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../../scripts/lib/action-runner.js'

const dist = join(REPO_ROOT, 'dist')
const read = (file: string) => readFileSync(join(dist, file), 'utf8')

describe('the bundle', () => {
  it("keeps the stacks SDK and the stack flow out of the entry's chunk", () => {
    const entry = read('index.js')
    expect(entry).not.toContain('deploymentStacks')
    expect(entry).not.toContain('Deployment stack ')
    const chunks = readdirSync(dist).filter((f) => /^\d+\.index\.js$/.test(f))
    expect(
      chunks.some((f) => read(f).includes('/providers/Microsoft.Resources/deploymentStacks/'))
    ).toBe(true)
    expect(chunks.some((f) => read(f).includes('Deployment stack '))).toBe(true)
  })
})
