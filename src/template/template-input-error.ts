/** A problem with what the user gave us; `input` is the action input to fix (e.g. `template-file`). */
export class TemplateInputError extends Error {
  readonly input: string

  constructor(input: string, message: string) {
    super(message)
    this.name = 'TemplateInputError'
    this.input = input
  }
}
