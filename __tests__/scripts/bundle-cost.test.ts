import { describe, expect, it } from 'vitest'
import { costTable, partOf } from '../../scripts/bench/bundle-cost.js'

describe('partOf', () => {
  it.each([
    ['../node_modules/@azure/identity/dist/esm/index.js', '@azure/identity'],
    ['../node_modules/undici/lib/fetch/index.js', 'undici'],
    ['../node_modules/@azure/msal-node/node_modules/uuid/x.js', 'uuid'],
    ['../src/auth/token-refresher.ts', 'src/auth/'],
    ['../src/template/sources/linked.ts', 'src/template/'],
    ['../src/main.ts', 'src/ (root files)'],
    ['../webpack/bootstrap', 'bundler runtime, externals, unmapped'],
    ['[unmapped]', 'bundler runtime, externals, unmapped']
  ])('%s -> %s', (source, part) => {
    expect(partOf(source)).toBe(part)
  })
})

describe('costTable', () => {
  it('rows over 1 kB with where they load, the rest summed, and a total', () => {
    const table = costTable([
      { part: 'undici', bytes: 6000, chunk: 'index.js' },
      { part: 'open', bytes: 3000, chunk: '935.index.js' },
      { part: 'ms', bytes: 500, chunk: 'index.js' },
      { part: 'tunnel', bytes: 500, chunk: 'index.js' }
    ]).split('\n')
    expect(table.slice(2)).toEqual([
      '| undici | every run | 6.0 kB | 60.0 % |',
      '| open | on demand (935.index.js) | 3.0 kB | 30.0 % |',
      '| 2 parts under 1 kB each | | 1.0 kB | 10.0 % |',
      '| **all** | | **10.0 kB** | 100 % |'
    ])
  })
})
