// The gantt's row cap: every failed operation, then the longest, never more than MAX_GANTT_ROWS
// (unless failures alone exceed it), the rest listed in a collapsed table.
import { describe, expect, it } from 'vitest'
import { chartRows, MAX_GANTT_ROWS, timeline } from '../../../src/report/timeline.js'
import { MIN, T0, tracked } from '../../helpers/timeline.js'

const PIP = 'Microsoft.Network/publicIPAddresses'
const op = (i: number, minutes: number, state = 'Succeeded') =>
  tracked(
    `pip-${String(i).padStart(3, '0')}`,
    PIP,
    state,
    T0 + i * 1000,
    T0 + i * 1000 + minutes * MIN,
    {
      key: `/ops/${i}`
    }
  )

describe('chartRows', () => {
  it('charts every failure and then the longest, in start order', () => {
    const ops = Array.from({ length: 100 }, (_, i) => op(i, i % 10 === 0 ? 60 : 1))
    ops[55] = op(55, 1, 'Failed')
    ops[99] = op(99, 2, 'Failed')
    const { charted, rest } = chartRows(ops, T0 + 2 * 60 * MIN)
    expect(charted).toHaveLength(MAX_GANTT_ROWS)
    expect(rest).toHaveLength(100 - MAX_GANTT_ROWS)
    const names = charted.map((o) => o.resourceName)
    expect(names).toContain('pip-055')
    expect(names).toContain('pip-099')
    // The ten 60-minute ones are all in.
    for (let i = 0; i < 100; i += 10) expect(names).toContain(`pip-${String(i).padStart(3, '0')}`)
    expect([...charted].sort((a, b) => a.startedAt - b.startedAt)).toEqual(charted)
  })

  it('keeps a small deployment whole, with no table below', () => {
    const ops = [op(1, 5), op(2, 3, 'Failed')]
    expect(chartRows(ops, T0).rest).toEqual([])
    expect(timeline(ops, 'hub', T0, T0 + 10 * MIN)).not.toContain('<details>')
  })

  it('names the top section after the deployment and shortens long nested labels', () => {
    const nested = 'a-very-long-nested-deployment-name-from-a-registry-module/and-deeper'
    const chart = timeline(
      [op(1, 5), { ...op(2, 5), nestedDeployment: nested }],
      'hub-42',
      T0,
      T0 + 10 * MIN
    )
    expect(chart).toContain('  section hub-42\n')
    expect(chart).not.toContain('section deployment')
    const long = /section (….+)\n/.exec(chart)?.[1] ?? ''
    expect(long.length).toBe(40)
    expect(long.endsWith('and-deeper')).toBe(true)
    // Room on the left for it.
    expect(chart).toMatch(/"leftPadding": 296/)
  })
})
