// The README's inputs and outputs tables, generated from action.yml so the two cannot drift.
// Print them with: npx tsx scripts/lib/readme-tables.ts
// Rewrite them in README.md with: npx tsx scripts/lib/readme-tables.ts --write && npx prettier --write README.md
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parse } from 'yaml'
import { REPO_ROOT } from './action-runner.js'

interface ActionYml {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>
  outputs: Record<string, { description: string }>
}

export function readActionYml(path = join(REPO_ROOT, 'action.yml')): ActionYml {
  return parse(readFileSync(path, 'utf8')) as ActionYml
}

const cell = (text: string) => text.replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|')
const code = (text: string) => (text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``)

export function inputsTable(action: ActionYml): string {
  const rows = Object.entries(action.inputs).map(
    ([name, i]) =>
      `| ${code(name)} | ${i.default === undefined ? '' : code(String(i.default))} | ${cell(i.description)} |`
  )
  return ['| Input | Default | Description |', '| --- | --- | --- |', ...rows].join('\n')
}

export function outputsTable(action: ActionYml): string {
  const rows = Object.entries(action.outputs).map(
    ([name, o]) => `| ${code(name)} | ${cell(o.description)} |`
  )
  return ['| Output | Description |', '| --- | --- |', ...rows].join('\n')
}

/** Cells of a markdown table row, trimmed (Prettier may pad them; the content is what counts). */
export function rowCells(row: string): string[] {
  return row
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim())
}

/** Rows (without the separator) of the first table after the line `heading`, or undefined. */
export function tableAfter(markdown: string, heading: string): string[][] | undefined {
  const lines = markdown.split('\n')
  const start = lines.findIndex((l) => l.trim() === heading)
  if (start < 0) return undefined
  const first = lines.findIndex((l, i) => i > start && l.startsWith('|'))
  if (first < 0) return undefined
  let end = first
  while (end < lines.length && lines[end].startsWith('|')) end++
  return lines
    .slice(first, end)
    .filter((l) => !/^\|[\s:|-]+\|$/.test(l.trim()))
    .map(rowCells)
}

/** `markdown` with the first table after `heading` replaced by `table` (unchanged if none). */
export function replaceTableAfter(markdown: string, heading: string, table: string): string {
  const lines = markdown.split('\n')
  const start = lines.findIndex((l) => l.trim() === heading)
  if (start < 0) return markdown
  const first = lines.findIndex((l, i) => i > start && l.startsWith('|'))
  if (first < 0) return markdown
  let end = first
  while (end < lines.length && lines[end].startsWith('|')) end++
  return [...lines.slice(0, first), table, ...lines.slice(end)].join('\n')
}

/** The README with both tables regenerated from action.yml. */
export function withTables(readme: string, action: ActionYml): string {
  const inputs = replaceTableAfter(readme, '## Inputs', inputsTable(action))
  return replaceTableAfter(inputs, '## Outputs', outputsTable(action))
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const action = readActionYml()
  if (process.argv.includes('--write')) {
    const path = join(REPO_ROOT, 'README.md')
    writeFileSync(path, withTables(readFileSync(path, 'utf8'), action))
  } else
    process.stdout.write(
      `## Inputs\n\n${inputsTable(action)}\n\n## Outputs\n\n${outputsTable(action)}\n`
    )
}
