export const id = 95;
export const ids = [95];
export const modules = {

/***/ 7095:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runPreview: () => (/* binding */ runPreview)
});

// EXTERNAL MODULE: ./src/azure/scope.ts
var scope = __webpack_require__(8179);
// EXTERNAL MODULE: ./src/deployment/deployment-request.ts
var deployment_request = __webpack_require__(5324);
// EXTERNAL MODULE: ./src/template/secure-parameters.ts
var secure_parameters = __webpack_require__(5290);
// EXTERNAL MODULE: ./node_modules/@azure/core-rest-pipeline/dist/esm/index.js + 37 modules
var esm = __webpack_require__(1818);
;// CONCATENATED MODULE: ./src/preview/preview-api.ts
// validate and what-if, bound to the right client and scope-table entry. Unlike the PUT, these take
// seconds to minutes, so we let the SDK's poller wait for ARM's answer (through the same
// token-refreshing pipeline as every other call).


function createPreviewApi(clients) {
    const client = (t) => clients.forSubscription((0,scope/* subscriptionOf */.XD)(t));
    return {
        validate: (t, name, body, o) => withRefusal((onResponse) => (0,scope/* scopeEntry */.BM)(t)
            .validate(client(t), t, name, body, { ...o, onResponse })
            .pollUntilDone()),
        whatIf: (t, name, body, o) => withRefusal((onResponse) => (0,scope/* scopeEntry */.BM)(t)
            .whatIf(client(t), t, name, body, { ...o, onResponse })
            .pollUntilDone())
    };
}
/**
 * The SDK's poller turns ARM's 400 on validate into a bare "The long-running operation has failed",
 * dropping ARM's error body; we keep the last response and rethrow it as the RestError it was.
 */
async function withRefusal(call) {
    let last;
    try {
        return await call((r) => (last = r));
    }
    catch (error) {
        if (!last || last.status < 400 || error instanceof esm/* RestError */.pj)
            throw error;
        const refused = new esm/* RestError */.pj(error instanceof Error ? error.message : String(error), {
            statusCode: last.status,
            request: last.request,
            response: last
        });
        refused.details = last.parsedBody;
        throw refused;
    }
}

// EXTERNAL MODULE: ./src/azure/arm-error.ts
var arm_error = __webpack_require__(9758);
// EXTERNAL MODULE: ./src/report/summaries.ts + 1 modules
var summaries = __webpack_require__(1520);
;// CONCATENATED MODULE: ./src/preview/validate-runner.ts
// operation: validate — asks ARM whether it would accept the deployment, and reports ARM's verdict
// whole (code, message, target, details) in the log and the job summary. Nothing is deployed.


/** Answers that carry ARM's verdict on the request (the rest are failures to ask). */
const VERDICT_STATUSES = new Set([400, 409, 422]);
async function runValidate(request, api, deps) {
    const { logger } = deps;
    const { name, redact } = request;
    let result;
    let refused;
    await logger.group(`Validate deployment ${name}`, async () => {
        logger.info(`Asking Azure Resource Manager whether it would accept deployment ${name} at ${request.scopeLabel} scope (nothing is deployed)`);
        try {
            result = await api.validate(request.target, name, request.body, request.options);
        }
        catch (error) {
            const failure = (0,arm_error/* toArmCallError */.cV)(`Validating deployment '${name}'`, error);
            if (!(failure instanceof arm_error/* ArmCallError */.xW) || !failure.detail)
                throw failure;
            if (failure.status === undefined || !VERDICT_STATUSES.has(failure.status))
                throw failure;
            refused = {
                detail: failure.detail,
                ...(failure.correlationId ? { correlationId: failure.correlationId } : {})
            };
        }
    });
    const error = refused?.detail ?? (0,arm_error/* toErrorDetail */.dj)(result?.error);
    if (error) {
        const correlationId = refused?.correlationId ?? result?.properties?.correlationId;
        const text = redact(`${(0,arm_error/* formatErrorDetail */.$N)(error)}${correlationId ? `\ncorrelation id: ${correlationId}` : ''}`);
        logger.error(text, { title: `ARM refused deployment ${name} (validate)` });
        await (0,summaries/* writeSummary */.Sy)(deps, (0,summaries/* failureSummary */.jg)(`Validation of deployment ${name} failed`, text, `Scope: ${request.scopeLabel}. Azure Resource Manager would refuse this deployment:`));
        return {
            ok: false,
            message: `Azure Resource Manager refused deployment ${name} in validation: ${error.code ?? 'error'}; see the error above.`
        };
    }
    const resources = (result?.properties?.validatedResources ?? [])
        .map((r) => r.id ?? '')
        .filter(Boolean);
    logger.info(`Azure Resource Manager accepts deployment ${name}: ${resources.length} resource(s) validated`);
    for (const id of resources)
        logger.info(`  ${id}`);
    await (0,summaries/* writeSummary */.Sy)(deps, (0,summaries/* validationPassedSummary */.cy)(name, request.scopeLabel, resources));
    return { ok: true };
}

// EXTERNAL MODULE: ./src/settings/settings.ts
var settings = __webpack_require__(7100);
;// CONCATENATED MODULE: ./src/preview/what-if-changes.ts
// What-if's answer as the action reports it: the changes left after `what-if-exclude-change-types`,
// their counts, what `fail-on-changes` counts as a change, and the JSON of the outputs.

/** What `fail-on-changes` treats as drift: something would be created, changed or deleted. */
const DRIFT_TYPES = new Set(['Create', 'Modify', 'Delete']);
function keptChanges(changes, exclude) {
    const excluded = new Set(exclude);
    return changes.filter((c) => !excluded.has(c.changeType));
}
/** Every change type with its count, zero included, so workflows can read e.g. `.Delete` safely. */
function countChanges(changes) {
    const counts = Object.fromEntries(settings/* CHANGE_TYPES */.p.map((t) => [t, 0]));
    for (const c of changes)
        counts[c.changeType] = (counts[c.changeType] ?? 0) + 1;
    return counts;
}
function driftCount(counts) {
    return [...DRIFT_TYPES].reduce((sum, t) => sum + counts[t], 0);
}
/** `2 to create, 1 to modify, 3 unchanged`: the non-zero counts in words. */
function countsInWords(counts) {
    const words = {
        Create: 'to create',
        Modify: 'to modify',
        Delete: 'to delete',
        Deploy: 'to deploy',
        NoChange: 'unchanged',
        Ignore: 'ignored',
        Unsupported: 'unsupported'
    };
    const parts = settings/* CHANGE_TYPES */.p.filter((t) => counts[t] > 0).map((t) => `${counts[t]} ${words[t]}`);
    return parts.length > 0 ? parts.join(', ') : 'no changes';
}
function changeRecords(changes) {
    return changes.map((c) => ({
        resourceId: c.resourceId ?? '',
        changeType: c.changeType,
        ...(c.unsupportedReason ? { unsupportedReason: c.unsupportedReason } : {}),
        ...(c.delta?.length ? { delta: c.delta } : {})
    }));
}
/** Output values are capped by GitHub (1 MB per job); past this the deltas are left out. */
const RESULT_OUTPUT_LIMIT = 512 * 1024;
/** The `what-if-result` JSON; without deltas when it would be too big (`trimmed`). */
function resultJson(changes, redact) {
    const full = redact(JSON.stringify(changeRecords(changes)));
    if (full.length <= RESULT_OUTPUT_LIMIT)
        return { json: full, trimmed: false };
    const lean = changeRecords(changes).map(({ delta: _delta, ...rest }) => rest);
    return { json: redact(JSON.stringify(lean)), trimmed: true };
}
/** Redacts every given secret (longest first, so one inside another is not half-shown). */
function redactor(secrets) {
    const values = [...new Set(secrets.filter((s) => s.length >= 3))].sort((a, b) => b.length - a.length);
    if (values.length === 0)
        return (text) => text;
    return (text) => values.reduce((t, v) => t.split(v).join('***'), text);
}

// EXTERNAL MODULE: ./src/runtime/names.ts
var names = __webpack_require__(3476);
// EXTERNAL MODULE: ./src/report/markdown.ts
var markdown = __webpack_require__(4285);
;// CONCATENATED MODULE: ./src/preview/what-if-renderer.ts
// What-if's changes as people read them: plain text for the step log (symbols, no colour codes, so
// annotations and log search stay clean) and markdown for the job summary (a table, then details).



/** The az CLI's symbols, so the log reads like `az deployment group what-if`. */
const CHANGE_SYMBOLS = {
    Create: '+',
    Modify: '~',
    Delete: '-',
    Deploy: '!',
    NoChange: '=',
    Ignore: '*',
    Unsupported: 'x'
};
const PROPERTY_SYMBOLS = {
    Create: '+',
    Delete: '-',
    Modify: '~',
    Array: '~',
    NoEffect: 'x'
};
const SUMMARY_ICONS = {
    Create: '➕',
    Modify: '✏️',
    Delete: '🗑️',
    Deploy: '🚀',
    NoChange: '➖',
    Ignore: '⏭️',
    Unsupported: '❔'
};
const VALUE_LIMIT = 300;
/** A value on one line, shortened: JSON, except plain strings. */
function valueText(value, redact) {
    const text = value === undefined ? '(none)' : JSON.stringify(value);
    const shortened = text.length > VALUE_LIMIT ? `${text.slice(0, VALUE_LIMIT - 1)}…` : text;
    return redact(shortened);
}
/** One line per property change (nested children indented under their parent). */
function deltaLines(delta, redact, indent = '    ') {
    return delta.flatMap((d) => {
        const symbol = PROPERTY_SYMBOLS[d.propertyChangeType] ?? '?';
        const head = `${indent}${symbol} ${d.path}`;
        const line = d.propertyChangeType === 'Create'
            ? `${head}: ${valueText(d.after, redact)}`
            : d.propertyChangeType === 'Delete'
                ? `${head}: ${valueText(d.before, redact)}`
                : d.children?.length
                    ? `${head}:`
                    : `${head}: ${valueText(d.before, redact)} => ${valueText(d.after, redact)}`;
        return [line, ...deltaLines(d.children ?? [], redact, `${indent}  `)];
    });
}
/** Changes in the order people care about: creates, modifies, deletes, … then no-change. */
function ordered(changes) {
    const rank = (c) => settings/* CHANGE_TYPES */.p.indexOf(c.changeType);
    return [...changes].sort((a, b) => rank(a) - rank(b) || (a.resourceId ?? '').localeCompare(b.resourceId ?? ''));
}
/** The log: a legend, one block per resource, and the totals. */
function renderWhatIfLog(changes, counts, excluded, redact) {
    const legend = settings/* CHANGE_TYPES */.p.map((t) => `${CHANGE_SYMBOLS[t]} ${t}`).join('  ');
    const lines = [`Symbols: ${legend}`, ''];
    for (const c of ordered(changes)) {
        const reason = c.unsupportedReason ? ` (${c.unsupportedReason})` : '';
        lines.push(`${CHANGE_SYMBOLS[c.changeType]} ${c.changeType} ${c.resourceId ?? '?'}${reason}`);
        lines.push(...deltaLines(c.delta ?? [], redact));
    }
    if (changes.length === 0)
        lines.push('No resource changes.');
    const hidden = excluded.length > 0 ? ` (not shown: ${excluded.join(', ')})` : '';
    lines.push('', `Resource changes: ${countsInWords(counts)}${hidden}.`);
    return lines.map(redact);
}
/** Markdown for the job summary: a table of the changes, and a details block per changed resource. */
function renderWhatIfSummary(s) {
    const parts = [
        `## 🔍 What-if for deployment ${(0,markdown/* escapeCell */.kq)(s.deploymentName)}: ${countsInWords(s.counts)}`,
        '',
        `Scope: ${(0,markdown/* escapeCell */.kq)(s.scopeLabel)}.${s.excluded.length ? ` Not shown: ${s.excluded.join(', ')}.` : ''}`
    ];
    if (s.verdict)
        parts.push('', s.verdict);
    const sorted = ordered(s.changes);
    if (sorted.length === 0) {
        parts.push('', '_No resource changes._');
        return s.redact(parts.join('\n')) + '\n';
    }
    parts.push('', '| Change | Resource type | Name | Property changes |', '|---|---|---|---|');
    for (const c of sorted) {
        const { type, name } = typeAndName(c.resourceId ?? '');
        parts.push(`| ${SUMMARY_ICONS[c.changeType]} ${c.changeType} | ${(0,markdown/* escapeCell */.kq)(type)} | ${(0,markdown/* escapeCell */.kq)(name)} | ${c.delta?.length ?? 0} |`);
    }
    const withDeltas = sorted.filter((c) => c.delta?.length);
    for (const c of withDeltas) {
        const { name } = typeAndName(c.resourceId ?? '');
        parts.push('', `<details><summary>${CHANGE_SYMBOLS[c.changeType]} ${(0,markdown/* escapeHtml */.ZD)(name)}: ${c.delta?.length} property change(s)</summary>`, '', `\`${(0,markdown/* escapeCode */.tn)(c.resourceId ?? '')}\``, '', '```diff', ...diffLines(c.delta ?? [], s.redact), '```', '</details>');
    }
    return s.redact(parts.join('\n')) + '\n';
}
/** `- before` / `+ after` lines, which GitHub colours in a diff block. */
function diffLines(delta, redact, prefix = '') {
    return delta.flatMap((d) => {
        const path = prefix ? `${prefix}.${d.path}` : d.path;
        if (d.children?.length)
            return diffLines(d.children, redact, path);
        const lines = [];
        if (d.propertyChangeType !== 'Create')
            lines.push(`- ${path}: ${valueText(d.before, redact)}`);
        if (d.propertyChangeType !== 'Delete')
            lines.push(`+ ${path}: ${valueText(d.after, redact)}`);
        return lines;
    });
}
/** `Microsoft.Network/virtualNetworks/subnets` and `vnet/subnet` out of a resource id. */
function typeAndName(id) {
    const at = id.toLowerCase().lastIndexOf('/providers/');
    if (at < 0)
        return { type: '', name: id };
    const segments = id.slice(at + '/providers/'.length).split('/');
    const namespace = segments[0];
    const types = [];
    const names = [];
    for (let i = 1; i + 1 < segments.length; i += 2) {
        types.push(segments[i]);
        names.push(segments[i + 1]);
    }
    return { type: [namespace, ...types].join('/'), name: names.join('/') };
}

;// CONCATENATED MODULE: ./src/preview/what-if-runner.ts
// operation: whatIf — asks ARM what the deployment would change, shows it in the log and the job
// summary, sets `what-if-changes` / `what-if-result`, and with `fail-on-changes` fails on drift.





async function runWhatIf(request, whatIf, api, deps) {
    const { logger } = deps;
    const { name, redact } = request;
    const result = await logger
        .group(`What-if for deployment ${name}`, () => {
        logger.info(`Asking Azure Resource Manager what deployment ${name} would change at ${request.scopeLabel} scope (nothing is deployed)`);
        return api.whatIf(request.target, name, request.body, request.options);
    })
        .catch(async (error) => {
        const failure = (0,arm_error/* toArmCallError */.cV)(`What-if for deployment '${name}'`, error);
        await (0,summaries/* writeSummary */.Sy)(deps, (0,summaries/* failureSummary */.jg)(`What-if for deployment ${name} failed`, redact(failure.message)));
        throw failure;
    });
    const error = (0,arm_error/* toErrorDetail */.dj)(result.error);
    if (error || (result.status && result.status !== 'Succeeded')) {
        const text = redact(error ? (0,arm_error/* formatErrorDetail */.$N)(error) : `status ${result.status}`);
        logger.error(text, { title: `What-if for deployment ${name} failed` });
        await (0,summaries/* writeSummary */.Sy)(deps, (0,summaries/* failureSummary */.jg)(`What-if for deployment ${name} failed`, text));
        return { ok: false, message: `What-if for deployment ${name} failed; see the error above.` };
    }
    const changes = keptChanges(result.changes ?? [], whatIf.excludeChangeTypes);
    const counts = countChanges(changes);
    const drift = driftCount(counts);
    await logger.group(`What-if changes: ${countsInWords(counts)}`, () => {
        for (const line of renderWhatIfLog(changes, counts, whatIf.excludeChangeTypes, redact))
            logger.info(line);
        return Promise.resolve();
    });
    deps.outputs.setOutput(names/* Outputs */.tY.WhatIfChanges, JSON.stringify(counts));
    const { json, trimmed } = resultJson(changes, redact);
    deps.outputs.setOutput(names/* Outputs */.tY.WhatIfResult, json);
    if (trimmed) {
        logger.warning(`The '${names/* Outputs */.tY.WhatIfResult}' output leaves out the property changes: with them it is larger than GitHub keeps.`);
    }
    const failing = whatIf.failOnChanges && drift > 0;
    const driftTypes = [...DRIFT_TYPES].filter((t) => counts[t] > 0).map((t) => `${counts[t]} ${t}`);
    const verdict = failing
        ? `❌ \`${names/* Inputs */.G0.FailOnChanges}: true\` and ${drift} resource(s) would change (${driftTypes.join(', ')}).`
        : whatIf.failOnChanges
            ? `✅ \`${names/* Inputs */.G0.FailOnChanges}: true\`: nothing would be created, modified or deleted.`
            : undefined;
    const markdown = renderWhatIfSummary({
        deploymentName: name,
        scopeLabel: request.scopeLabel,
        changes,
        counts,
        excluded: whatIf.excludeChangeTypes,
        ...(verdict ? { verdict } : {}),
        redact
    });
    await (0,summaries/* writeSummary */.Sy)(deps, markdown);
    await deps.comment?.(markdown);
    if (failing) {
        return {
            ok: false,
            message: `What-if found ${drift} resource change(s) (${driftTypes.join(', ')}) and '${names/* Inputs */.G0.FailOnChanges}' is true; see the log or the job summary for what would change.`
        };
    }
    logger.info(`What-if for deployment ${name}: ${countsInWords(counts)}`);
    return { ok: true };
}

;// CONCATENATED MODULE: ./src/preview/preview-runner.ts
// validate and whatIf: the request both send (the same body a create would PUT), and which runner
// reports ARM's answer. Called by run-deployment.ts after the template is loaded and tokens flow.







/** What-if and validate answer in seconds to minutes: poll ARM for them at most this often. */
const MAX_UPDATE_INTERVAL_MS = 5_000;
const WHAT_IF_DEFAULTS = { excludeChangeTypes: [], failOnChanges: false };
/** Runs `operation: validate` or `operation: whatIf` (the caller dispatches only those here). */
async function runPreview(settings, content, 
/** The run's ARM clients: what-if's requests re-acquire tokens like every other call. */
clients, deps) {
    const secrets = (0,secure_parameters/* secureParameterValues */.L)(content);
    const request = {
        target: settings.scope,
        name: settings.name,
        body: (0,deployment_request/* deploymentRequest */.f)(settings, content),
        scopeLabel: scope/* SCOPE_TABLE */.mo[settings.scope.type].label,
        options: {
            updateIntervalInMs: Math.min(settings.timing.pollIntervalMs, MAX_UPDATE_INTERVAL_MS),
            // `timeout` bounds the wait for ARM's answer too; runner cancellation ends it at once.
            abortSignal: AbortSignal.any([
                AbortSignal.timeout(settings.timing.timeoutMs),
                ...(deps.signal ? [deps.signal] : [])
            ])
        },
        redact: redactor(secrets)
    };
    const api = deps.api ?? createPreviewApi(clients);
    return settings.operation === 'validate'
        ? runValidate(request, api, deps)
        : runWhatIf(request, settings.whatIf ?? WHAT_IF_DEFAULTS, api, deps);
}


/***/ })

};
