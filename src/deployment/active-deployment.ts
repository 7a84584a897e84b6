// A PUT answered 409 DeploymentActive: is the running deployment this run's own request (a re-run
// after the runner died: follow it), or another run's that took the same fixed name (following it
// would report a template this run never deployed)?
//
// Conservative on purpose: "the same" must be shown, and anything that cannot be compared counts
// as different. Mistaking another request for ours reports a result that is not ours; mistaking
// ours for another only costs a wait and a redeploy of the same template, which ARM does as a
// no-op for unchanged resources.

import { isDeepStrictEqual } from 'node:util'
import type { DeploymentExtended, DeploymentProperties } from '@azure/arm-resourcesdeployments'

/** What this run would have sent, and what it knows about it. */
export interface OwnRequest {
  /** The name is the default one: it carries this run's id, so only an attempt of this run uses it. */
  nameIsDefault: boolean
  /** The PUT body's properties. */
  properties: DeploymentProperties
  /**
   * ARM's hash of this run's template (calculateTemplateHash), undefined when it could not be had
   * (a linked template is not read here; the call may fail).
   */
  templateHash?: string
}

export interface Comparison {
  same: boolean
  /** Why, for the log and the summary (never a parameter value: they may be secrets). */
  reason: string
}

export function compareWithRunning(running: DeploymentExtended, own: OwnRequest): Comparison {
  if (own.nameIsDefault) {
    return {
      same: true,
      reason: "its name is this run's default name, so another attempt of this run started it"
    }
  }
  const props = running.properties ?? {}
  const mine = own.properties
  if (mine.templateLink || !mine.template) {
    return different("this run's template is linked, so its hash is not known here")
  }
  if (own.templateHash === undefined) {
    return different("the template's hash could not be calculated")
  }
  if (props.templateLink) return { same: false, reason: 'it runs a linked template' }
  if (props.templateHash !== own.templateHash) {
    return {
      same: false,
      reason: `it runs another template (template hash ${props.templateHash ?? 'unknown'}; this run's ${own.templateHash})`
    }
  }
  if ((props.mode ?? 'Incremental') !== (mine.mode ?? 'Incremental')) {
    return { same: false, reason: `it runs in mode ${props.mode ?? 'Incremental'}` }
  }
  if (mine.parametersLink || props.parametersLink) {
    return different('parameters from a link cannot be compared')
  }
  const problem = parameterDifference(props.parameters, mine.parameters, mine.template)
  if (problem) return { same: false, reason: problem }
  return {
    same: true,
    reason: `it runs the same template (hash ${own.templateHash}) with the same parameters`
  }
}

const different = (why: string): Comparison => ({
  same: false,
  reason: `it cannot be shown to be this run's request: ${why}`
})

type Params = Record<string, { value?: unknown; reference?: unknown } | undefined>

/** The first parameter that differs, or cannot be compared; undefined when all are equal. */
function parameterDifference(
  runningRaw: unknown,
  mineRaw: unknown,
  template: unknown
): string | undefined {
  const running = byLowerName(runningRaw)
  const mine = byLowerName(mineRaw)
  for (const [key, { name, param }] of mine) {
    if (param && 'reference' in param) {
      return `it cannot be shown to be this run's request: parameter '${name}' is a Key Vault reference`
    }
    const theirs = running.get(key)?.param
    if (!theirs) return `it was started without parameter '${name}'`
    // ARM never returns secure values: equal or not, nobody can tell.
    if (!('value' in theirs)) {
      return `it cannot be shown to be this run's request: parameter '${name}' is secure, and ARM does not return its value`
    }
    if (!isDeepStrictEqual(theirs.value, param?.value)) return `parameter '${name}' differs`
  }
  const defaults = byLowerName((template as { parameters?: unknown } | undefined)?.parameters)
  for (const [key, { name, param }] of running) {
    if (mine.has(key)) continue
    // ARM lists defaulted parameters too: equal to a literal default is what this run would get.
    const declared = defaults.get(key)?.param as { defaultValue?: unknown } | undefined
    const fallback = declared?.defaultValue
    const literal = fallback !== undefined && !isExpression(fallback)
    if (!param || !('value' in param) || !literal || !isDeepStrictEqual(param.value, fallback)) {
      return `parameter '${name}' was given a value this run does not give`
    }
  }
  return undefined
}

function byLowerName(raw: unknown): Map<string, { name: string; param: Params[string] }> {
  const map = new Map<string, { name: string; param: Params[string] }>()
  if (raw === null || typeof raw !== 'object') return map
  for (const [name, param] of Object.entries(raw as Params)) {
    map.set(name.toLowerCase(), { name, param: param ?? undefined })
  }
  return map
}

/** A template expression (`[...]`, not an escaped `[[...`), whose value only ARM knows. */
function isExpression(value: unknown): boolean {
  if (typeof value === 'string') return /^\[(?!\[)[\s\S]*\]$/.test(value.trim())
  if (Array.isArray(value)) return value.some(isExpression)
  if (value && typeof value === 'object') return Object.values(value).some(isExpression)
  return false
}
