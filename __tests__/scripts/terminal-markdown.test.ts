import { describe, expect, it } from 'vitest'
import { ganttChart, renderMarkdown } from '../../scripts/lib/terminal-markdown.js'

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

  it('leaves a mermaid diagram that is not a gantt as text', () => {
    expect(renderMarkdown('```mermaid\nflowchart LR\n```').split('\n')).toEqual([
      '  [mermaid]',
      '  │ flowchart LR'
    ])
  })
})

describe('ganttChart', () => {
  it('draws each task as a bar on one time axis, under its section', () => {
    const chart = ganttChart([
      'gantt',
      '  dateFormat x',
      '  section deployment',
      '  vnet (Succeeded) :done, 1000, 2000',
      '  vpngw (Succeeded) :done, 2000, 5000',
      '  section spoke',
      '  peer (Failed) :crit, 1000, 1100'
    ])
    const bar = (from: number, to: number) =>
      ' '.repeat(from) + '█'.repeat(to - from) + ' '.repeat(40 - to)
    expect(chart).toEqual([
      '  deployment',
      `    vnet (Succeeded)  │${bar(0, 10)}│`,
      `    vpngw (Succeeded) │${bar(10, 40)}│`,
      '  spoke',
      `    peer (Failed)     │${bar(0, 1)}│`
    ])
  })
})
