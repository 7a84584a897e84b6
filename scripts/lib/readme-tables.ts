// The README's inputs and outputs tables, generated from action.yml so the two cannot drift.
// Print them with: npx tsx scripts/lib/readme-tables.ts
import { readFileSync } from 'node:fs'
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

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const action = readActionYml()
  process.stdout.write(
    `## Inputs\n\n${inputsTable(action)}\n\n## Outputs\n\n${outputsTable(action)}\n`
  )
}
