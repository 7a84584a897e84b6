// ARM errors, surfaced whole: correlation id, code, message, target and the nested details.

import { isRestError } from '@azure/core-rest-pipeline'

export interface ArmErrorDetail {
  code?: string
  message?: string
  target?: string
  details?: ArmErrorDetail[]
}

/** Reads an ARM error body (`{ error: {...} }` or the error itself) from anything. */
export function toErrorDetail(value: unknown): ArmErrorDetail | undefined {
  if (value === null || typeof value !== 'object') return undefined
  const record = value as Record<string, unknown>
  const inner =
    record.error && typeof record.error === 'object'
      ? (record.error as Record<string, unknown>)
      : record
  const str = (v: unknown): string | undefined =>
    typeof v === 'string' && v !== '' ? v : undefined
  const details = Array.isArray(inner.details)
    ? inner.details.map(toErrorDetail).filter((d): d is ArmErrorDetail => d !== undefined)
    : []
  const detail: ArmErrorDetail = {
    ...(str(inner.code) ? { code: str(inner.code) } : {}),
    ...(str(inner.message) ? { message: str(inner.message) } : {}),
    ...(str(inner.target) ? { target: str(inner.target) } : {})
  }
  if (details.length > 0) detail.details = details
  return detail.code || detail.message || details.length > 0 ? detail : undefined
}

/** `Code: message (target)` and each nested detail on its own indented line. */
export function formatErrorDetail(detail: ArmErrorDetail, indent = ''): string {
  const head = [detail.code, detail.message].filter(Boolean).join(': ') || 'unknown error'
  const target = detail.target ? ` (target: ${detail.target})` : ''
  const lines = [`${indent}${head}${target}`]
  for (const child of detail.details ?? []) lines.push(formatErrorDetail(child, `${indent}  `))
  return lines.join('\n')
}

/**
 * What to do about ARM errors whose message does not say it (Microsoft's documentation does),
 * by error code, found anywhere in the error's details.
 */
const HINTS: Record<string, string> = {
  // https://learn.microsoft.com/azure/azure-resource-manager/templates/deployment-history-deletions
  deploymentquotaexceeded:
    "a scope keeps at most 800 deployments in its history; Azure deletes the oldest once there are more than 700, unless that cleanup is blocked: by a CanNotDelete or ReadOnly lock on the resource group or subscription, by the deploying identity lacking 'Microsoft.Resources/deployments/delete' (the cleanup runs as that identity), or by the subscription's DisableDeploymentGrooming feature. Remove the lock or grant the permission and run again (the cleanup then starts at once), or delete old deployments yourself (az deployment group|sub|mg|tenant delete). See https://aka.ms/800LimitFix."
}

/** The hint for the first error code in `detail` (or its nested details) that has one. */
export function hintFor(detail: ArmErrorDetail | undefined): string | undefined {
  if (!detail) return undefined
  const own = detail.code ? HINTS[detail.code.toLowerCase()] : undefined
  return own ?? detail.details?.map(hintFor).find((h) => h !== undefined)
}

/** An error from an ARM call, with what ARM said about it and how to find it in ARM's logs. */
export class ArmCallError extends Error {
  constructor(
    readonly what: string,
    readonly status: number | undefined,
    readonly detail: ArmErrorDetail | undefined,
    readonly correlationId: string | undefined
  ) {
    const status_ = status ? `HTTP ${status}` : 'no response'
    const body = detail ? `\n${formatErrorDetail(detail, '  ')}` : ''
    const correlation = correlationId ? `\n  correlation id: ${correlationId}` : ''
    const hint = hintFor(detail)
    super(`${what} failed (${status_})${body}${correlation}${hint ? `\n  hint: ${hint}` : ''}`)
    this.name = 'ArmCallError'
  }
}

/** Wraps an SDK/pipeline error with the ARM error body and the correlation id it carries. */
export function toArmCallError(what: string, error: unknown): ArmCallError | Error {
  if (error instanceof ArmCallError) return error
  if (!isRestError(error)) {
    return new ArmCallError(
      what,
      undefined,
      { message: error instanceof Error ? error.message : String(error) },
      undefined
    )
  }
  const response = error.response
  let body: unknown = (error as { details?: unknown }).details
  if (body === undefined && response?.bodyAsText) {
    try {
      body = JSON.parse(response.bodyAsText)
    } catch {
      body = { message: response.bodyAsText.slice(0, 500) }
    }
  }
  const correlationId =
    response?.headers.get('x-ms-correlation-request-id') ??
    response?.headers.get('x-ms-request-id') ??
    undefined
  // Some SDK paths (the PUT through the LRO helper) keep only the code and message, not the body.
  const detail = toErrorDetail(body) ?? { message: error.message }
  if (!detail.code && error.code) detail.code = error.code
  return new ArmCallError(what, error.statusCode, detail, correlationId)
}

/** HTTP status of a failed call, when there was a response. */
export function statusOf(error: unknown): number | undefined {
  if (error instanceof ArmCallError) return error.status
  return isRestError(error) ? error.statusCode : undefined
}
