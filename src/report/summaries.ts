// Every job summary template, and the one writer. The deployment's (written on failure too): a
// header (verdict, where, when, template, mode, portal link), errors, outputs (secure ones as ***),
// resources, and the timeline (report/timeline.ts); and the short ones of a run that stopped early,
// `wait: false` and validate. (What-if's changes table is rendered by preview/what-if-renderer.ts.)

import type { Logger, SummarySink } from '../runtime/ports.js'
import { formatErrorDetail, type ArmErrorDetail } from '../azure/arm-error.js'
import type { TrackedOperation } from '../deployment/model.js'
import { formatDuration } from '../duration.js'
import { outputText } from './output-writer.js'
import { annotationTitle, failuresToAnnotate } from './error-annotator.js'
import { escapeCell, escapeCode, escapeHtml, truncate } from './markdown.js'
import { timeline } from './timeline.js'

export interface SummaryInput {
  /** Succeeded, Failed, Canceled, TimedOut or Aborted. */
  verdict: string
  deploymentName: string
  deploymentId: string
  portalUrl: string
  scopeLabel: string
  /** Where, with names: `resource group rg-hub in subscription …` (scopeLabel when unset). */
  scopeDetail?: string
  correlationId?: string
  /** Epoch ms the deployment started. */
  startedAt: number
  durationMs: number
  /** The template file, URI or template spec. */
  template?: string
  mode?: string
  tokenRefreshes: number
  operations: TrackedOperation[]
  /** name → bare value */
  outputs: Record<string, unknown>
  /** Lower-cased names shown as ***. */
  secureNames: Set<string>
  deploymentError?: ArmErrorDetail
  /** Extra lines (e.g. how to attach after a timeout). */
  notes?: string[]
  /** Whether the deployment has ended (else the end row says it was still running). */
  ended: boolean
  now: number
}

const VERDICT_ICON: Record<string, string> = {
  Succeeded: '✅',
  Failed: '❌',
  Canceled: '⊘',
  TimedOut: '⏱️'
}

/**
 * What an operator needs first comes first: the header (verdict, where, when, what), the errors,
 * the outputs, then every resource and the timeline.
 */
export function renderSummary(s: SummaryInput): string {
  const parts = [
    `## ${VERDICT_ICON[s.verdict] ?? 'ℹ️'} Deployment ${escapeCell(s.deploymentName)}: ${s.verdict}`,
    '',
    headerTable(s),
    ...(s.notes?.length ? ['', ...s.notes] : []),
    errorsSection(s.operations, s.deploymentError),
    '',
    outputsTable(s.outputs, s.secureNames),
    '',
    resourcesTable(s.operations, s.now),
    timeline(s.operations, s.deploymentName, s.startedAt, s.now)
  ]
  return parts.filter((p) => p !== undefined).join('\n') + '\n'
}

/** `2026-12-02 15:04:05 UTC` */
export function utcTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`
}

/** A key/value table whose first pair is its header row (GitHub renders an empty one as a bar). */
export function keyValueTable(rows: Array<[string, string]>): string {
  const [first, ...rest] = rows
  if (!first) return ''
  return [
    `| ${first[0]} | ${first[1]} |`,
    '|---|---|',
    ...rest.map(([k, v]) => `| ${k} | ${v} |`)
  ].join('\n')
}

function headerTable(s: SummaryInput): string {
  const code = (text: string) => `\`${escapeCode(text)}\``
  return keyValueTable([
    ['Verdict', `${VERDICT_ICON[s.verdict] ?? 'ℹ️'} ${s.verdict}`],
    ['Deployment', `[${escapeCell(s.deploymentName)}](${s.portalUrl})`],
    ['Scope', escapeCell(s.scopeDetail ?? s.scopeLabel)],
    ...(s.correlationId ? [['Correlation id', code(s.correlationId)] as [string, string]] : []),
    ['Started', utcTime(s.startedAt)],
    ['Ended', s.ended ? utcTime(s.startedAt + s.durationMs) : `still running at ${utcTime(s.now)}`],
    ['Duration', formatDuration(s.durationMs)],
    ...(s.template ? [['Template', code(s.template)] as [string, string]] : []),
    ...(s.mode ? [['Mode', s.mode] as [string, string]] : []),
    ['Token refreshes', String(s.tokenRefreshes)],
    ['Portal', `[Open in the Azure portal](${s.portalUrl})`]
  ])
}

const STATE_MARK: Record<string, string> = {
  Succeeded: '✅',
  Failed: '❌',
  Canceled: '⊘',
  Running: '⏳',
  Accepted: '⏳'
}

/** `Microsoft.Network/virtualNetworks/subnets` → `virtualNetworks/subnets`. */
export function compactType(type: string): string {
  const slash = type.indexOf('/')
  return slash > 0 && type.slice(0, slash).includes('.') ? type.slice(slash + 1) : type
}

function resourcesTable(ops: TrackedOperation[], now: number): string {
  if (ops.length === 0) return '### Resources\n\n_No operations reported._'
  const rows = [...ops]
    .sort((a, b) => a.startedAt - b.startedAt)
    .map((o) => {
      const nested = o.nestedDeployment
        ? ` <sub>in ${escapeHtml(escapeCell(o.nestedDeployment))}</sub>`
        : ''
      const type = `<abbr title="${escapeHtml(o.resourceType)}">${escapeHtml(compactType(o.resourceType))}</abbr>`
      return `| ${STATE_MARK[o.state] ?? '•'} ${o.state} | ${escapeCell(o.resourceName)}${nested} | ${type} | ${formatDuration((o.finishedAt ?? now) - o.startedAt)} |`
    })
  const types = [...new Set(ops.map((o) => o.resourceType))].sort()
  return [
    '### Resources',
    '',
    '| State | Resource | Type | Took |',
    '|---|---|---|---|',
    ...rows,
    '',
    '<details><summary>Full resource types</summary>',
    '',
    '| Type | Full type |',
    '|---|---|',
    ...types.map((t) => `| ${escapeCell(compactType(t))} | ${escapeCell(t)} |`),
    '',
    '</details>'
  ].join('\n')
}

function outputsTable(outputs: Record<string, unknown>, secure: Set<string>): string {
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

/** The failed operations, marked, each with its error; else the deployment's own error. */
function errorsSection(
  ops: TrackedOperation[],
  deploymentError?: ArmErrorDetail
): string | undefined {
  const failures = failuresToAnnotate(ops)
  const blocks = failures.map(
    (o) =>
      `❌ **${escapeCell(annotationTitle(o))}**\n\n\`\`\`\n${o.error ? formatErrorDetail(o.error) : (o.statusCode ?? 'failed')}\n\`\`\``
  )
  if (blocks.length === 0 && deploymentError)
    blocks.push(`\`\`\`\n${formatErrorDetail(deploymentError)}\n\`\`\``)
  return blocks.length > 0 ? ['\n### Errors', ...blocks].join('\n\n') : undefined
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
  /** What happened before it was started (another request ran the name). */
  notes?: string[]
}

/** `wait: false`: the deployment was started and left running. */
export function startedSummary(s: StartedSummaryInput): string {
  return [
    `## ▶️ Deployment ${s.name}: ${s.state}`,
    '',
    `Started at ${s.scopeLabel} scope without waiting (\`wait: false\`). [Follow it in the portal](${s.portalUrl}).`,
    '',
    ...(s.notes ?? []).flatMap((n) => [n, '']),
    keyValueTable([
      ['Deployment id', `\`${s.deploymentId}\``],
      ['Correlation id', s.correlationId ? `\`${s.correlationId}\`` : '—']
    ]),
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
