// The intended import directions, checked in CI (npm run depcruise) so a back-arrow fails the
// build instead of waiting for a review. The path reads: entry files → flow → settings / auth /
// azure / deployment / preview / report / template → runtime (ports, names, adapters).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'No import cycles in the action or the emulator.',
      severity: 'error',
      from: { path: '^(src|emulator)/' },
      to: { circular: true }
    },
    {
      name: 'src-not-emulator',
      comment: 'The action never imports the emulator: it must work against real Azure.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^emulator/' }
    },
    {
      name: 'emulator-not-src',
      comment:
        "The emulator never imports the action: it answers with ARM's wire shapes, not ours.",
      severity: 'error',
      from: { path: '^emulator/' },
      to: { path: '^src/' }
    },
    {
      name: 'core-only-at-the-edge',
      comment:
        '@actions/core only in the entry files and runtime/core-adapter.ts; everything below talks to runtime/ports.ts.',
      severity: 'error',
      from: {
        path: '^src/',
        pathNot: '^src/(main|post|index)\\.ts$|^src/runtime/core-adapter\\.ts$'
      },
      to: { path: '(^|/)node_modules/@actions/core/' }
    },
    {
      name: 'report-not-settings-readers',
      comment: 'The report gets what it needs from the flow, never by reading inputs.',
      severity: 'error',
      from: { path: '^src/report/' },
      to: { path: '^src/settings/', pathNot: '^src/settings/settings\\.ts$' }
    },
    {
      name: 'settings-readers-only-from-entries',
      comment:
        'Inputs are read once, by main.ts and post.ts; the features get Settings (settings/settings.ts).',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/settings/|^src/(main|post)\\.ts$' },
      to: { path: '^src/settings/', pathNot: '^src/settings/settings\\.ts$' }
    },
    {
      name: 'settings-types-import-nothing',
      comment: 'settings.ts holds types only, so every module may import it without a cycle.',
      severity: 'error',
      from: { path: '^src/settings/settings\\.ts$' },
      to: { path: '^src/' }
    },
    {
      name: 'runtime-is-the-bottom',
      comment:
        'runtime/ (ports, names, step state, clock, the core adapter) imports nothing else of src/.',
      severity: 'error',
      from: { path: '^src/runtime/' },
      to: { path: '^src/', pathNot: '^src/runtime/' }
    },
    {
      name: 'flow-only-from-entries',
      comment: 'flow/ sequences the run; only main.ts and post.ts call it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/flow/|^src/(main|post)\\.ts$' },
      to: { path: '^src/flow/' }
    },
    {
      name: 'nothing-imports-the-entries',
      comment: 'main.ts and post.ts are entry points (index.ts picks one), not libraries.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/index\\.ts$' },
      to: { path: '^src/(index|main|post)\\.ts$' }
    },
    {
      name: 'report-below-the-runners',
      comment: 'The report is told what happened; it never calls the flow or the preview runners.',
      severity: 'error',
      from: { path: '^src/report/' },
      to: { path: '^src/(flow|preview)/' }
    },
    {
      name: 'deployment-below-report-and-preview',
      comment:
        'Start, attach, poll and cancel know nothing of how results are reported or previewed.',
      severity: 'error',
      from: { path: '^src/deployment/' },
      to: { path: '^src/(flow|report|preview)/' }
    },
    {
      name: 'azure-and-auth-below-the-features',
      comment: 'The Azure boundary and sign-in serve the features, never the other way round.',
      severity: 'error',
      from: { path: '^src/(azure|auth)/' },
      to: { path: '^src/(flow|deployment|report|preview|template)/' }
    },
    {
      name: 'stacks-on-demand',
      comment:
        "Deployment stacks load on demand (run-deployment.ts's dynamic import of flow/run-stack.ts), so a plain deployment's bundle entry holds none of them.",
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/stack/|^src/flow/(run|aborted)-stack\\.ts$' },
      to: {
        path: '^src/stack/|^src/flow/(run|aborted)-stack\\.ts$',
        dependencyTypesNot: ['dynamic-import']
      }
    },
    {
      name: 'github-client-on-demand',
      comment:
        'The PR comment client (Octokit) loads on demand (report/pr-comment.ts), so a run that does not comment never loads it.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: 'node_modules/@octokit/', dependencyTypesNot: ['dynamic-import'] }
    },
    {
      name: 'template-is-loading-only',
      comment:
        'The template loader reads files and runs Bicep; it makes no Azure calls and reports nothing.',
      severity: 'error',
      from: { path: '^src/template/' },
      to: { path: '^src/(flow|deployment|report|preview|azure|auth)/' }
    }
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|\\.emulator|\\.tmp)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json']
    },
    reporterOptions: { text: { highlightFocused: true } }
  }
}
