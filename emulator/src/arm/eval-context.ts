// What an expression sees while it is evaluated, and the shape of a template function. Kept apart
// from the evaluator so that the function libraries depend on it and not on each other.
import type { Scope } from './scopes.js'

export interface EvalContext {
  scope: Scope
  tenantId: string
  /** Location of the resource group (RG scope) or of the deployment. */
  location: string
  deployment: { name: string; id: string; templateLink?: { uri?: string; id?: string } }
  parameter(name: string): unknown
  variable(name: string): unknown
  /** `reference(idOrName, apiVersion?, 'Full')` of an emulated resource or deployment. */
  reference(idOrName: string, full: boolean): unknown
  /** Current copy-loop indexes by loop name ('' for the resource's own loop). */
  copyIndex?: Record<string, number>
  /** Bound variables of the lambdas being applied (`lambdaVariables('x')`). */
  lambdaVariables?: Record<string, unknown>
  /**
   * languageVersion 2.0 symbolic names ('vnet', 'subnets[0]', lower case) → resource or
   * deployment id, filled in as the plan is made, so that reference('vnet') reads the resource.
   */
  symbols?: Map<string, string>
}

/** A template function: evaluated arguments in, a JSON value out. */
export type Fn = (args: unknown[], ctx: EvalContext) => unknown

/** A `lambda('x', 'y', body)` value: the evaluator binds the body, map/filter/... apply it. */
export class Lambda {
  constructor(
    readonly params: string[],
    private readonly run: (values: unknown[]) => unknown
  ) {}

  apply(...values: unknown[]): unknown {
    return this.run(values)
  }
}
