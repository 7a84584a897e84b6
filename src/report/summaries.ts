// Every job summary template, and the one writer. The deployment's (written on failure too):
// verdict, link, duration, token refreshes, resources, outputs (secure ones as ***), errors, and a
// Mermaid gantt timeline of the operations; and the short ones of a run that stopped early,
// `wait: false` and validate. (What-if's changes table is rendered by preview/what-if-renderer.ts.)

import type { Logger, SummarySink } from '../runtime/ports.js'
import { formatErrorDetail, type ArmErrorDetail } from '../azure/arm-error.js'
import type { TrackedOperation } from '../deployment/model.js'
import { formatDuration } from '../duration.js'
import { outputText } from './output-writer.js'
import { annotationTitle, failuresToAnnotate } from './error-annotator.js'
import { escapeCell, escapeCode, mermaidText, truncate } from './markdown.js'

export interface SummaryInput {
  /** Succeeded, Failed, Canceled, TimedOut or Aborted. */
  verdict: string
  deploymentName: string
  deploymentId: string
  portalUrl: string
  scopeLabel: string
  durationMs: number
  tokenRefreshes: number
  operations: TrackedOperation[]
  /** name → bare value */
  outputs: Record<string, unknown>
  /** Lower-cased names shown as ***. */
  secureNames: Set<string>
  deploymentError?: ArmErrorDetail
  /** Extra lines (e.g. how to attach after a timeout). */
  notes?: string[]
  now: number
}

const VERDICT_ICON: Record<string, string> = {
  Succeeded: '✅',
  Failed: '❌',
  Canceled: '⊘',
  TimedOut: '⏱️'
}

export function renderSummary(s: SummaryInput): string {
  const parts = [
    `## ${VERDICT_ICON[s.verdict] ?? 'ℹ️'} Deployment ${escapeCell(s.deploymentName)}: ${s.verdict}`,
    '',
    `| | |\n|---|---|\n| Deployment | [${escapeCell(s.deploymentName)}](${s.portalUrl}) |\n| Scope | ${escapeCell(s.scopeLabel)} |\n| Duration | ${formatDuration(s.durationMs)} |\n| Token refreshes | ${s.tokenRefreshes} |`,
    ...(s.notes?.length ? ['', ...s.notes] : []),
    '',
    resourcesTable(s.operations, s.now),
    '',
    outputsTable(s.outputs, s.secureNames),
    errorsSection(s.operations, s.deploymentError),
    gantt(s.operations, s.now)
  ]
  return parts.filter((p) => p !== undefined).join('\n') + '\n'
}

export function resourcesTable(ops: TrackedOperation[], now: number): string {
  if (ops.length === 0) return '_No operations reported._'
  const rows = [...ops]
    .sort((a, b) => a.startedAt - b.startedAt)
    .map(
      (o) =>
        `| ${escapeCell(o.resourceType)} | ${escapeCell(o.resourceName)} | ${o.state} | ${formatDuration((o.finishedAt ?? now) - o.startedAt)} | ${escapeCell(o.nestedDeployment || '—')} |`
    )
  return [
    '### Resources',
    '',
    '| Type | Name | State | Duration | Nested deployment |',
    '|---|---|---|---|---|',
    ...rows
  ].join('\n')
}

export function outputsTable(outputs: Record<string, unknown>, secure: Set<string>): string {
  const names = Object.keys(outputs)
  if (names.length === 0) return '### Outputs\n\n_None._'
  const rows = names.map((n) => {
    const value = secure.has(n.toLowerCase())
      ? '***'
      : `\`${escapeCode(truncate(outputText(outputs[n]), 200))}\``
    return `| ${escapeCell(n)} | ${value} |`
  })
  return ['### Outputs', '', '| Name | Value |', '|---|---|', ...rows].join('\n')
}

export function errorsSection(
  ops: TrackedOperation[],
  deploymentError?: ArmErrorDetail
): string | undefined {
  const failures = failuresToAnnotate(ops)
  const blocks = failures.map(
    (o) =>
      `**${escapeCell(annotationTitle(o))}**\n\n\`\`\`\n${o.error ? formatErrorDetail(o.error) : (o.statusCode ?? 'failed')}\n\`\`\``
  )
  if (blocks.length === 0 && deploymentError)
    blocks.push(`\`\`\`\n${formatErrorDetail(deploymentError)}\n\`\`\``)
  return blocks.length > 0 ? ['', '### Errors', '', ...blocks].join('\n') : undefined
}

/** Mermaid gantt with epoch-ms dates; one section per (nested) deployment. */
export function gantt(ops: TrackedOperation[], now: number): string {
  if (ops.length === 0) return ''
  const sections = new Map<string, TrackedOperation[]>()
  for (const o of [...ops].sort((a, b) => a.startedAt - b.startedAt)) {
    const key = o.nestedDeployment || 'deployment'
    sections.set(key, [...(sections.get(key) ?? []), o])
  }
  const lines = [
    '',
    '### Timeline',
    '',
    '```mermaid',
    'gantt',
    '  dateFormat x',
    '  axisFormat %H:%M'
  ]
  for (const [section, items] of sections) {
    lines.push(`  section ${mermaidText(section)}`)
    for (const o of items) {
      const tag = o.state === 'Failed' ? 'crit, ' : o.state === 'Succeeded' ? 'done, ' : 'active, '
      const end = Math.max(o.finishedAt ?? now, o.startedAt + 1)
      lines.push(`  ${mermaidText(o.resourceName)} (${o.state}) :${tag}${o.startedAt}, ${end}`)
    }
  }
  lines.push('```')
  return lines.join('\n')
}

/** A step that failed with an error: the title, an optional lead-in, and the error as a code block. */
export function failureSummary(title: string, text: string, lead?: string): string {
  return `## ❌ ${title}\n\n${lead ? `${lead}\n\n` : ''}\`\`\`\n${text}\n\`\`\`\n`
}

/** The run was canceled before the deployment was started. */
export function notStartedSummary(name: string, message: string): string {
  return `## ⊘ Deployment ${name}: not started\n\n${message}\n`
}

export interface StartedSummaryInput {
  name: string
  state: string
  scopeLabel: string
  portalUrl: string
  deploymentId: string
  correlationId?: string
  /** How to wait for it later. */
  hint: string
}

/** `wait: false`: the deployment was started and left running. */
export function startedSummary(s: StartedSummaryInput): string {
  return [
    `## ▶️ Deployment ${s.name}: ${s.state}`,
    '',
    `Started at ${s.scopeLabel} scope without waiting (\`wait: false\`). [Follow it in the portal](${s.portalUrl}).`,
    '',
    `| | |\n|---|---|\n| Deployment id | \`${s.deploymentId}\` |\n| Correlation id | ${s.correlationId ?? '—'} |`,
    '',
    s.hint,
    ''
  ].join('\n')
}

/** `operation: validate` and ARM accepts the deployment. */
export function validationPassedSummary(
  name: string,
  scopeLabel: string,
  resources: string[]
): string {
  return (
    [
      `## ✅ Validation of deployment ${name} passed`,
      '',
      `Scope: ${scopeLabel}. Azure Resource Manager accepts the template and parameters; nothing was deployed.`,
      ...(resources.length
        ? ['', '| Validated resource |', '|---|', ...resources.map((id) => `| \`${id}\` |`)]
        : [])
    ].join('\n') + '\n'
  )
}

/** A summary that cannot be written (no GITHUB_STEP_SUMMARY) is a warning, not a failure. */
export async function writeSummary(
  deps: { summary: SummarySink; logger: Logger },
  markdown: string
): Promise<void> {
  try {
    await deps.summary.write(markdown)
  } catch (error) {
    deps.logger.warning(
      `Could not write the job summary: ${error instanceof Error ? error.message : String(error)}`
    )
  }
}
