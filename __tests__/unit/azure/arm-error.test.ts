import { createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline'
import { describe, expect, it } from 'vitest'
import { formatErrorDetail, toArmCallError, toErrorDetail } from '../../../src/azure/arm-error.js'

describe('ARM errors', () => {
  const body = {
    error: {
      code: 'InvalidTemplateDeployment',
      message: 'The template deployment failed.',
      details: [{ code: 'SkuNotAvailable', message: 'Standard_D2 is not available', target: 'vm1' }]
    }
  }

  it('reads the error body whole', () => {
    expect(toErrorDetail(body)).toEqual({
      code: 'InvalidTemplateDeployment',
      message: 'The template deployment failed.',
      details: [{ code: 'SkuNotAvailable', message: 'Standard_D2 is not available', target: 'vm1' }]
    })
    expect(toErrorDetail({})).toBeUndefined()
  })

  it('formats nested details indented', () => {
    expect(formatErrorDetail(toErrorDetail(body) ?? {})).toBe(
      'InvalidTemplateDeployment: The template deployment failed.\n  SkuNotAvailable: Standard_D2 is not available (target: vm1)'
    )
  })

  it('keeps the status, the body and the correlation id of a failed call', () => {
    const request = createPipelineRequest({ url: 'https://management.azure.com/x' })
    const error = new RestError('Bad Request', {
      statusCode: 400,
      request,
      response: {
        status: 400,
        request,
        headers: createHttpHeaders({ 'x-ms-correlation-request-id': 'corr-1' }),
        bodyAsText: JSON.stringify(body)
      }
    })
    const wrapped = toArmCallError('Starting deployment hub', error)
    expect(wrapped.message).toBe(
      'Starting deployment hub failed (HTTP 400)\n  InvalidTemplateDeployment: The template deployment failed.\n    SkuNotAvailable: Standard_D2 is not available (target: vm1)\n  correlation id: corr-1'
    )
  })
})
