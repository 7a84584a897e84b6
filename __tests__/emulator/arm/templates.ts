// Loads the small test templates in __tests__/fixtures/templates.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export function fixtureTemplate(name: string): Record<string, unknown> {
  const file = fileURLToPath(new URL(`../../fixtures/templates/${name}.json`, import.meta.url))
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
}
