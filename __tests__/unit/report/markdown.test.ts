import { describe, expect, it } from 'vitest'
import {
  escapeCell,
  escapeCode,
  escapeHtml,
  mermaidText,
  truncate
} from '../../../src/report/markdown.js'

describe('markdown escaping', () => {
  it('keeps a table cell one cell on one row', () => {
    expect(escapeCell('a|b\r\nc')).toBe('a\\|b c')
  })
  it('keeps a code span closed', () => {
    expect(escapeCode('`x`|y')).toBe("'x'\\|y")
  })
  it('escapes HTML, Mermaid syntax, and shortens', () => {
    expect(escapeHtml('<a & b>')).toBe('&lt;a &amp; b&gt;')
    expect(mermaidText('a:b#c;d')).toBe('a_b_c_d')
    expect(truncate('abcdef', 4)).toBe('abc…')
    expect(truncate('abc', 4)).toBe('abc')
  })
})
