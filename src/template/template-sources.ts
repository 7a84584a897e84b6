// Reading the template and parameters files: JSON as is, .bicep and .bicepparam through the Bicep CLI.

import { Inputs } from '../runtime/names.js'
import type { CompileIo } from './bicep-cli.js'
import { JsonSyntaxError, parseJson } from './json-text.js'
import { isPlainObject, parametersFromDocument, type Parameters } from './parameter-values.js'
import { extensionOf } from './template-settings.js'
import { named } from './template-input-error.js'
import { TemplateInputError } from '../errors.js'

/** The Bicep CLI runner, loaded on demand: most runs deploy a compiled .json template. */
export const bicepCli = (): Promise<typeof import('./bicep-cli.js')> => import('./bicep-cli.js')

export interface Io extends CompileIo {
  readFile: (path: string) => Promise<string>
}

export async function readText(file: string, input: string, io: Io): Promise<string> {
  try {
    return await io.readFile(file)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT')
      throw new TemplateInputError(input, `${named(input)} (${file}): file not found.`)
    if (code === 'EISDIR') {
      throw new TemplateInputError(
        input,
        `${named(input)} (${file}): is a directory, expected a file.`
      )
    }
    const reason = error instanceof Error ? error.message : String(error)
    throw new TemplateInputError(input, `${named(input)} (${file}): cannot read it: ${reason}`)
  }
}

/** `what` completes "<input> '<file>': <what> is not valid JSON". */
export function parseJsonFrom(
  text: string,
  input: string,
  file: string,
  what = 'the file'
): unknown {
  try {
    return parseJson(text)
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      throw new TemplateInputError(
        input,
        `${named(input)} (${file}): ${what} is not valid JSON: ${error.message}.`
      )
    }
    throw error
  }
}

function asTemplate(doc: unknown, input: string, what: string): Record<string, unknown> {
  if (!isPlainObject(doc)) {
    const got = Array.isArray(doc) ? 'an array' : doc === null ? 'null' : `a ${typeof doc}`
    throw new TemplateInputError(
      input,
      `${named(input)} (${what}): expected a JSON object (an ARM template), got ${got}.`
    )
  }
  if (typeof doc.$schema === 'string' && /deploymentParameters/i.test(doc.$schema)) {
    throw new TemplateInputError(
      input,
      `${named(input)} (${what}): this is a deployment parameters file, not a template; pass it in '${Inputs.ParametersFile}'.`
    )
  }
  return doc
}

export async function loadTemplateFile(file: string, io: Io): Promise<Record<string, unknown>> {
  const text = await readText(file, Inputs.TemplateFile, io)
  if (extensionOf(file) === '.json')
    return asTemplate(parseJsonFrom(text, Inputs.TemplateFile, file), Inputs.TemplateFile, file)
  const compiled = await (await bicepCli()).runBicep('build', file, Inputs.TemplateFile, io)
  const doc = parseJsonFrom(compiled, Inputs.TemplateFile, file, "the Bicep compiler's output")
  return asTemplate(doc, Inputs.TemplateFile, file)
}

interface BicepparamResult {
  parameters: Parameters
  template?: Record<string, unknown>
  templateSpecId?: string
}

/** `bicep build-params --stdout` prints `{ parametersJson, templateJson?, templateSpecId? }`, the first two as JSON strings. */
export async function loadBicepparam(file: string, io: Io): Promise<BicepparamResult> {
  await readText(file, Inputs.ParametersFile, io)
  const output = parseJsonFrom(
    await (await bicepCli()).runBicep('build-params', file, Inputs.ParametersFile, io),
    Inputs.ParametersFile,
    file,
    "the Bicep compiler's output"
  )
  if (!isPlainObject(output) || typeof output.parametersJson !== 'string') {
    throw new TemplateInputError(
      Inputs.ParametersFile,
      `${named(Inputs.ParametersFile)} (${file}): the Bicep compiler's build-params output has no parametersJson; is the Bicep CLI too old?`
    )
  }
  const parameters = parametersFromDocument(
    parseJsonFrom(
      output.parametersJson,
      Inputs.ParametersFile,
      file,
      'the compiled parametersJson'
    ),
    file
  )
  const template =
    typeof output.templateJson === 'string'
      ? asTemplate(
          parseJsonFrom(
            output.templateJson,
            Inputs.ParametersFile,
            file,
            'the compiled templateJson'
          ),
          Inputs.ParametersFile,
          file
        )
      : undefined
  const templateSpecId =
    typeof output.templateSpecId === 'string' ? output.templateSpecId : undefined
  return { parameters, template, templateSpecId }
}
