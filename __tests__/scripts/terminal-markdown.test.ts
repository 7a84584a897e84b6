import { describe, expect, it } from 'vitest'
import { renderMarkdown } from '../../scripts/lib/terminal-markdown.js'

describe('renderMarkdown', () => {
  it('aligns tables, keeps headings and turns links and HTML into text', () => {
    const md = [
      '## ✅ Deployment succeeded',
      '',
      '**Deployment:** [hub-4242](https://portal.azure.com/#x)',
      '',
      '| Resource | State | Duration |',
      '| --- | --- | ---: |',
      '| contoso-hub-vpngw | Succeeded | 52m |',
      '| fw | Running | 3m |',
      '',
      '<details><summary>Timeline</summary>',
      '',
      '```mermaid',
      'gantt',
      '```',
      '</details>'
    ].join('\n')
    expect(renderMarkdown(md).split('\n')).toEqual([
      '✅ Deployment succeeded',
      '',
      'Deployment: hub-4242 (https://portal.azure.com/#x)',
      '',
      'Resource           State      Duration',
      '─────────────────  ─────────  ────────',
      'contoso-hub-vpngw  Succeeded  52m',
      'fw                 Running    3m',
      '',
      '▸ Timeline',
      '',
      '  [mermaid]',
      '  │ gantt'
    ])
  })

  it('drops an empty header row and shows only the text of links in cells', () => {
    const md =
      '| | |\n|---|---|\n| Deployment | [hub-1](https://portal.azure.com/#x) |\n| Duration | 1m36s |'
    expect(renderMarkdown(md).split('\n')).toEqual(['Deployment  hub-1', 'Duration    1m36s'])
  })

  it('keeps escaped pipes inside a cell', () => {
    expect(renderMarkdown('| a | b |\n|---|---|\n| x \\| y | z |').split('\n')[2]).toBe('x | y  z')
  })
})
