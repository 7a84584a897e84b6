// Checks workflow files with GitHub's own workflow parser (@actions/workflow-parser, the schema
// and converter behind the Actions language service), not only as YAML: unknown keys, wrong
// types, bad expressions, `needs` on jobs that do not exist, and reusable-workflow calls whose
// `with:` does not match the called workflow's inputs all fail here instead of on GitHub.
//   npx tsx scripts/check-workflows.ts [files…]   (default: .github/workflows and examples/workflows)
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { basename, dirname, join, relative, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import {
  convertWorkflowTemplate,
  NoOperationTraceWriter,
  parseWorkflow
} from '@actions/workflow-parser'
import { REPO_ROOT } from './lib/action-runner.js'

export const WORKFLOW_DIRS = ['.github/workflows', 'examples/workflows']

/** Problems GitHub would report for the workflow at `file`, as `file (line:col): message`. */
export async function checkWorkflow(file: string): Promise<string[]> {
  const name = displayName(file)
  const result = parseWorkflow(
    { name, content: readFileSync(file, 'utf8') },
    new NoOperationTraceWriter()
  )
  const errors = result.context.errors.getErrors().map((e) => e.message)
  if (errors.length > 0 || !result.value) return errors.length > 0 ? errors : [`${name}: empty`]
  // Converting resolves jobs, needs and calls to local reusable workflows (one level deep, read
  // from beside the calling file: the examples call ./.github/workflows/… that live next to them).
  const template = await convertWorkflowTemplate(
    result.context,
    result.value,
    {
      getFileContent: async (ref) => {
        const local = join(dirname(file), basename(ref.path))
        const path = existsSync(join(REPO_ROOT, ref.path)) ? join(REPO_ROOT, ref.path) : local
        return { name: relative(REPO_ROOT, path), content: readFileSync(path, 'utf8') }
      }
    },
    { fetchReusableWorkflowDepth: 1 }
  )
  return [
    ...result.context.errors.getErrors().map((e) => e.message),
    ...(template.errors ?? []).map((e) => e.Message)
  ].filter((m, i, all) => all.indexOf(m) === i)
}

/** Repository files by their path in it; others as given. */
function displayName(file: string): string {
  const inRepo = relative(REPO_ROOT, file)
  return inRepo.startsWith('..') ? file : inRepo
}

export function workflowFiles(dirs = WORKFLOW_DIRS): string[] {
  return dirs.flatMap((dir) =>
    readdirSync(join(REPO_ROOT, dir))
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()
      .map((f) => join(REPO_ROOT, dir, f))
  )
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2)
  const files = args.length > 0 ? args.map((f) => resolve(f)) : workflowFiles()
  let failed = 0
  for (const file of files) {
    const problems = await checkWorkflow(file)
    const name = displayName(file)
    if (problems.length === 0) console.log(`ok   ${name}`)
    else {
      failed++
      console.error(`FAIL ${name}\n${problems.map((p) => `  ${p}`).join('\n')}`)
    }
  }
  console.log(`${files.length} workflow files checked, ${failed} with problems`)
  process.exitCode = failed > 0 ? 1 : 0
}
