import { describe, expect, it } from 'vitest'
import { summaryContext } from '../../../src/report/summary-context.js'

const scope = { type: 'resourceGroup', subscriptionId: 'sub', resourceGroupName: 'rg' } as const

describe('summaryContext', () => {
  it('names a local template relative to the workspace', () => {
    const context = summaryContext(
      {
        scope,
        template: { templateFile: '/work/repo/infra/main.json', parametersFiles: [] },
        mode: 'Incremental',
        operation: 'create'
      },
      '/work/repo'
    )
    expect(context.template).toBe('infra/main.json')
    expect(context.mode).toBe('Incremental')
  })

  it('shows a linked template without its query, which may be a SAS token', () => {
    const context = summaryContext({
      scope,
      template: {
        templateUri: 'https://st.blob.core.windows.net/t/main.json?sv=2024-11-04&sig=secret123',
        parametersFiles: []
      },
      mode: 'Incremental',
      operation: 'create'
    })
    expect(context.template).toBe('https://st.blob.core.windows.net/t/main.json?…')
    expect(JSON.stringify(context)).not.toContain('secret123')
  })
})
