// Renders a job summary (markdown) as GitHub shows it, to a PNG: GitHub-flavoured markdown by
// `marked`, GitHub's markdown CSS (`github-markdown-css`), Mermaid diagrams drawn by `mermaid`, all
// in headless Chromium with no network. It makes the README's picture from the demo's real summary:
//   npm run demo && npx tsx scripts/render-summary-png.ts .tmp/demo/job-summary.md docs/images/summary.png
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { marked, type Tokens } from 'marked'
import { offlinePage, withBrowser } from './lib/mermaid-browser.js'

const require = createRequire(import.meta.url)
const CSS = readFileSync(require.resolve('github-markdown-css/github-markdown-light.css'), 'utf8')

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** The summary as an HTML page, Mermaid blocks left as `<pre class="mermaid">` to draw. */
export function summaryHtml(markdown: string, width = 1012): string {
  const renderer = new marked.Renderer()
  const code = renderer.code.bind(renderer)
  renderer.code = (token: Tokens.Code) =>
    token.lang === 'mermaid' ? `<pre class="mermaid">${escape(token.text)}</pre>` : code(token)
  const body = marked.parse(markdown, { gfm: true, async: false, renderer })
  return `<!doctype html><html><head><meta charset="utf-8"><style>${CSS}
body { margin: 0; background: #fff; }
.markdown-body { box-sizing: border-box; width: ${width}px; padding: 24px 32px; }
pre.mermaid { background: none; }
</style></head><body><article class="markdown-body">${body}</article></body></html>`
}

/** Renders `markdown` to a PNG of the whole summary; throws on a Mermaid error. */
export async function renderSummaryPng(markdown: string): Promise<Uint8Array> {
  return withBrowser(async (browser) => {
    const page = await offlinePage(browser, summaryHtml(markdown))
    await page.setViewport({ width: 1012, height: 800, deviceScaleFactor: 1 })
    // Mermaid rejects with a plain object, which would reach Node as "Object": return its message.
    const error = await page.evaluate(async () => {
      const mermaid = (
        globalThis as unknown as {
          mermaid: {
            initialize(c: Record<string, unknown>): void
            run(o: { querySelector: string }): Promise<void>
          }
        }
      ).mermaid
      mermaid.initialize({ startOnLoad: false, theme: 'default' })
      try {
        await mermaid.run({ querySelector: 'pre.mermaid' })
        return undefined
      } catch (e) {
        return e instanceof Error ? e.message : String((e as { message?: unknown }).message ?? e)
      }
    })
    if (error !== undefined) throw new Error(`Mermaid could not draw the timeline: ${error}`)
    const article = await page.$('article')
    if (!article) throw new Error('no summary rendered')
    return article.screenshot({ type: 'png' })
  })
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [input, output] = process.argv.slice(2)
  if (!input || !output) {
    console.error('usage: npx tsx scripts/render-summary-png.ts <summary.md> <out.png>')
    process.exit(2)
  }
  writeFileSync(output, await renderSummaryPng(readFileSync(input, 'utf8')))
  console.log(`wrote ${output}`)
}
