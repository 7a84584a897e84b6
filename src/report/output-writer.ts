// Step outputs: one per template output, all of them as JSON, and the deployment's own facts.
// Secure outputs are registered as secrets by their bare value BEFORE anything is set.

import type { Logger, OutputSink, SecretMasker } from '../runtime/ports.js'
import { Outputs, RESERVED_OUTPUT_NAMES } from '../runtime/names.js'
import { secretValues } from '../secrets.js'

interface StandardOutputs {
  deploymentId: string
  deploymentName: string
  provisioningState: string
  correlationId?: string
  /** Whole seconds from start to the verdict. */
  durationSeconds: number
  tokenRefreshes: number
}

export interface OutputWriterInput {
  /** ARM's `properties.outputs`: name → { type, value }. */
  templateOutputs: Record<string, unknown> | undefined
  /** Outputs to mask: the template's secure ones and `masked-outputs` (case-insensitive). */
  secureNames: string[]
  standard: StandardOutputs
}

/** An output value as text: strings as they are, everything else as JSON. */
export function outputText(value: unknown): string {
  if (typeof value === 'string') return value
  if (value === undefined || value === null) return ''
  return JSON.stringify(value)
}

/**
 * `properties.outputs` as name → bare value. Entries without a value are left out: ARM never
 * returns the values of secureString/secureObject outputs.
 */
export function outputValues(
  templateOutputs: Record<string, unknown> | undefined
): Record<string, unknown> {
  const values: Record<string, unknown> = {}
  for (const [name, entry] of Object.entries(templateOutputs ?? {})) {
    if (entry !== null && typeof entry === 'object' && 'value' in entry) values[name] = entry.value
  }
  return values
}

export function writeOutputs(
  input: OutputWriterInput,
  deps: { sink: OutputSink; masker: SecretMasker; logger: Logger }
): void {
  const values = outputValues(input.templateOutputs)
  const secure = new Set(input.secureNames.map((n) => n.toLowerCase()))
  // Mask first: nothing below may print or set a secure value before the runner knows it.
  for (const [name, value] of Object.entries(values)) {
    if (secure.has(name.toLowerCase()))
      for (const s of secretValues(value)) deps.masker.setSecret(s)
  }
  for (const [name, value] of Object.entries(values)) {
    if (RESERVED_OUTPUT_NAMES.has(name)) {
      deps.logger.warning(
        `Template output '${name}' has the name of one of the action's own outputs; it is only in '${Outputs.Outputs}'`
      )
      continue
    }
    deps.sink.setOutput(name, outputText(value))
  }
  const s = input.standard
  deps.sink.setOutput(Outputs.Outputs, JSON.stringify(values))
  deps.sink.setOutput(Outputs.DeploymentId, s.deploymentId)
  deps.sink.setOutput(Outputs.DeploymentName, s.deploymentName)
  deps.sink.setOutput(Outputs.ProvisioningState, s.provisioningState)
  deps.sink.setOutput(Outputs.CorrelationId, s.correlationId ?? '')
  deps.sink.setOutput(Outputs.Duration, String(s.durationSeconds))
  deps.sink.setOutput(Outputs.TokenRefreshes, String(s.tokenRefreshes))
}
