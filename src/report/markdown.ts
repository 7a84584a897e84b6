// The one place Markdown text is escaped, for every summary (the deployment's and what-if's).

/** Text inside a table cell: a pipe would end the cell and a newline the row. */
export function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')
}

/** Text inside an inline code span in a table cell: a backtick would end the span. */
export function escapeCode(text: string): string {
  return escapeCell(text).replace(/`/g, "'")
}

/** Text inside an HTML element (<summary>, <details>). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** A Mermaid label: `:`, `#` and `;` are syntax there. */
export function mermaidText(text: string): string {
  return text.replace(/[:#;]/g, '_')
}

export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}
