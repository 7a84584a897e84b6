// What-if's answer as the action reports it: the changes left after `what-if-exclude-change-types`,
// their counts, what `fail-on-changes` counts as a change, and the JSON of the outputs.

import type {
  ChangeType,
  WhatIfChange,
  WhatIfPropertyChange
} from '@azure/arm-resourcesdeployments'
import { CHANGE_TYPES } from '../settings/settings.js'

/** What `fail-on-changes` treats as drift: something would be created, changed or deleted. */
export const DRIFT_TYPES: ReadonlySet<ChangeType> = new Set(['Create', 'Modify', 'Delete'])

export type ChangeCounts = Record<ChangeType, number>

/** Replaces secret values (secure parameters) in any text before it is shown or set as an output. */
export type Redactor = (text: string) => string

export function keptChanges(changes: WhatIfChange[], exclude: ChangeType[]): WhatIfChange[] {
  const excluded = new Set(exclude)
  return changes.filter((c) => !excluded.has(c.changeType))
}

/** Every change type with its count, zero included, so workflows can read e.g. `.Delete` safely. */
export function countChanges(changes: WhatIfChange[]): ChangeCounts {
  const counts = Object.fromEntries(CHANGE_TYPES.map((t) => [t, 0])) as ChangeCounts
  for (const c of changes) counts[c.changeType] = (counts[c.changeType] ?? 0) + 1
  return counts
}

export function driftCount(counts: ChangeCounts): number {
  return [...DRIFT_TYPES].reduce((sum, t) => sum + counts[t], 0)
}

/** `2 to create, 1 to modify, 3 unchanged`: the non-zero counts in words. */
export function countsInWords(counts: ChangeCounts): string {
  const words: Record<ChangeType, string> = {
    Create: 'to create',
    Modify: 'to modify',
    Delete: 'to delete',
    Deploy: 'to deploy',
    NoChange: 'unchanged',
    Ignore: 'ignored',
    Unsupported: 'unsupported'
  }
  const parts = CHANGE_TYPES.filter((t) => counts[t] > 0).map((t) => `${counts[t]} ${words[t]}`)
  return parts.length > 0 ? parts.join(', ') : 'no changes'
}

/** One change in the `what-if-result` output: enough to act on, without the full resource payloads. */
interface ChangeRecord {
  resourceId: string
  changeType: ChangeType
  unsupportedReason?: string
  delta?: WhatIfPropertyChange[]
}

function changeRecords(changes: WhatIfChange[]): ChangeRecord[] {
  return changes.map((c) => ({
    resourceId: c.resourceId ?? '',
    changeType: c.changeType,
    ...(c.unsupportedReason ? { unsupportedReason: c.unsupportedReason } : {}),
    ...(c.delta?.length ? { delta: c.delta } : {})
  }))
}

/** Output values are capped by GitHub (1 MB per job); past this the deltas are left out. */
export const RESULT_OUTPUT_LIMIT = 512 * 1024

/** The `what-if-result` JSON; without deltas when it would be too big (`trimmed`). */
export function resultJson(
  changes: WhatIfChange[],
  redact: Redactor
): { json: string; trimmed: boolean } {
  const full = redact(JSON.stringify(changeRecords(changes)))
  if (full.length <= RESULT_OUTPUT_LIMIT) return { json: full, trimmed: false }
  const lean = changeRecords(changes).map(({ delta: _delta, ...rest }) => rest)
  return { json: redact(JSON.stringify(lean)), trimmed: true }
}

/** Redacts every given secret (longest first, so one inside another is not half-shown). */
export function redactor(secrets: string[]): Redactor {
  const values = [...new Set(secrets.filter((s) => s.length >= 3))].sort(
    (a, b) => b.length - a.length
  )
  if (values.length === 0) return (text) => text
  return (text) => values.reduce((t, v) => t.split(v).join('***'), text)
}
