// What-if's changes as people read them: plain text for the step log (symbols, no colour codes, so
// annotations and log search stay clean) and markdown for the job summary (a table, then details).

import { escapeCell, escapeCode, escapeHtml } from '../report/markdown.js'
import type {
  ChangeType,
  WhatIfChange,
  WhatIfPropertyChange
} from '@azure/arm-resourcesdeployments'
import { CHANGE_TYPES } from '../settings/settings.js'
import { countsInWords, type ChangeCounts, type Redactor } from './what-if-changes.js'

/** The az CLI's symbols, so the log reads like `az deployment group what-if`. */
const CHANGE_SYMBOLS: Record<ChangeType, string> = {
  Create: '+',
  Modify: '~',
  Delete: '-',
  Deploy: '!',
  NoChange: '=',
  Ignore: '*',
  Unsupported: 'x'
}

const PROPERTY_SYMBOLS: Record<string, string> = {
  Create: '+',
  Delete: '-',
  Modify: '~',
  Array: '~',
  NoEffect: 'x'
}

const SUMMARY_ICONS: Record<ChangeType, string> = {
  Create: '➕',
  Modify: '✏️',
  Delete: '🗑️',
  Deploy: '🚀',
  NoChange: '➖',
  Ignore: '⏭️',
  Unsupported: '❔'
}

const VALUE_LIMIT = 300

/** A value on one line, shortened: JSON, except plain strings. */
function valueText(value: unknown, redact: Redactor): string {
  const text = value === undefined ? '(none)' : JSON.stringify(value)
  const shortened = text.length > VALUE_LIMIT ? `${text.slice(0, VALUE_LIMIT - 1)}…` : text
  return redact(shortened)
}

/** One line per property change (nested children indented under their parent). */
function deltaLines(delta: WhatIfPropertyChange[], redact: Redactor, indent = '    '): string[] {
  return delta.flatMap((d) => {
    const symbol = PROPERTY_SYMBOLS[d.propertyChangeType] ?? '?'
    const head = `${indent}${symbol} ${d.path}`
    const line =
      d.propertyChangeType === 'Create'
        ? `${head}: ${valueText(d.after, redact)}`
        : d.propertyChangeType === 'Delete'
          ? `${head}: ${valueText(d.before, redact)}`
          : d.children?.length
            ? `${head}:`
            : `${head}: ${valueText(d.before, redact)} => ${valueText(d.after, redact)}`
    return [line, ...deltaLines(d.children ?? [], redact, `${indent}  `)]
  })
}

/** Changes in the order people care about: creates, modifies, deletes, … then no-change. */
function ordered(changes: WhatIfChange[]): WhatIfChange[] {
  const rank = (c: WhatIfChange): number => CHANGE_TYPES.indexOf(c.changeType)
  return [...changes].sort(
    (a, b) => rank(a) - rank(b) || (a.resourceId ?? '').localeCompare(b.resourceId ?? '')
  )
}

/** The log: a legend, one block per resource, and the totals. */
export function renderWhatIfLog(
  changes: WhatIfChange[],
  counts: ChangeCounts,
  excluded: ChangeType[],
  redact: Redactor
): string[] {
  const legend = CHANGE_TYPES.map((t) => `${CHANGE_SYMBOLS[t]} ${t}`).join('  ')
  const lines = [`Symbols: ${legend}`, '']
  for (const c of ordered(changes)) {
    const reason = c.unsupportedReason ? ` (${c.unsupportedReason})` : ''
    lines.push(`${CHANGE_SYMBOLS[c.changeType]} ${c.changeType} ${c.resourceId ?? '?'}${reason}`)
    lines.push(...deltaLines(c.delta ?? [], redact))
  }
  if (changes.length === 0) lines.push('No resource changes.')
  const hidden = excluded.length > 0 ? ` (not shown: ${excluded.join(', ')})` : ''
  lines.push('', `Resource changes: ${countsInWords(counts)}${hidden}.`)
  return lines.map(redact)
}

export interface WhatIfSummaryInput {
  deploymentName: string
  scopeLabel: string
  changes: WhatIfChange[]
  counts: ChangeCounts
  excluded: ChangeType[]
  /** Verdict line, e.g. that fail-on-changes failed the step. */
  verdict?: string
  redact: Redactor
}

/** Markdown for the job summary: a table of the changes, and a details block per changed resource. */
export function renderWhatIfSummary(s: WhatIfSummaryInput): string {
  const parts = [
    `## 🔍 What-if for deployment ${escapeCell(s.deploymentName)}: ${countsInWords(s.counts)}`,
    '',
    `Scope: ${escapeCell(s.scopeLabel)}.${s.excluded.length ? ` Not shown: ${s.excluded.join(', ')}.` : ''}`
  ]
  if (s.verdict) parts.push('', s.verdict)
  const sorted = ordered(s.changes)
  if (sorted.length === 0) {
    parts.push('', '_No resource changes._')
    return s.redact(parts.join('\n')) + '\n'
  }
  parts.push('', '| Change | Resource type | Name | Property changes |', '|---|---|---|---|')
  for (const c of sorted) {
    const { type, name } = typeAndName(c.resourceId ?? '')
    parts.push(
      `| ${SUMMARY_ICONS[c.changeType]} ${c.changeType} | ${escapeCell(type)} | ${escapeCell(name)} | ${c.delta?.length ?? 0} |`
    )
  }
  const withDeltas = sorted.filter((c) => c.delta?.length)
  for (const c of withDeltas) {
    const { name } = typeAndName(c.resourceId ?? '')
    parts.push(
      '',
      `<details><summary>${CHANGE_SYMBOLS[c.changeType]} ${escapeHtml(name)}: ${c.delta?.length} property change(s)</summary>`,
      '',
      `\`${escapeCode(c.resourceId ?? '')}\``,
      '',
      '```diff',
      ...diffLines(c.delta ?? [], s.redact),
      '```',
      '</details>'
    )
  }
  return s.redact(parts.join('\n')) + '\n'
}

/** `- before` / `+ after` lines, which GitHub colours in a diff block. */
function diffLines(delta: WhatIfPropertyChange[], redact: Redactor, prefix = ''): string[] {
  return delta.flatMap((d) => {
    const path = prefix ? `${prefix}.${d.path}` : d.path
    if (d.children?.length) return diffLines(d.children, redact, path)
    const lines: string[] = []
    if (d.propertyChangeType !== 'Create') lines.push(`- ${path}: ${valueText(d.before, redact)}`)
    if (d.propertyChangeType !== 'Delete') lines.push(`+ ${path}: ${valueText(d.after, redact)}`)
    return lines
  })
}

/** `Microsoft.Network/virtualNetworks/subnets` and `vnet/subnet` out of a resource id. */
export function typeAndName(id: string): { type: string; name: string } {
  const at = id.toLowerCase().lastIndexOf('/providers/')
  if (at < 0) return { type: '', name: id }
  const segments = id.slice(at + '/providers/'.length).split('/')
  const namespace = segments[0]
  const types: string[] = []
  const names: string[] = []
  for (let i = 1; i + 1 < segments.length; i += 2) {
    types.push(segments[i])
    names.push(segments[i + 1])
  }
  return { type: [namespace, ...types].join('/'), name: names.join('/') }
}
