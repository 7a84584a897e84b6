// The README's picture comes from this renderer: it must draw a summary, tables and timeline, as a
// PNG, and refuse one whose Mermaid GitHub could not draw either. Skipped without Chromium locally;
// under CI (which installs it) it runs.
import { describe, expect, it } from 'vitest'
import { findChromium } from '../../scripts/lib/mermaid-browser.js'
import { renderSummaryPng, summaryHtml } from '../../scripts/render-summary-png.js'

const browserTest = findChromium() || process.env.CI ? it : it.skip

const summary = (gantt: string) => `## ✅ Deployment hub: Succeeded

| Type | Name | State |
| --- | --- | --- |
| Microsoft.Network/virtualNetworks | contoso-hub-vnet | Succeeded |

\`\`\`mermaid
${gantt}
\`\`\`
`
const GANTT = `gantt
  dateFormat x
  axisFormat %H:%M
  section hub
  contoso-hub-vnet (Succeeded) :done, 1795564201399, 1795564262401`

describe('render-summary-png', () => {
  it('turns markdown into GitHub-styled HTML, Mermaid left for the browser to draw', () => {
    const html = summaryHtml(summary(GANTT))
    expect(html).toContain('<table>')
    expect(html).toContain('<pre class="mermaid">gantt')
    expect(html).toContain('.markdown-body')
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)=/)
  })

  browserTest('draws the summary as a PNG', async () => {
    const png = Buffer.from(await renderSummaryPng(summary(GANTT)))
    expect(png.subarray(1, 4).toString()).toBe('PNG')
    // Width as laid out (1012 px); height includes the drawn timeline, not just the table.
    expect(png.readUInt32BE(16)).toBe(1012)
    expect(png.readUInt32BE(20)).toBeGreaterThan(250)
  })

  browserTest('refuses a summary whose Mermaid does not parse', async () => {
    await expect(renderSummaryPng(summary('gantt\n  nonsense here'))).rejects.toThrow(/Parse error/)
  })
})
