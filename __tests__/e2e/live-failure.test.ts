// Issue 12: in a long deployment a resource that fails early must not stay hidden until the
// verdict. The firewall fails at minute 5 of a 40-minute run, in the same poll as ten public IPs
// finishing (a poll busy enough that its changes fold into a group): its line and one warning come
// out at once, outside any group, before the next heartbeat, which counts it as failed, not done.
import { describe, expect, it } from 'vitest'
import { useEmulator } from '../helpers/emulator.js'
import { runAction, secretInputs } from '../helpers/run-action.js'

const GROUP = 'rg-late-failure'

const emulator = useEmulator({
  timeScale: 120,
  tokenLifetime: '60m',
  scenario: {
    durations: {
      byName: {
        'late-vnet': '40m',
        ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`late-pip-${i}`, '5m']))
      }
    },
    failures: [
      {
        resourceName: 'late-fw',
        after: '5m',
        code: 'AzureFirewallSubnetMissing',
        message: 'The virtual network has no subnet named AzureFirewallSubnet.'
      }
    ]
  }
})

/** Where each line sits: inside a ::group:: or not. */
function logLines(stdout: string): Array<{ text: string; grouped: boolean }> {
  let grouped = false
  const lines: Array<{ text: string; grouped: boolean }> = []
  for (const text of stdout.split('\n')) {
    if (text.startsWith('::group::')) grouped = true
    else if (text.startsWith('::endgroup::')) grouped = false
    else lines.push({ text, grouped })
  }
  return lines
}

describe('a resource failing at minute 5 of a long deployment', () => {
  it('is printed at once, outside any group, with one warning, before the next heartbeat', async () => {
    const e = emulator()
    e.arm.createResourceGroup(e.info.subscriptionId, GROUP, 'westeurope')
    const run = await runAction({
      emulator: e,
      inputs: {
        ...secretInputs(e),
        'resource-group-name': GROUP,
        'template-file': '__tests__/fixtures/e2e/late-failure.json',
        'poll-interval': '1'
      }
    })
    expect(run.exitCode, run.stdout).toBe(1)
    const lines = logLines(run.stdout)
    const index = (re: RegExp) => lines.findIndex((l) => re.test(l.text))

    const failure = index(
      /^✗ Microsoft\.Network\/azureFirewalls late-fw Failed after \S+: AzureFirewallSubnetMissing/
    )
    expect(failure, run.stdout).toBeGreaterThanOrEqual(0)
    expect(lines[failure]?.grouped).toBe(false)
    // One warning for the run, raised with the first failure.
    expect(run.warnings.filter((w) => w.includes('will end Failed'))).toHaveLength(1)
    const warning = index(/^::warning title=A resource failed::late-fw .*will end Failed/)
    expect(warning).toBe(failure + 1)
    // The next heartbeat comes after them, and counts the firewall as failed, not done.
    const heartbeats = lines
      .map((l, i) => ({ ...l, i }))
      .filter((l) => /^running \S+: \d+\/\d+ resources done/.test(l.text))
    const next = heartbeats.find((h) => h.i > failure)
    expect(next, run.stdout).toBeDefined()
    expect(heartbeats.every((h) => h.i > failure)).toBe(true)
    // 12 resources in the template: the denominator from the start, not those seen so far.
    expect(next?.text).toMatch(/: 10\/12 resources done, 1 failed, 1 running: late-vnet/)
    // The verdict line comes after the last operation's change.
    const vnetDone = index(/^✓ Microsoft\.Network\/virtualNetworks late-vnet Succeeded/)
    expect(vnetDone).toBeGreaterThan(failure)
    expect(index(/^Deployment is Failed/)).toBeGreaterThan(vnetDone)
    // The ids are outside the collapsed start group.
    const id = lines.find((l) => l.text.startsWith('  id: /subscriptions/'))
    expect(id?.grouped).toBe(false)
    expect(lines.find((l) => l.text.startsWith('  portal: '))?.grouped).toBe(false)
    expect(lines.find((l) => l.text.startsWith('  correlation id: '))?.grouped).toBe(false)
  })
})
