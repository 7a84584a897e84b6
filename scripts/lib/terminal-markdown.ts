// Renders the job summary's markdown for a terminal: headings, aligned tables, fenced blocks,
// links as `text (url)`, and the HTML GitHub allows (<details>, <br>) reduced to text.

export interface Style {
  bold(s: string): string
  dim(s: string): string
  heading(s: string): string
}

export const plain: Style = { bold: (s) => s, dim: (s) => s, heading: (s) => s }

export const ansi: Style = {
  bold: (s) => `\x1b[1m${s}\x1b[22m`,
  dim: (s) => `\x1b[2m${s}\x1b[22m`,
  heading: (s) => `\x1b[1;4m${s}\x1b[0m`
}

export function renderMarkdown(markdown: string, style: Style = plain): string {
  const out: string[] = []
  const lines = markdown.replace(/\r\n/g, '\n').split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    const fence = /^\s*(```+|~~~+)\s*(\S*)/.exec(line)
    if (fence) {
      const end = lines.findIndex((l, j) => j > i && l.trim().startsWith(fence[1]))
      const body = lines.slice(i + 1, end < 0 ? lines.length : end)
      const chart = fence[2] === 'mermaid' ? ganttChart(body) : undefined
      if (chart) out.push(...chart)
      else {
        if (fence[2]) out.push(style.dim(`  [${fence[2]}]`))
        for (const b of body) out.push(style.dim(`  │ ${b}`))
      }
      i = end < 0 ? lines.length : end
      continue
    }
    if (isTableRow(line) && i + 1 < lines.length && /^\s*\|?\s*:?-{3,}/.test(lines[i + 1])) {
      let end = i + 2
      while (end < lines.length && isTableRow(lines[end])) end++
      out.push(...renderTable([line, ...lines.slice(i + 2, end)], style))
      i = end - 1
      continue
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line)
    if (heading) {
      out.push(style.heading(inline(heading[2], style)))
      continue
    }
    const text = inline(line, style)
    // A line that was only HTML (<details>, </details>) disappears instead of leaving a gap.
    if (text.trim() === '' && line.trim() !== '') continue
    out.push(text)
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n')
}

function isTableRow(line: string): boolean {
  return /^\s*\|.*\|\s*$/.test(line)
}

function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim().replace(/\\\|/g, '|'))
}

function renderTable(rows: string[], style: Style): string[] {
  // Links in cells show their text only: a portal URL would make every row screen-wide.
  const table = rows.map((r) => cells(r).map((c) => inline(c, plain, false)))
  const widths = table[0].map((_, col) => Math.max(...table.map((r) => (r[col] ?? '').length)))
  const format = (r: string[]) =>
    r
      .map((c, col) => (c ?? '').padEnd(widths[col]))
      .join('  ')
      .trimEnd()
  // A header of empty cells (a key/value table) is not worth a line.
  const header = table[0].every((c) => c === '')
    ? []
    : [style.bold(format(table[0])), widths.map((w) => '─'.repeat(w)).join('  ')]
  return [...header, ...table.slice(1).map(format)]
}

function inline(text: string, style: Style, urls = true): string {
  return text
    .replace(/<summary>(.*?)<\/summary>/g, (_, s: string) => `▸ ${s}`)
    .replace(/<br\s*\/?>/g, ' ')
    .replace(/<\/?[a-z][^>]*>/gi, '')
    .replace(/!?\[([^\]]*)\]\(([^)]+)\)/g, (_, t: string, u: string) =>
      t === u || !urls ? t : `${t} (${u})`
    )
    .replace(/\*\*([^*]+)\*\*/g, (_, s: string) => style.bold(s))
    .replace(/`([^`]+)`/g, '$1')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

const CHART_WIDTH = 40

/**
 * A Mermaid `gantt` with epoch-ms tasks (`name (state) :done, start, end`) as terminal bars;
 * undefined for any other diagram, which is then shown as text.
 */
export function ganttChart(body: string[]): string[] | undefined {
  if (body[0]?.trim() !== 'gantt') return undefined
  const rows: Array<{ section?: string; name?: string; start?: number; end?: number }> = []
  for (const line of body.slice(1)) {
    const section = /^\s*section\s+(.*)$/.exec(line)
    if (section) {
      rows.push({ section: section[1] })
      continue
    }
    const task = /^\s*(.+?)\s*:[^,]*,\s*(\d+)\s*,\s*(\d+)\s*$/.exec(line)
    if (task) rows.push({ name: task[1], start: Number(task[2]), end: Number(task[3]) })
  }
  const tasks = rows.filter((r) => r.name !== undefined)
  if (tasks.length === 0) return undefined
  const t0 = Math.min(...tasks.map((t) => t.start!))
  const span = Math.max(1, Math.max(...tasks.map((t) => t.end!)) - t0)
  const width = Math.max(...tasks.map((t) => t.name!.length))
  return rows.map((r) => {
    if (r.section !== undefined) return `  ${r.section}`
    const from = Math.floor(((r.start! - t0) / span) * CHART_WIDTH)
    const to = Math.max(from + 1, Math.round(((r.end! - t0) / span) * CHART_WIDTH))
    const bar = ' '.repeat(from) + '█'.repeat(to - from) + ' '.repeat(CHART_WIDTH - to)
    return `    ${r.name!.padEnd(width)} │${bar}│`
  })
}
