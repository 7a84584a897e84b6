// The stack's job summary: verdict, link, its deployment, duration, token refreshes, the resources
// it manages, detached, deleted or failed to delete, then its deployment's operations, outputs,
// errors and timeline as a deployment's summary shows them (the same table helpers).

import type { DeploymentStack } from '@azure/arm-resourcesdeploymentstacks'
import { formatErrorDetail, toErrorDetail } from '../azure/arm-error.js'
import type { TrackedOperation } from '../deployment/model.js'
import { formatDuration } from '../duration.js'
import { escapeCell, escapeCode } from '../report/markdown.js'
import { errorsSection, outputsTable, resourcesTable } from '../report/summaries.js'
import { timeline } from '../report/timeline.js'

export interface StackSummaryInput {
  /** Succeeded, Failed, Canceled, Deleted, TimedOut, Aborted, Unknown… */
  verdict: string
  operation: string
  name: string
  stackId: string
  portalUrl: string
  scopeLabel: string
  /** The stack's deployment, once it named one. */
  deploymentId?: string
  durationMs: number
  tokenRefreshes: number
  stack?: DeploymentStack
  /** operation delete, the stack gone: what it managed, by what the DELETE did with each kind. */
  deletedStack?: { resources: string[]; detached: string[] }
  operations: TrackedOperation[]
  outputs: Record<string, unknown>
  secureNames: Set<string>
  notes: string[]
  now: number
}

const ICON: Record<string, string> = {
  Succeeded: '✅',
  Deleted: '✅',
  Failed: '❌',
  Canceled: '⊘',
  TimedOut: '⏱️'
}

export function renderStackSummary(s: StackSummaryInput): string {
  const props = s.stack?.properties
  const rows = [
    `| Stack | [${escapeCell(s.name)}](${s.portalUrl}) |`,
    `| Scope | ${escapeCell(s.scopeLabel)} |`,
    `| Operation | ${s.operation} |`,
    ...(s.deploymentId ? [`| Deployment | \`${escapeCode(s.deploymentId)}\` |`] : []),
    ...(props?.actionOnUnmanage
      ? [
          `| Unmanaged resources | ${props.actionOnUnmanage.resources} (resource groups: ${props.actionOnUnmanage.resourceGroups ?? 'detach'}, management groups: ${props.actionOnUnmanage.managementGroups ?? 'detach'}) |`
        ]
      : []),
    ...(props?.denySettings ? [`| Deny settings | ${props.denySettings.mode} |`] : []),
    `| Duration | ${formatDuration(s.durationMs)} |`,
    `| Token refreshes | ${s.tokenRefreshes} |`
  ]
  const stackError = toErrorDetail(props?.error)
  const parts = [
    `## ${ICON[s.verdict] ?? 'ℹ️'} Deployment stack ${escapeCell(s.name)}: ${s.verdict}`,
    '',
    `| | |\n|---|---|\n${rows.join('\n')}`,
    ...(s.notes.length ? ['', ...s.notes] : []),
    '',
    resourceSections(s),
    ...(s.operations.length ? ['', resourcesTable(s.operations, s.now)] : []),
    '',
    outputsTable(s.outputs, s.secureNames),
    errorsSection(s.operations, s.operations.length ? undefined : stackError) ??
      (stackError ? `\n### Errors\n\n\`\`\`\n${formatErrorDetail(stackError)}\n\`\`\`` : ''),
    timeline(s.operations, s.name, s.now - s.durationMs, s.now)
  ]
  return parts.filter((p) => p !== undefined).join('\n') + '\n'
}

/** Managed, detached, deleted and failed-to-delete resources, as the stack (or the delete) says. */
function resourceSections(s: StackSummaryInput): string {
  const props = s.stack?.properties
  const ids = (list: { id?: string }[] | undefined): string[] =>
    (list ?? []).map((r) => r.id ?? '').filter(Boolean)
  const idList = (title: string, items: string[]): string[] =>
    items.length
      ? [`### ${title} (${items.length})`, '', ...items.map((id) => `- \`${escapeCode(id)}\``), '']
      : []
  const managed = (props?.resources ?? []).filter((r) => r.status !== 'deleteFailed')
  const failed = (props?.failedResources ?? []).map((f) => {
    const error = toErrorDetail(f.error)
    return `| \`${escapeCode(f.id ?? '')}\` | ${escapeCell(error ? formatErrorDetail(error) : 'failed')} |`
  })
  const sections = [
    ...(s.deletedStack
      ? []
      : managed.length
        ? [
            `### Managed resources (${managed.length})`,
            '',
            '| Resource | Status | Deny |',
            '|---|---|---|',
            ...managed.map(
              (r) => `| \`${escapeCode(r.id ?? '')}\` | ${r.status ?? ''} | ${r.denyStatus ?? ''} |`
            ),
            ''
          ]
        : []),
    // A deleted stack's last read predates the delete: its lists are from its last update.
    ...idList('Detached resources', s.deletedStack?.detached ?? ids(props?.detachedResources)),
    ...idList('Deleted resources', s.deletedStack?.resources ?? ids(props?.deletedResources)),
    ...(failed.length
      ? [
          `### Failed to delete (${failed.length})`,
          '',
          '| Resource | Error |',
          '|---|---|',
          ...failed,
          ''
        ]
      : [])
  ]
  return sections.length ? sections.join('\n').trimEnd() : '_No resources managed._'
}
