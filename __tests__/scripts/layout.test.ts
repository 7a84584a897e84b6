// The layout issue's two numbers, held: a handful of files at the root of src/, and no module in
// src/ or emulator/src/ past 300 lines (the point where a file starts doing two things).
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../../scripts/lib/action-runner.js'

const MAX_LINES = 300
const MAX_ROOT_FILES = 6

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return tsFiles(path)
    return name.endsWith('.ts') ? [path] : []
  })
}

describe('layout', () => {
  it(`keeps at most ${MAX_ROOT_FILES} .ts files at the root of src/`, () => {
    const root = readdirSync(join(REPO_ROOT, 'src')).filter((n) => n.endsWith('.ts'))
    expect(root.length, root.join(', ')).toBeLessThanOrEqual(MAX_ROOT_FILES)
  })

  it(`keeps every module in src/ and emulator/src/ at ${MAX_LINES} lines or fewer`, () => {
    const long = ['src', 'emulator/src']
      .flatMap((d) => tsFiles(join(REPO_ROOT, d)))
      .map((f) => [relative(REPO_ROOT, f), readFileSync(f, 'utf8').split('\n').length - 1] as const)
      .filter(([, lines]) => lines > MAX_LINES)
      .map(([f, lines]) => `${f}: ${lines}`)
    expect(long).toEqual([])
  })
})
