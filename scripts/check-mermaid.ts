// Renders every ```mermaid block of job-summary markdown files in headless Chromium with the
// `mermaid` package (scripts/lib/mermaid-browser.ts) and fails on any Mermaid error: a parse error,
// or a diagram over Mermaid's 50,000-character maxTextSize, which GitHub shows as an error instead
// of a chart. `npm run demo` writes its summary to .tmp/demo/job-summary.md:
//   npm run check:mermaid -- .tmp/demo/job-summary.md [more.md …]
import { readFileSync } from 'node:fs'
import { relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import {
  mermaidBlocks,
  renderDiagrams,
  withBrowser,
  type RenderResult
} from './lib/mermaid-browser.js'

export interface FileReport {
  file: string
  results: RenderResult[]
}

/** Renders the Mermaid blocks of each markdown file in one browser. */
export async function checkMermaidFiles(files: string[]): Promise<FileReport[]> {
  return withBrowser(async (browser) => {
    const reports: FileReport[] = []
    for (const file of files) {
      const results = await renderDiagrams(browser, mermaidBlocks(readFileSync(file, 'utf8')))
      reports.push({ file, results })
    }
    return reports
  })
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const files = process.argv.slice(2)
  if (files.length === 0) {
    console.error('usage: npm run check:mermaid -- <summary.md> [more.md …]')
    process.exit(2)
  }
  let failed = 0
  for (const { file, results } of await checkMermaidFiles(files)) {
    const name = relative(process.cwd(), file)
    if (results.length === 0) console.log(`--   ${name}: no mermaid blocks`)
    for (const r of results) {
      const where = `${name} diagram ${r.index + 1} (${r.chars} chars)`
      if (r.error === undefined) console.log(`ok   ${where}`)
      else {
        failed++
        console.error(`FAIL ${where}: ${r.error}`)
      }
    }
  }
  process.exitCode = failed > 0 ? 1 : 0
}
