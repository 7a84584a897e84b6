// Renders job-summary Mermaid the way GitHub does: the `mermaid` package in a real browser (Debian's
// headless Chromium, driven by puppeteer-core), with Mermaid's default limits, so a diagram GitHub
// would show as an error fails here. The page is local: mermaid is injected from node_modules and
// every network request is refused.
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { existsSync } from 'node:fs'
import puppeteer, { type Browser, type Page } from 'puppeteer-core'

const require = createRequire(import.meta.url)

/** The bundle that defines `window.mermaid` (the package's IIFE build). */
export const MERMAID_SCRIPT = join(
  require.resolve('mermaid/package.json'),
  '..',
  'dist',
  'mermaid.min.js'
)

/** What Mermaid draws instead of a diagram longer than `maxTextSize` (it does not throw). */
const TOO_LONG = 'Maximum text size in diagram exceeded'

/** Mermaid's default `maxTextSize`, which GitHub keeps. */
export const MAX_TEXT_SIZE = 50_000

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
]

/** Every ```mermaid block of a markdown document, in order. */
export function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid[ \t]*\n([\s\S]*?)^```[ \t]*$/gm)].map((m) => m[1])
}

/** The Chromium to drive: $CHROMIUM_PATH, else `chromium` on PATH, else undefined. */
export function findChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH
  if (fromEnv) return fromEnv
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) {
      if (dir && existsSync(join(dir, name))) return join(dir, name)
    }
  }
  return undefined
}

/** Runs `fn` with a fresh headless Chromium (own profile dir), closed and removed afterwards. */
export async function withBrowser<T>(
  fn: (browser: Browser) => Promise<T>,
  executablePath = findChromium()
): Promise<T> {
  if (!executablePath)
    throw new Error('Chromium not found: apt-get install -y chromium, or set CHROMIUM_PATH')
  const userDataDir = mkdtempSync(join(tmpdir(), 'mermaid-chromium-'))
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    userDataDir,
    args: CHROMIUM_FLAGS
  })
  try {
    return await fn(browser)
  } finally {
    await browser.close()
    rmSync(userDataDir, { recursive: true, force: true })
  }
}

/** A page that may load nothing from the network, with `html` as its document. */
export async function offlinePage(browser: Browser, html: string): Promise<Page> {
  const page = await browser.newPage()
  await page.setRequestInterception(true)
  page.on('request', (request) => {
    const url = request.url()
    if (url.startsWith('data:') || url === 'about:blank') void request.continue()
    else void request.abort('blockedbyclient')
  })
  await page.setContent(html)
  await page.addScriptTag({ path: MERMAID_SCRIPT })
  return page
}

export interface RenderResult {
  /** Position of the block in the document (0-based). */
  index: number
  /** Characters of diagram text. */
  chars: number
  /** Mermaid's error, or undefined when the diagram rendered. */
  error?: string
  /** The rendered SVG (when it rendered). */
  svg?: string
}

interface MermaidApi {
  initialize(config: Record<string, unknown>): void
  parse(text: string): Promise<unknown>
  render(id: string, text: string): Promise<{ svg: string }>
}

/** Parses and renders each diagram with Mermaid's defaults; errors are returned, not thrown. */
export async function renderDiagrams(
  browser: Browser,
  diagrams: string[]
): Promise<RenderResult[]> {
  const page = await offlinePage(browser, '<!doctype html><html><body></body></html>')
  try {
    const results = await page.evaluate(
      async (texts: string[], tooLong: string) => {
        const mermaid = (globalThis as unknown as { mermaid: MermaidApi }).mermaid
        mermaid.initialize({ startOnLoad: false })
        const out: Array<{ index: number; chars: number; error?: string; svg?: string }> = []
        for (const [index, text] of texts.entries()) {
          try {
            await mermaid.parse(text)
            const { svg } = await mermaid.render(`diagram-${index}`, text)
            out.push(
              svg.includes(tooLong)
                ? { index, chars: text.length, error: `${tooLong} (maxTextSize)` }
                : { index, chars: text.length, svg }
            )
          } catch (e) {
            out.push({
              index,
              chars: text.length,
              error: e instanceof Error ? e.message : String(e)
            })
          }
        }
        return out
      },
      diagrams,
      TOO_LONG
    )
    return results
  } finally {
    await page.close()
  }
}
