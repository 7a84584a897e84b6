// Scenario files: JSON (or YAML) describing durations, failures and faults.
import { readFileSync } from 'node:fs'
import { parse as parseYaml } from 'yaml'
import { validateFault } from './faults.js'
import type { Scenario } from './types.js'

export function loadScenario(source: Scenario | string | undefined): Scenario {
  if (source === undefined) return {}
  let scenario: unknown = source
  if (typeof source === 'string') {
    const text = readFileSync(source, 'utf8')
    try {
      scenario = /\.ya?ml$/i.test(source) ? parseYaml(text) : JSON.parse(text)
    } catch (error) {
      throw new Error(
        `scenario ${source}: not valid ${/\.ya?ml$/i.test(source) ? 'YAML' : 'JSON'}: ${(error as Error).message}`,
        { cause: error }
      )
    }
  }
  if (typeof scenario !== 'object' || scenario === null || Array.isArray(scenario)) {
    throw new Error('scenario: expected an object')
  }
  const { seed, faults } = scenario as Scenario
  if (seed !== undefined && !Number.isInteger(seed))
    throw new Error(`scenario.seed: expected an integer, got ${String(seed)}`)
  if (faults !== undefined && !Array.isArray(faults))
    throw new Error('scenario.faults: expected an array')
  faults?.forEach((fault, i) => {
    try {
      validateFault(fault)
    } catch (error) {
      throw new Error(`scenario.faults[${i}]: ${(error as Error).message}`, { cause: error })
    }
  })
  return scenario
}
