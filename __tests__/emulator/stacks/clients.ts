// The real SDK clients the stack tests drive the emulator with, and small wire helpers for what
// the SDKs do not cover (a DELETE of one resource, the caller's object id).
import { DeploymentsClient } from '@azure/arm-resourcesdeployments'
import {
  DeploymentStacksClient,
  type DeploymentStack,
  type DeploymentStackProperties,
  type DeploymentStacks
} from '@azure/arm-resourcesdeploymentstacks'
import { ClientSecretCredential } from '@azure/identity'
import type { StartedEmulator } from '../../../emulator/src/index.js'

export interface Clients {
  /** The client's `deploymentStacks` operations. */
  stacks: DeploymentStacks
  deployments: DeploymentsClient
  credential: ClientSecretCredential
}

export function clients(emulator: StartedEmulator): Clients {
  const { info } = emulator
  const credential = new ClientSecretCredential(info.tenantId, info.clientId, info.clientSecret, {
    authorityHost: info.authorityHost,
    disableInstanceDiscovery: true
  })
  const options = {
    endpoint: info.armEndpoint,
    credentials: { scopes: [`${info.armEndpoint}/.default`] }
  }
  return {
    credential,
    stacks: new DeploymentStacksClient(credential, info.subscriptionId, options).deploymentStacks,
    deployments: new DeploymentsClient(credential, info.subscriptionId, options)
  }
}

async function bearer(emulator: StartedEmulator, c: Clients): Promise<string> {
  const token = await c.credential.getToken(`${emulator.info.armEndpoint}/.default`)
  return token.token
}

/** The `oid` of the token the clients use: the principal deny settings exclude or not. */
export async function callerOid(emulator: StartedEmulator, c: Clients): Promise<string> {
  const payload = (await bearer(emulator, c)).split('.')[1]
  return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { oid: string }).oid
}

/** A plain ARM request on one resource id, as a portal user or `az resource delete` sends it. */
export async function resourceRequest(
  emulator: StartedEmulator,
  c: Clients,
  method: 'GET' | 'DELETE',
  id: string
): Promise<{ status: number; body: { error?: { code: string; message: string } } }> {
  const response = await fetch(`${emulator.info.armEndpoint}${id}?api-version=2023-09-01`, {
    method,
    headers: { authorization: `Bearer ${await bearer(emulator, c)}` }
  })
  const text = await response.text()
  return { status: response.status, body: text ? (JSON.parse(text) as { error?: never }) : {} }
}

export const SCHEMA =
  'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#'

/** A resource-group template of a network security group and, optionally, a public IP. */
export function nsgTemplate(withIp: boolean): Record<string, unknown> {
  return {
    $schema: SCHEMA,
    contentVersion: '1.0.0.0',
    parameters: { prefix: { type: 'string' } },
    resources: [
      {
        type: 'Microsoft.Network/networkSecurityGroups',
        apiVersion: '2023-09-01',
        name: "[format('{0}-nsg', parameters('prefix'))]",
        location: '[resourceGroup().location]',
        properties: { securityRules: [] }
      },
      ...(withIp
        ? [
            {
              type: 'Microsoft.Network/publicIPAddresses',
              apiVersion: '2023-09-01',
              name: "[format('{0}-pip', parameters('prefix'))]",
              location: '[resourceGroup().location]',
              properties: {}
            }
          ]
        : [])
    ],
    outputs: {
      nsgId: {
        type: 'string',
        value:
          "[resourceId('Microsoft.Network/networkSecurityGroups', format('{0}-nsg', parameters('prefix')))]"
      }
    }
  }
}

/** A resource-group stack of nsgTemplate: detach on unmanage, no deny settings unless given. */
export function nsgStack(
  prefix: string,
  withIp: boolean,
  properties: Partial<DeploymentStackProperties> = {}
): DeploymentStack {
  return {
    properties: {
      template: nsgTemplate(withIp),
      parameters: { prefix: { value: prefix } },
      actionOnUnmanage: { resources: 'detach' },
      denySettings: { mode: 'none' },
      ...properties
    }
  }
}

/** Ids of what nsgTemplate deploys into a resource group. */
export function nsgIds(emulator: StartedEmulator, rg: string, prefix: string) {
  const base = `/subscriptions/${emulator.info.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Network`
  return {
    nsg: `${base}/networkSecurityGroups/${prefix}-nsg`,
    pip: `${base}/publicIPAddresses/${prefix}-pip`
  }
}
