import { createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline'
import { describe, expect, it } from 'vitest'
import {
  formatErrorDetail,
  hintFor,
  toArmCallError,
  toErrorDetail
} from '../../../src/azure/arm-error.js'

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
  // The 800-deployment history (issue 11, item 8): ARM's message says to delete deployments, not
  // why Azure's own cleanup did not.
  const QUOTA_HINT =
    "a scope keeps at most 800 deployments in its history; Azure deletes the oldest once there are more than 700, unless that cleanup is blocked: by a CanNotDelete or ReadOnly lock on the resource group or subscription, by the deploying identity lacking 'Microsoft.Resources/deployments/delete' (the cleanup runs as that identity), or by the subscription's DisableDeploymentGrooming feature. Remove the lock or grant the permission and run again (the cleanup then starts at once), or delete old deployments yourself (az deployment group|sub|mg|tenant delete). See https://aka.ms/800LimitFix."

  it('adds what to do to DeploymentQuotaExceeded', () => {
    const request = createPipelineRequest({ url: 'https://management.azure.com/x' })
    const quota = {
      error: {
        code: 'DeploymentQuotaExceeded',
        message:
          "Creating the deployment 'hub' would exceed the quota of '800'. The current deployment count is '800'. Please delete some deployments before creating a new one, or see https://aka.ms/800LimitFix for information on managing deployment limits."
      }
    }
    const error = new RestError('Bad Request', {
      statusCode: 400,
      request,
      response: {
        status: 400,
        request,
        headers: createHttpHeaders({ 'x-ms-correlation-request-id': 'corr-2' }),
        bodyAsText: JSON.stringify(quota)
      }
    })
    expect(toArmCallError("Starting deployment 'hub' at resource group scope", error).message).toBe(
      `Starting deployment 'hub' at resource group scope failed (HTTP 400)\n  DeploymentQuotaExceeded: ${quota.error.message}\n  correlation id: corr-2\n  hint: ${QUOTA_HINT}`
    )
  })

  it('finds the code in nested details, in any case, and has no hint for other codes', () => {
    expect(
      hintFor({ code: 'InvalidTemplateDeployment', details: [{ code: 'deploymentquotaexceeded' }] })
    ).toBe(QUOTA_HINT)
    expect(hintFor(toErrorDetail(body))).toBeUndefined()
    expect(hintFor(undefined)).toBeUndefined()
  })
})
