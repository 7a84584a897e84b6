// The summary's timeline: a Mermaid gantt of the operations. GitHub shows an error instead of the
// chart when a diagram is longer than Mermaid's maxTextSize (50,000 characters), which an
// uncapped gantt passes at about 500 operations; so the chart holds at most MAX_GANTT_ROWS rows,
// every failed operation and then the longest ones, and the rest go into a collapsed table.

import type { TrackedOperation } from '../deployment/model.js'
import { formatDuration } from '../duration.js'
import { escapeCell, mermaidText, truncate } from './markdown.js'

/** Rows in the chart. Failed operations always get one, up to MAX_FAILED_ROWS. */
export const MAX_GANTT_ROWS = 40
export const MAX_FAILED_ROWS = 120
/** Label lengths in the chart: longer ones overflow the section column or crowd the bars. */
const SECTION_CHARS = 40
const TASK_CHARS = 48

/** Picks the charted operations: every failed one, then the longest; the others are listed apart. */
export function chartRows(
  ops: TrackedOperation[],
  now: number
): { charted: TrackedOperation[]; rest: TrackedOperation[] } {
  const took = (o: TrackedOperation) => (o.finishedAt ?? now) - o.startedAt
  const failed = ops.filter((o) => o.state === 'Failed').slice(0, MAX_FAILED_ROWS)
  const others = ops
    .filter((o) => !failed.includes(o))
    .sort((a, b) => took(b) - took(a) || a.startedAt - b.startedAt)
  const room = Math.max(0, MAX_GANTT_ROWS - failed.length)
  const charted = new Set([...failed, ...others.slice(0, room)])
  const byStart = (a: TrackedOperation, b: TrackedOperation) => a.startedAt - b.startedAt
  return {
    charted: ops.filter((o) => charted.has(o)).sort(byStart),
    rest: ops.filter((o) => !charted.has(o)).sort(byStart)
  }
}

/** The label of a section: the deployment's name at the top level, else the nested path's end. */
function sectionLabel(nested: string, deploymentName: string): string {
  const text = mermaidText(nested || deploymentName)
  return text.length > SECTION_CHARS ? `…${text.slice(-(SECTION_CHARS - 1))}` : text
}

/** Mermaid gantt with epoch-ms dates, one section per (nested) deployment, and the uncharted rest. */
export function timeline(
  ops: TrackedOperation[],
  deploymentName: string,
  startedAt: number,
  now: number
): string {
  if (ops.length === 0) return ''
  const { charted, rest } = chartRows(ops, now)
  const sections = new Map<string, TrackedOperation[]>()
  for (const o of charted) {
    const key = sectionLabel(o.nestedDeployment, deploymentName)
    sections.set(key, [...(sections.get(key) ?? []), o])
  }
  // Room on the left for the longest section label (about 7 px a character at Mermaid's font).
  const longest = Math.max(...[...sections.keys()].map((k) => k.length))
  const leftPadding = Math.min(320, Math.max(75, longest * 7 + 16))
  const lines = [
    '',
    '### Timeline',
    '',
    ...(rest.length > 0
      ? [
          `Every failed operation and the longest others, ${charted.length} in all, are charted; the other ${rest.length} are listed below the chart.`,
          ''
        ]
      : []),
    '```mermaid',
    `%%{init: {"gantt": {"leftPadding": ${leftPadding}, "rightPadding": 40}}}%%`,
    'gantt',
    '  dateFormat x',
    '  axisFormat %H:%M'
  ]
  for (const [section, items] of sections) {
    lines.push(`  section ${section}`)
    for (const o of items) {
      const tag = o.state === 'Failed' ? 'crit, ' : o.state === 'Succeeded' ? 'done, ' : 'active, '
      const end = Math.max(o.finishedAt ?? now, o.startedAt + 1)
      const label = truncate(mermaidText(o.resourceName), TASK_CHARS)
      lines.push(`  ${label} (${o.state}) :${tag}${o.startedAt}, ${end}`)
    }
  }
  lines.push('```')
  if (rest.length > 0) lines.push('', restTable(rest, startedAt, now))
  return lines.join('\n')
}

function restTable(rest: TrackedOperation[], startedAt: number, now: number): string {
  const rows = rest.map(
    (o) =>
      `| ${escapeCell(o.resourceName)} | ${escapeCell(o.nestedDeployment || '—')} | ${o.state} | +${formatDuration(Math.max(0, o.startedAt - startedAt))} | ${formatDuration((o.finishedAt ?? now) - o.startedAt)} |`
  )
  return [
    `<details><summary>${rest.length} operations not in the chart</summary>`,
    '',
    '| Resource | Nested deployment | State | Started | Took |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    '</details>'
  ].join('\n')
}
