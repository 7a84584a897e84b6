// The ARM template expression language's grammar ("[concat(parameters('a'), '-x')]"): function
// calls, string/number/boolean/null literals, `.name` and `[index]` member access. Parsing only;
// expressions.ts evaluates the tree.
import { invalidExpression } from './errors.js'

export type Node =
  | { kind: 'literal'; value: unknown }
  | { kind: 'call'; name: string; args: Node[] }
  | { kind: 'member'; target: Node; property: Node }

/** Parses the text between an expression's outer brackets. */
export function parseExpression(text: string): Node {
  return new Parser(text).parseAll()
}

class Parser {
  private pos = 0
  constructor(private readonly src: string) {}

  parseAll(): Node {
    const node = this.parseExpr()
    this.skip()
    if (this.pos !== this.src.length) this.fail(`unexpected '${this.src.slice(this.pos)}'`)
    return node
  }

  private fail(reason: string): never {
    throw invalidExpression(
      `The template language expression '${this.src}' is not valid: ${reason}`
    )
  }

  private skip(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos])) this.pos++
  }

  private parseExpr(): Node {
    this.skip()
    let node = this.parsePrimary()
    for (;;) {
      this.skip()
      const ch = this.src[this.pos]
      if (ch === '.') {
        this.pos++
        const name = this.ident()
        node = { kind: 'member', target: node, property: { kind: 'literal', value: name } }
      } else if (ch === '[') {
        this.pos++
        const property = this.parseExpr()
        this.expect(']')
        node = { kind: 'member', target: node, property }
      } else return node
    }
  }

  private parsePrimary(): Node {
    const ch = this.src[this.pos]
    if (ch === "'") return { kind: 'literal', value: this.string() }
    if (ch !== undefined && /[-\d]/.test(ch)) {
      const m = /^-?\d+(\.\d+)?/.exec(this.src.slice(this.pos))
      if (!m) this.fail('bad number')
      this.pos += m[0].length
      return { kind: 'literal', value: Number(m[0]) }
    }
    const name = this.ident()
    this.skip()
    // `true`, `false` and `null` are literals, or functions when called (`null()`, as Bicep writes).
    if (['true', 'false', 'null'].includes(name) && this.src[this.pos] !== '(')
      return { kind: 'literal', value: name === 'null' ? null : name === 'true' }
    this.expect('(')
    const args: Node[] = []
    this.skip()
    if (this.src[this.pos] === ')') this.pos++
    else {
      for (;;) {
        args.push(this.parseExpr())
        this.skip()
        if (this.src[this.pos] === ',') this.pos++
        else {
          this.expect(')')
          break
        }
      }
    }
    return { kind: 'call', name: name.toLowerCase(), args }
  }

  private ident(): string {
    this.skip()
    const m = /^[A-Za-z_][\w$]*/.exec(this.src.slice(this.pos))
    if (!m) this.fail(`expected a name at position ${this.pos}`)
    this.pos += m[0].length
    return m[0]
  }

  private string(): string {
    let out = ''
    this.pos++
    for (;;) {
      if (this.pos >= this.src.length) this.fail('unterminated string')
      const ch = this.src[this.pos++]
      if (ch === "'") {
        if (this.src[this.pos] === "'") {
          out += "'"
          this.pos++
        } else return out
      } else out += ch
    }
  }

  private expect(ch: string): void {
    this.skip()
    if (this.src[this.pos] !== ch) this.fail(`expected '${ch}' at position ${this.pos}`)
    this.pos++
  }
}
