// The input checks that need the loaded template (issue 11, items 9 and 11): exact messages.
import { describe, expect, it } from 'vitest'
import { FakeLogger } from '../../helpers/fakes.js'
import { SCOPE_TABLE, SCOPE_TYPES } from '../../../src/azure/scope.js'
import { TemplateInputError } from '../../../src/errors.js'
import {
  checkContent,
  checkMaskedOutputs,
  checkTemplateSchema
} from '../../../src/template/content-checks.js'
import type { ScopeType } from '../../../src/settings/settings.js'

const schema = (file: string, version = '2018-05-01') =>
  `https://schema.management.azure.com/schemas/${version}/${file}#`
const template = (file: string, outputs: Record<string, unknown> = {}) => ({
  $schema: schema(file),
  contentVersion: '1.0.0.0',
  resources: [],
  outputs
})
const thrown = (fn: () => void): TemplateInputError => {
  try {
    fn()
  } catch (e) {
    if (e instanceof TemplateInputError) return e
    throw e
  }
  throw new Error('no error')
}
const forScope = (scope: ScopeType) => ({
  scope,
  templateSchema: SCOPE_TABLE[scope].templateSchema
})

describe('checkTemplateSchema', () => {
  it.each(SCOPE_TYPES)("takes the scope's own schema and deploymentTemplate.json at %s", (s) => {
    const own = { template: template(SCOPE_TABLE[s].templateSchema) }
    expect(() => checkTemplateSchema(own, forScope(s))).not.toThrow()
    const any = { template: template('deploymentTemplate.json') }
    expect(() => checkTemplateSchema(any, forScope(s))).not.toThrow()
  })

  it('takes a template without a $schema, or with one it does not know', () => {
    expect(() =>
      checkTemplateSchema({ template: { resources: [] } }, forScope('tenant'))
    ).not.toThrow()
    expect(() =>
      checkTemplateSchema(
        { template: { $schema: 'https://example.com/mine.json', resources: [] } },
        forScope('tenant')
      )
    ).not.toThrow()
  })

  it.each<[ScopeType, string, string]>([
    [
      'resourceGroup',
      'subscriptionDeploymentTemplate.json',
      "Input 'scope' is 'resourceGroup', but the template's $schema is subscriptionDeploymentTemplate.json, a template for another scope: expected a template whose $schema is deploymentTemplate.json, or the scope the template was written for."
    ],
    [
      'subscription',
      'managementGroupDeploymentTemplate.json',
      "Input 'scope' is 'subscription', but the template's $schema is managementGroupDeploymentTemplate.json, a template for another scope: expected a template whose $schema is subscriptionDeploymentTemplate.json (or deploymentTemplate.json), or the scope the template was written for."
    ],
    [
      'tenant',
      'subscriptionDeploymentTemplate.json',
      "Input 'scope' is 'tenant', but the template's $schema is subscriptionDeploymentTemplate.json, a template for another scope: expected a template whose $schema is tenantDeploymentTemplate.json (or deploymentTemplate.json), or the scope the template was written for."
    ]
  ])('refuses at %s a template with $schema %s', (scope, file, message) => {
    const error = thrown(() => checkTemplateSchema({ template: template(file) }, forScope(scope)))
    expect(error.input).toBe('scope')
    expect(error.message).toBe(message)
  })

  it('matches the schema file in any case', () => {
    const t = { template: template('SubscriptionDeploymentTemplate.json') }
    expect(() => checkTemplateSchema(t, forScope('subscription'))).not.toThrow()
  })
})

describe('checkMaskedOutputs', () => {
  const local = {
    template: template('deploymentTemplate.json', {
      connectionString: { type: 'string', value: 'x' },
      vnetName: { type: 'string', value: 'y' }
    })
  }

  it('takes names the template declares, in any case', () => {
    const logger = new FakeLogger()
    checkMaskedOutputs(local, ['ConnectionString', 'vnetName'], logger)
    expect(logger.lines).toEqual([])
  })

  it('refuses a name a local template does not declare', () => {
    const error = thrown(() => checkMaskedOutputs(local, ['conectionString'], new FakeLogger()))
    expect(error.input).toBe('masked-outputs')
    expect(error.message).toBe(
      "Input 'masked-outputs' names 'conectionString', which the template does not declare as an output: expected names of the template's outputs (connectionString, vnetName)."
    )
  })

  it('names every unknown one, and says when the template has no outputs', () => {
    expect(
      thrown(() => checkMaskedOutputs(local, ['a', 'vnetName', 'b'], new FakeLogger())).message
    ).toBe(
      "Input 'masked-outputs' names 'a', 'b', which the template does not declare as outputs: expected names of the template's outputs (connectionString, vnetName)."
    )
    const none = { template: { resources: [] } }
    expect(thrown(() => checkMaskedOutputs(none, ['secret'], new FakeLogger())).message).toBe(
      "Input 'masked-outputs' names 'secret', which the template does not declare as an output: expected no names: the template declares no outputs."
    )
  })

  it('warns once for a linked template, whose outputs it cannot read', () => {
    const logger = new FakeLogger()
    checkMaskedOutputs(
      { templateLink: { uri: 'https://example.com/t.json' } },
      ['password', 'key'],
      logger
    )
    expect(logger.lines).toEqual([
      {
        level: 'warning',
        message:
          "Input 'masked-outputs' could not be checked against the template's outputs (the template is linked, not read here): password, key are masked only if the deployment returns outputs of exactly those names."
      }
    ])
  })

  it('says nothing without masked-outputs', () => {
    const logger = new FakeLogger()
    checkMaskedOutputs({ templateLink: { id: '/x' } }, [], logger)
    expect(logger.lines).toEqual([])
  })
})

describe('checkContent', () => {
  it('checks the schema first, then masked-outputs', () => {
    const content = {
      template: template('tenantDeploymentTemplate.json'),
      parameters: {},
      secureParameterNames: [],
      secureOutputNames: []
    }
    const error = thrown(() =>
      checkContent(content, { maskedOutputs: ['x'], ...forScope('subscription') }, new FakeLogger())
    )
    expect(error.input).toBe('scope')
  })
})
