// Deployment names: ARM's rule, and the default that lets a re-run attach to its own deployment.

import { createHash } from 'node:crypto'
import type { ScopeTarget } from '../azure/scope.js'

export const MAX_NAME_LENGTH = 64
/** A deployment stack's name may be longer (stacks OpenAPI: maxLength 90). */
export const MAX_STACK_NAME_LENGTH = 90
export const NAME_PATTERN = /^[-\w._()]+$/

export interface NameContext {
  /** What the template is (file path, URI or spec id); its base name makes the default readable. */
  template: string
  scope: ScopeTarget
  /** The runner's environment: GITHUB_RUN_ID, GITHUB_JOB, GITHUB_ACTION, ... */
  env: Record<string, string | undefined>
  /** Distinguishes matrix legs (the action's `matrix-key` input, `toJSON(matrix)` by default). */
  matrixKey?: string
  /** Used only outside Actions (no GITHUB_RUN_ID), so local runs do not collide. */
  now: () => number
}

/**
 * `<template>-<run id>-<hash>`: the same for every attempt of a run (GITHUB_RUN_ATTEMPT is left
 * out on purpose, so a re-run attaches), and different per step, matrix leg, scope and template.
 */
export function defaultDeploymentName(ctx: NameContext): string {
  const runId = ctx.env.GITHUB_RUN_ID ?? `local${ctx.now().toString(36)}`
  const hash = createHash('sha256')
    .update(
      JSON.stringify([
        ctx.env.GITHUB_REPOSITORY,
        ctx.env.GITHUB_WORKFLOW,
        ctx.env.GITHUB_JOB,
        ctx.env.GITHUB_ACTION,
        ctx.matrixKey ?? '',
        ctx.scope,
        ctx.template
      ])
    )
    .digest('hex')
    .slice(0, 8)
  const suffix = `-${sanitize(runId)}-${hash}`
  const base = readableBase(ctx.template).slice(0, Math.max(1, MAX_NAME_LENGTH - suffix.length))
  return `${base}${suffix}`.slice(0, MAX_NAME_LENGTH)
}

/** Why a name is not acceptable to ARM, or undefined when it is. */
export function nameProblem(name: string, maxLength = MAX_NAME_LENGTH): string | undefined {
  if (name.length > maxLength)
    return `it is ${name.length} characters long, at most ${maxLength} are allowed`
  if (!NAME_PATTERN.test(name)) return 'only letters, digits, and - _ . ( ) are allowed'
  return undefined
}

function readableBase(template: string): string {
  const last =
    template
      .split(/[\\/]/)
      .filter((s) => s !== '')
      .pop() ?? ''
  const withoutQuery = last.split('?')[0]
  const stem = withoutQuery.replace(/\.(json|bicep|bicepparam|jsonc)$/i, '')
  return sanitize(stem).replace(/^[-.]+|[-.]+$/g, '') || 'deployment'
}

function sanitize(text: string): string {
  return text.replace(/[^-\w.()]/g, '-')
}
