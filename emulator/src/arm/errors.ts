// ARM's error shape (CloudError / ErrorResponse): code, message, optional target, details and
// additionalInfo. Thrown as ArmError inside the ARM half and turned into a response in one place.
import type { ArmResponse } from '../types.js'

export interface ErrorDetail {
  code: string
  message: string
  target?: string
  details?: ErrorDetail[]
  additionalInfo?: Array<{ type: string; info: unknown }>
}

export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Omit<ErrorDetail, 'code' | 'message'> = {}
  ) {
    super(message)
  }

  get detail(): ErrorDetail {
    return { code: this.code, message: this.message, ...this.extra }
  }
}

export function errorResponse(error: ArmError): ArmResponse {
  return {
    status: error.status,
    body: { error: error.detail },
    schema: 'CloudError'
  }
}

const TEMPLATE_VIOLATION = [
  { type: 'TemplateViolation', info: { lineNumber: 0, linePosition: 0, path: '' } }
]

/** ARM's template validation failure: 400 InvalidTemplate with a TemplateViolation. */
export function invalidTemplate(reason: string): ArmError {
  return new ArmError(
    400,
    'InvalidTemplate',
    `Deployment template validation failed: '${reason}'.`,
    {
      additionalInfo: TEMPLATE_VIOLATION
    }
  )
}

/** A template language expression that could not be evaluated. */
export function invalidExpression(reason: string): ArmError {
  return new ArmError(
    400,
    'InvalidTemplate',
    `Deployment template language expression evaluation failed: '${reason}'. Please see https://aka.ms/arm-functions for usage details.`,
    {
      additionalInfo: TEMPLATE_VIOLATION
    }
  )
}

export const notFound = {
  deployment: (name: string) =>
    new ArmError(404, 'DeploymentNotFound', `Deployment '${name}' could not be found.`),
  resourceGroup: (name: string) =>
    new ArmError(404, 'ResourceGroupNotFound', `Resource group '${name}' could not be found.`),
  subscription: (id: string) =>
    new ArmError(404, 'SubscriptionNotFound', `The subscription '${id}' could not be found.`),
  route: (method: string, path: string) =>
    new ArmError(
      404,
      'NoRegisteredProviderFound',
      `No registered resource provider found for location '' and API version '' for type '${method} ${path}'.`
    )
}
