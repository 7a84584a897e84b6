// ARM reads request bodies with Newtonsoft Json.NET, which accepts more than strict JSON:
// unquoted property names, single-quoted strings and comments. Debian's az 2.45 relies on it: it
// splices the template file into the body as `template:{...}`. The server parses ARM bodies
// with this so such clients work as they do against Azure.

export function parseLenientJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    const parser = new LenientParser(text)
    const value = parser.value()
    parser.end()
    return value
  }
}

class LenientParser {
  private pos = 0
  constructor(private readonly src: string) {}

  private fail(what: string): never {
    throw new SyntaxError(`Invalid JSON at position ${this.pos}: ${what}`)
  }

  private skip(): void {
    for (;;) {
      const rest = this.src.slice(this.pos, this.pos + 2)
      if (/^\s/.test(rest)) this.pos++
      else if (rest === '//') {
        const nl = this.src.indexOf('\n', this.pos)
        this.pos = nl < 0 ? this.src.length : nl + 1
      } else if (rest === '/*') {
        const close = this.src.indexOf('*/', this.pos + 2)
        if (close < 0) this.fail('unterminated comment')
        this.pos = close + 2
      } else return
    }
  }

  end(): void {
    this.skip()
    if (this.pos !== this.src.length) this.fail('unexpected trailing content')
  }

  value(): unknown {
    this.skip()
    const ch = this.src[this.pos]
    if (ch === '{') return this.object()
    if (ch === '[') return this.array()
    if (ch === '"' || ch === "'") return this.string()
    const literal = /^(-?\d+(\.\d+)?([eE][-+]?\d+)?|true|false|null)/.exec(this.src.slice(this.pos))
    if (!literal) this.fail(`unexpected '${ch ?? 'end of input'}'`)
    this.pos += literal[0].length
    return JSON.parse(literal[0])
  }

  private object(): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    this.pos++
    for (;;) {
      this.skip()
      if (this.src[this.pos] === '}') {
        this.pos++
        return out
      }
      const key = this.key()
      this.skip()
      if (this.src[this.pos] !== ':') this.fail("expected ':'")
      this.pos++
      out[key] = this.value()
      this.skip()
      if (this.src[this.pos] === ',') this.pos++
      else if (this.src[this.pos] !== '}') this.fail("expected ',' or '}'")
    }
  }

  private key(): string {
    const ch = this.src[this.pos]
    if (ch === '"' || ch === "'") return this.string()
    const name = /^[A-Za-z_$][\w$]*/.exec(this.src.slice(this.pos))
    if (!name) this.fail('expected a property name')
    this.pos += name[0].length
    return name[0]
  }

  private array(): unknown[] {
    const out: unknown[] = []
    this.pos++
    for (;;) {
      this.skip()
      if (this.src[this.pos] === ']') {
        this.pos++
        return out
      }
      out.push(this.value())
      this.skip()
      if (this.src[this.pos] === ',') this.pos++
      else if (this.src[this.pos] !== ']') this.fail("expected ',' or ']'")
    }
  }

  private string(): string {
    const quote = this.src[this.pos]
    let end = this.pos + 1
    while (end < this.src.length && this.src[end] !== quote) end += this.src[end] === '\\' ? 2 : 1
    if (end >= this.src.length) this.fail('unterminated string')
    const body = this.src.slice(this.pos + 1, end)
    this.pos = end + 1
    const normalized = quote === "'" ? body.replace(/\\'/g, "'").replace(/"/g, '\\"') : body
    return JSON.parse(`"${normalized}"`) as string
  }
}
