// JSON.parse's messages name neither line nor column for many errors (V8 quotes a snippet instead), so
// on failure we re-scan the text to find where it broke. The scan runs only after JSON.parse failed.
//
// ARM templates and parameters files may carry // and /* */ comments (the az CLI and PowerShell accept
// them, so users of the az-based actions have them); they are blanked out first, keeping every line and
// column where it was.

export class JsonSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number
  ) {
    super(`${reason} at line ${line}, column ${column}`)
    this.name = 'JsonSyntaxError'
  }
}

/** JSON.parse with comments allowed; a syntax error is a JsonSyntaxError with a 1-based line and column. A BOM is ignored. */
export function parseJson(text: string): unknown {
  const source = blankComments(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
  try {
    return JSON.parse(source)
  } catch {
    const found = locateJsonError(source)
    const { line, column } = lineAndColumn(source, found.offset)
    throw new JsonSyntaxError(found.reason, line, column)
  }
}

/** Replaces comments outside strings with spaces (line breaks kept). An unterminated block comment stays, to fail. */
function blankComments(text: string): string {
  if (!text.includes('/')) return text
  const parts: string[] = []
  let copied = 0 // text before this index is already in parts
  let i = 0
  while (i < text.length) {
    const c = text[i]
    if (c === '"') {
      i++
      while (i < text.length && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1
      i++
      continue
    }
    if (c !== '/' || (text[i + 1] !== '/' && text[i + 1] !== '*')) {
      i++
      continue
    }
    const block = text[i + 1] === '*'
    const close = block ? text.indexOf('*/', i + 2) : text.indexOf('\n', i)
    if (block && close === -1) break // unterminated: leave it for the parser to report
    const stop = close === -1 ? text.length : block ? close + 2 : close
    parts.push(text.slice(copied, i), text.slice(i, stop).replace(/[^\n]/g, ' '))
    copied = i = stop
  }
  parts.push(text.slice(copied))
  return parts.join('')
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset)
  const lines = before.split('\n')
  return { line: lines.length, column: lines[lines.length - 1].length + 1 }
}

interface Found {
  offset: number
  reason: string
}

class Stop extends Error {
  constructor(readonly found: Found) {
    super(found.reason)
  }
}

/** Walks the JSON grammar and reports the first offset that breaks it. */
function locateJsonError(text: string): Found {
  let i = 0
  const fail = (reason: string): never => {
    throw new Stop({ offset: i, reason })
  }
  const here = (): string => (i >= text.length ? 'end of input' : JSON.stringify(text[i]))
  const skipSpace = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++
  }
  const expect = (char: string, context: string): void => {
    skipSpace()
    if (text[i] !== char) fail(`expected '${char}' ${context}, found ${here()}`)
    i++
  }
  const string = (): void => {
    i++ // opening quote
    while (i < text.length && text[i] !== '"') {
      const c = text.charCodeAt(i)
      if (c < 0x20) fail('control character (e.g. a raw line break) inside a string')
      if (text[i] === '\\') {
        i++
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail('invalid \\u escape')
          i += 4
        } else if (!'"\\/bfnrt'.includes(text[i] ?? '')) fail('invalid escape in string')
      }
      i++
    }
    if (i >= text.length) fail('unterminated string')
    i++
  }
  const value = (): void => {
    skipSpace()
    const c = text[i]
    if (c === '{') {
      i++
      skipSpace()
      if (text[i] === '}') {
        i++
        return
      }
      for (;;) {
        skipSpace()
        if (text[i] !== '"') fail(`expected a property name in double quotes, found ${here()}`)
        string()
        expect(':', 'after property name')
        value()
        skipSpace()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] === '}') {
          i++
          return
        }
        fail(`expected ',' or '}' after property value, found ${here()}`)
      }
    }
    if (c === '[') {
      i++
      skipSpace()
      if (text[i] === ']') {
        i++
        return
      }
      for (;;) {
        value()
        skipSpace()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] === ']') {
          i++
          return
        }
        fail(`expected ',' or ']' after array element, found ${here()}`)
      }
    }
    if (c === '"') return string()
    const literal = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)/.exec(
      text.slice(i, i + 400)
    )
    if (literal) {
      i += literal[0].length
      return
    }
    fail(`expected a value, found ${here()}`)
  }
  try {
    value()
    skipSpace()
    if (i < text.length) fail(`unexpected ${here()} after the end of the JSON value`)
  } catch (error) {
    if (error instanceof Stop) return error.found
    throw error
  }
  // JSON.parse failed but the scan did not (should not happen): point at the start.
  return { offset: 0, reason: 'invalid JSON' }
}
