// Issue 12: the job summary of an 800-resource run (ARM's maximum per deployment), written by
// `node dist/index.js` against the emulator, keeps its timeline under Mermaid's maxTextSize and
// renders in headless Chromium with the `mermaid` package, failed rows charted and marked. (The
// demo's and a small failure's summaries are rendered by __tests__/scripts/check-mermaid.test.ts.)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  findChromium,
  MAX_TEXT_SIZE,
  mermaidBlocks,
  renderDiagrams,
  withBrowser
} from '../../scripts/lib/mermaid-browser.js'
import { MAX_GANTT_ROWS } from '../../src/report/timeline.js'
import { useEmulator } from '../helpers/emulator.js'
import { runAction, secretInputs } from '../helpers/run-action.js'

const browserTest = findChromium() || process.env.CI ? it : it.skip
const COUNT = 800
const GROUP = 'rg-eight-hundred'
const FAILING = ['big-013', 'big-400', 'big-777']
const name = (i: number) => `big-${String(i).padStart(3, '0')}`

const dir = mkdtempSync(join(tmpdir(), 'summary-render-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function template(): string {
  const types = [
    'Microsoft.Network/publicIPAddresses',
    'Microsoft.Network/networkSecurityGroups',
    'Microsoft.Network/routeTables'
  ]
  const file = join(dir, 'eight-hundred.json')
  writeFileSync(
    file,
    JSON.stringify({
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      resources: Array.from({ length: COUNT }, (_, i) => ({
        type: types[i % types.length],
        apiVersion: '2024-05-01',
        name: name(i),
        location: '[resourceGroup().location]',
        properties: {}
      }))
    })
  )
  return file
}

const emulator = useEmulator({
  timeScale: 600,
  tokenLifetime: '60m',
  scenario: {
    durations: {
      byName: Object.fromEntries(
        Array.from({ length: COUNT }, (_, i) => [name(i), `${1 + (i % 25)}m`])
      )
    },
    failures: FAILING.map((resourceName) => ({
      resourceName,
      code: 'QuotaExceeded',
      message: `No quota left for ${resourceName}.`
    }))
  }
})

describe('the summary of an 800-resource run', () => {
  browserTest(
    'stays under Mermaid’s limit, charts every failure and renders in a browser',
    async () => {
      const e = emulator()
      e.arm.createResourceGroup(e.info.subscriptionId, GROUP, 'westeurope')
      const run = await runAction({
        emulator: e,
        inputs: {
          ...secretInputs(e),
          'resource-group-name': GROUP,
          'template-file': template(),
          'poll-interval': '1'
        }
      })
      expect(run.exitCode, run.stdout).toBe(1)
      const summary = run.summary
      if (process.env.DUMP) writeFileSync(process.env.DUMP, summary)
      // Header first, then errors (failed operations marked), outputs, resources, timeline.
      const order = [
        '| Verdict | ❌ Failed |',
        '### Errors',
        '### Outputs',
        '### Resources',
        '### Timeline'
      ]
      const at = order.map((s) => summary.indexOf(s))
      expect(
        at.every((i) => i >= 0),
        summary.slice(0, 2000)
      ).toBe(true)
      expect([...at].sort((a, b) => a - b)).toEqual(at)
      expect(summary).toContain(
        `| Scope | resource group ${GROUP} in subscription ${e.info.subscriptionId} |`
      )
      expect(summary).toMatch(/\| Correlation id \| `[0-9a-f-]{36}` \|/)
      for (const failed of FAILING) expect(summary).toContain(`| ❌ Failed | ${failed} |`)

      const [gantt, ...others] = mermaidBlocks(summary)
      expect(others).toEqual([])
      expect(gantt.length).toBeLessThan(MAX_TEXT_SIZE)
      const rows = gantt.split('\n').filter((l) => /:(done|crit|active), \d+, \d+$/.test(l))
      expect(rows).toHaveLength(MAX_GANTT_ROWS)
      for (const failed of FAILING)
        expect(gantt).toMatch(new RegExp(`  ${failed} \\(Failed\\) :crit, `))
      // The top-level section is named after the deployment, not "deployment".
      expect(gantt).toContain(`section ${run.outputs['deployment-name']}`)
      // The rest are listed in a collapsed table.
      expect(summary).toContain(
        `<details><summary>${COUNT - MAX_GANTT_ROWS} operations not in the chart</summary>`
      )

      const [result] = await withBrowser((b) => renderDiagrams(b, [gantt]))
      expect(result.error).toBeUndefined()
      expect(result.svg).toContain('big-400')
    }
  )
})
