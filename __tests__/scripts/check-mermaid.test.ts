// GitHub draws the job summary's timeline with Mermaid and shows an error instead of the chart when
// the diagram does not parse or is longer than Mermaid's maxTextSize (50,000 characters). These
// tests render real summaries, written by `node dist/index.js` against the emulator, in Debian's
// headless Chromium with the `mermaid` package, and prove the check fails on both kinds of error.
// Without Chromium they are skipped locally and fail under CI (.ci/run installs it).
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, type TestContext } from 'vitest'
import type { Browser } from 'puppeteer-core'
import {
  findChromium,
  MAX_TEXT_SIZE,
  mermaidBlocks,
  renderDiagrams,
  withBrowser
} from '../../scripts/lib/mermaid-browser.js'
import { withEmulator } from '../helpers/emulator.js'
import { REPO_ROOT, runAction, secretInputs } from '../helpers/run-action.js'

const browserTest = findChromium() || process.env.CI ? it : it.skip

/** Renders the summary's Mermaid blocks; expects at least one. */
async function render(summary: string, browser?: Browser) {
  const blocks = mermaidBlocks(summary)
  expect(blocks.length, summary).toBeGreaterThan(0)
  return browser ? renderDiagrams(browser, blocks) : withBrowser((b) => renderDiagrams(b, blocks))
}

/** A gantt shaped like the action's, with `rows` operations named like the demo's (~78 characters a row). */
function syntheticGantt(rows: number): string {
  const start = 1_795_564_201_399
  const lines = ['gantt', '  dateFormat x', '  axisFormat %H:%M', '  section deployment']
  for (let i = 0; i < rows; i++) {
    const name = `spoke-${String(i).padStart(3, '0')}-vnet/peer-to-hub`
    lines.push(`  ${name} (Succeeded) :done, ${start + i * 1000}, ${start + i * 1000 + 60_000}`)
  }
  return lines.join('\n')
}

describe('job summary Mermaid in a browser', () => {
  browserTest(
    'renders the demo deployment’s summary (hub and spokes, nested deployments)',
    async (ctx: TestContext) => {
      // The demo's template and scenario, 10x faster than the demo (95 emulated minutes in ~10 s).
      const e = await withEmulator(ctx, {
        timeScale: 600,
        tokenLifetime: '60m',
        scenario: join(REPO_ROOT, 'examples', 'hub-and-spoke', 'scenario.json')
      })
      e.arm.createResourceGroup(e.info.subscriptionId, 'rg-hub', 'westeurope')
      const run = await runAction({
        emulator: e,
        inputs: {
          ...secretInputs(e),
          'resource-group-name': 'rg-hub',
          'template-file': 'examples/hub-and-spoke/azuredeploy.json',
          'parameters-file': 'examples/hub-and-spoke/azuredeploy.parameters.json',
          parameters: JSON.stringify({ vpnSharedKey: 'render-Zq9!-key' }),
          'poll-interval': '1'
        }
      })
      expect(run.exitCode, run.stdout).toBe(0)
      const [timeline] = await render(run.summary)
      expect(timeline.error).toBeUndefined()
      // The chart has the hub's gateways and a section per nested spoke deployment.
      expect(timeline.svg).toContain('contoso-hub-vpngw')
      expect(timeline.svg).toContain('contoso-spoke-app')
    }
  )

  browserTest(
    'renders a failed deployment’s summary (failed rows marked crit)',
    async (ctx: TestContext) => {
      const e = await withEmulator(ctx, {
        timeScale: 60,
        tokenLifetime: '60m',
        scenario: {
          failures: [
            { resourceName: 'small-pip', code: 'PublicIPCountLimitReached', message: 'Too many.' }
          ]
        }
      })
      const run = await runAction({
        emulator: e,
        inputs: {
          ...secretInputs(e),
          location: 'westeurope',
          'template-file': '__tests__/fixtures/e2e/small.json',
          'poll-interval': '1'
        }
      })
      expect(run.exitCode, run.stdout).toBe(1)
      expect(run.summary).toContain('crit, ')
      const [timeline] = await render(run.summary)
      expect(timeline.error).toBeUndefined()
      expect(timeline.svg).toContain('small-pip')
    }
  )

  browserTest(
    'renders an 800-resource deployment’s summary, its timeline under maxTextSize',
    async (ctx: TestContext) => {
      // 800 resources, ARM's per-template maximum, named as a landing zone names them.
      const types = [
        'Microsoft.Network/networkSecurityGroups',
        'Microsoft.Network/routeTables',
        'Microsoft.Network/publicIPAddresses'
      ]
      const names = Array.from(
        { length: 800 },
        (_, i) =>
          `contoso-spoke-${String(i).padStart(3, '0')}-${types[i % 3].split('/')[1].toLowerCase()}`
      )
      const template = {
        $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
        contentVersion: '1.0.0.0',
        resources: names.map((name, i) => ({
          type: types[i % 3],
          apiVersion: '2024-05-01',
          name,
          location: '[resourceGroup().location]',
          properties: {}
        }))
      }
      const file = join(REPO_ROOT, '.tmp', 'check-mermaid', 'eight-hundred.json')
      mkdirSync(join(file, '..'), { recursive: true })
      writeFileSync(file, JSON.stringify(template))
      const byName = Object.fromEntries(names.map((n, i) => [n, `${1 + (i % 25)}m`]))
      const e = await withEmulator(ctx, {
        timeScale: 600,
        tokenLifetime: '60m',
        scenario: { durations: { byName } }
      })
      e.arm.createResourceGroup(e.info.subscriptionId, 'rg-800', 'westeurope')
      const run = await runAction({
        emulator: e,
        inputs: {
          ...secretInputs(e),
          'resource-group-name': 'rg-800',
          'template-file': file,
          'poll-interval': '1'
        }
      })
      expect(run.exitCode, run.stdout).toBe(0)
      const [timeline] = await render(run.summary)
      // The summary caps its gantt rows (the longest 40; the rest in a table below), so the
      // timeline renders; uncapped it was over Mermaid's limit (the synthetic test below).
      expect(timeline.chars).toBeLessThan(MAX_TEXT_SIZE)
      expect(timeline.error).toBeUndefined()
      expect(timeline.svg).toContain('contoso-spoke-')
      expect(run.summary).toContain('operations not in the chart</summary>')
    }
  )

  browserTest('fails on an error: an 800-row gantt over maxTextSize, a parse error', async () => {
    // 800 operations, ARM's per-deployment maximum, without a row cap: over Mermaid's limit. The
    // action's summary caps its gantt rows (issue 12, second round); this proves the check catches
    // a summary that does not.
    const big = syntheticGantt(800)
    expect(big.length).toBeGreaterThan(MAX_TEXT_SIZE)
    const small = syntheticGantt(20)
    const broken =
      'gantt\n  dateFormat x\n  section deployment\n  res-000 (Failed) :crit, soon, later'
    const summary = [big, small, broken].map((d) => '```mermaid\n' + d + '\n```\n').join('\n')
    const results = await render(summary)
    expect(results.map((r) => r.error)).toEqual([
      expect.stringContaining('Maximum text size in diagram exceeded'),
      undefined,
      expect.any(String)
    ])
  })
})

describe('npm run check:mermaid', () => {
  browserTest('exits 1 and names the file and diagram when one fails', () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-mermaid-'))
    try {
      const file = join(dir, 'summary.md')
      writeFileSync(
        file,
        '```mermaid\n' + syntheticGantt(3) + '\n```\n\n```mermaid\ngantt\n  nonsense here\n```\n'
      )
      const r = spawnSync(
        process.execPath,
        ['--import', 'tsx', join(REPO_ROOT, 'scripts', 'check-mermaid.ts'), file],
        { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 }
      )
      expect(r.stdout).toMatch(/^ok +\S*summary\.md diagram 1 /m)
      expect(r.stderr).toMatch(/^FAIL \S*summary\.md diagram 2 .*: Parse error/m)
      expect(r.status).toBe(1)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
