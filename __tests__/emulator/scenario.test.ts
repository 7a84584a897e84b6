import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadScenario } from '../../emulator/src/scenario.js'

const file = (name: string, text: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'scenario-')), name)
  writeFileSync(path, text)
  return path
}

describe('loadScenario', () => {
  it('reads JSON and YAML files', () => {
    const scenario = { seed: 3, faults: [{ kind: 'arm-down', from: '10m', for: '1m' }] }
    expect(loadScenario(file('s.json', JSON.stringify(scenario)))).toEqual(scenario)
    expect(
      loadScenario(
        file('s.yaml', 'seed: 3\nfaults:\n  - kind: arm-down\n    from: 10m\n    for: 1m\n')
      )
    ).toEqual(scenario)
  })

  it('names the bad fault and field', () => {
    expect(() =>
      loadScenario({ faults: [{ kind: 'reset', count: 1 }, { kind: 'latency' } as never] })
    ).toThrow('scenario.faults[1]: fault.ms: required for latency')
    expect(() => loadScenario({ faults: [{ kind: 'arm-down', for: 'a while' }] })).toThrow(
      "scenario.faults[0]: fault.for: expected a duration like 90s, 45m or 1h30m, got 'a while'"
    )
    expect(() => loadScenario({ faults: [{ kind: 'flood' } as never] })).toThrow(
      /scenario\.faults\[0\]: fault\.kind: expected one of throttle, /
    )
  })

  it('says which file is not valid JSON', () => {
    const path = file('bad.json', '{ seed: ')
    expect(() => loadScenario(path)).toThrow(`scenario ${path}: not valid JSON`)
  })
})
