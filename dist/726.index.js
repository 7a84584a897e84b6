export const id = 726;
export const ids = [726];
export const modules = {

/***/ 8726:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runStack: () => (/* binding */ runStack)
});

// EXTERNAL MODULE: ./src/azure/request-timeout.ts
var request_timeout = __webpack_require__(35124);
// EXTERNAL MODULE: ./src/flow/cancellation.ts
var cancellation = __webpack_require__(85089);
// EXTERNAL MODULE: ./src/deployment/operation-tracker.ts
var operation_tracker = __webpack_require__(65671);
// EXTERNAL MODULE: ./src/duration.ts
var duration = __webpack_require__(77607);
// EXTERNAL MODULE: ./src/runtime/names.ts
var names = __webpack_require__(3476);
// EXTERNAL MODULE: ./src/runtime/step-state.ts
var step_state = __webpack_require__(89756);
// EXTERNAL MODULE: ./src/report/progress-reporter.ts
var progress_reporter = __webpack_require__(52485);
// EXTERNAL MODULE: ./src/report/summaries.ts
var summaries = __webpack_require__(34730);
// EXTERNAL MODULE: ./node_modules/@azure/arm-resourcesdeploymentstacks/dist/index.js
var dist = __webpack_require__(59821);
// EXTERNAL MODULE: ./src/azure/client-factory.ts + 39 modules
var client_factory = __webpack_require__(51223);
// EXTERNAL MODULE: ./src/azure/scope.ts
var azure_scope = __webpack_require__(28179);
// EXTERNAL MODULE: ./src/azure/versions.ts + 1 modules
var versions = __webpack_require__(64738);
;// CONCATENATED MODULE: ./src/stack/stack-api.ts
// The deployment stack calls the action makes, bound to the right client and scope: the stacks'
// column of the scope table (azure/scope.ts keeps the ids; this file only which SDK method serves
// each scope). It sits beside the stack code, not in scope.ts, so the stacks SDK is loaded only by
// a stack run (run-deployment.ts imports src/stack/ on demand).




const STACKS = '/providers/Microsoft.Resources/deploymentStacks/';
function stackId(target, name) {
    return `${(0,azure_scope/* scopeEntry */.BM)(target).prefix(target)}${STACKS}${name}`;
}
/** Portal link to a stack (the resource blade, which every resource id opens). */
function stackPortalLink(portalUrl, id) {
    return `${portalUrl}/#@/resource${id}`;
}
/** Each scope's SDK methods. */
function call(s, t) {
    switch (t.type) {
        case 'resourceGroup':
            return {
                create: (n, b, o) => s.beginCreateOrUpdateAtResourceGroup(t.resourceGroupName, n, b, o),
                get: (n, o) => s.getAtResourceGroup(t.resourceGroupName, n, o),
                delete: (n, o) => s.beginDeleteAtResourceGroup(t.resourceGroupName, n, o),
                validate: (n, b, o) => s.beginValidateStackAtResourceGroupAndWait(t.resourceGroupName, n, b, o)
            };
        case 'subscription':
            return {
                create: (n, b, o) => s.beginCreateOrUpdateAtSubscription(n, b, o),
                get: (n, o) => s.getAtSubscription(n, o),
                delete: (n, o) => s.beginDeleteAtSubscription(n, o),
                validate: (n, b, o) => s.beginValidateStackAtSubscriptionAndWait(n, b, o)
            };
        case 'managementGroup':
            return {
                create: (n, b, o) => s.beginCreateOrUpdateAtManagementGroup(t.managementGroupId, n, b, o),
                get: (n, o) => s.getAtManagementGroup(t.managementGroupId, n, o),
                delete: (n, o) => s.beginDeleteAtManagementGroup(t.managementGroupId, n, o),
                validate: (n, b, o) => s.beginValidateStackAtManagementGroupAndWait(t.managementGroupId, n, b, o)
            };
    }
}
/** Stacks clients through the action's one client setup (endpoint, user agent, retries, auth, deadlines). */
function createStackApi(cloud, refresher, logger, timeouts) {
    const clients = new Map();
    const stacks = (t) => {
        // A management group stack's client needs no subscription; the SDK still wants a string.
        const subscriptionId = (0,azure_scope/* subscriptionOf */.XD)(t);
        const key = subscriptionId.toLowerCase();
        let client = clients.get(key);
        if (!client) {
            const sdk = new dist/* DeploymentStacksClient */.GC(refresher, subscriptionId, {
                ...(0,client_factory/* armClientOptions */.IL)(cloud),
                apiVersion: versions/* STACKS_API_VERSION */.OS,
                credentialScopes: [cloud.armScope]
            });
            (0,client_factory/* useArmPipeline */.Yr)(sdk.pipeline, refresher, logger, timeouts);
            client = sdk.deploymentStacks;
            clients.set(key, client);
        }
        return client;
    };
    return {
        create: async (t, name, body, o = {}) => {
            await call(stacks(t), t).create(name, body, o);
        },
        get: (t, name, o = {}) => call(stacks(t), t).get(name, o),
        delete: async (t, name, o) => {
            await call(stacks(t), t).delete(name, o);
        },
        validate: (t, name, body, o) => call(stacks(t), t).validate(name, body, o)
    };
}

// EXTERNAL MODULE: ./src/azure/arm-error.ts
var arm_error = __webpack_require__(69758);
// EXTERNAL MODULE: ./src/deployment/deployment-poller.ts + 1 modules
var deployment_poller = __webpack_require__(13609);
;// CONCATENATED MODULE: ./src/stack/stack-poller.ts
// Follows a stack to its end: reads the stack for its own phases (initializing, validating,
// deleting resources, updating deny assignments…) and, once it names its deployment
// (`properties.deploymentId`), hands the wait to the deployment poller, so that deployment's
// operations and nested deployments are tracked and reported exactly as for a plain deployment.
// A failed read is not a failed stack: it keeps polling through a window of failures.





const STACK_TERMINAL_STATES = new Set([
    'succeeded',
    'failed',
    'canceled'
]);
const isStackTerminal = (state) => state !== undefined && STACK_TERMINAL_STATES.has(state.toLowerCase());
const PERMANENT = new Set([400, 401, 403, 404]);
const PERMANENT_LIMIT = 3;
async function pollStack(ref, o) {
    const windowMs = o.failureWindowMs ?? Math.max(15 * 60_000, 10 * o.pollIntervalMs);
    let tracker = new operation_tracker/* OperationTracker */.Ox();
    let stack;
    let deployment;
    let deploymentRef;
    let failures = 0;
    let firstFailureAt = 0;
    const outcome = (kind, error) => ({
        kind,
        ...(stack ? { stack } : {}),
        ...(deployment ? { deployment } : {}),
        ...(deploymentRef ? { deploymentRef } : {}),
        tracker,
        ...(error ? { error } : {})
    });
    for (let pollNumber = 1;; pollNumber++) {
        try {
            stack = await o.api.get(ref.target, ref.name);
            if (failures > 0)
                o.logger.info(`Polling recovered after ${failures} failed attempt(s)`);
            failures = 0;
            o.onStack(stack);
            const terminal = isStackTerminal(stack.properties?.provisioningState);
            const id = stack.properties?.deploymentId;
            const parsed = !o.deleting && !deploymentRef && id ? (0,azure_scope/* parseDeploymentId */.EQ)(id) : undefined;
            if (id && parsed) {
                deploymentRef = { ...parsed, id };
                o.onDeployment(deploymentRef);
                // The deployment poller waits for the deployment (one read, if it has ended already, as
                // for a stack that ended between two polls); then the stack's last phases follow here.
                const followed = await (0,deployment_poller/* pollDeployment */.H)(deploymentRef, {
                    pollIntervalMs: o.pollIntervalMs,
                    deadline: o.deadline,
                    api: o.deployments,
                    clock: o.clock,
                    logger: o.logger,
                    onPoll: (snapshot) => o.onDeploymentPoll(snapshot),
                    ...(o.signal ? { signal: o.signal } : {}),
                    failureWindowMs: windowMs
                });
                tracker = followed.tracker;
                if (followed.deployment)
                    deployment = followed.deployment;
                // A stack that has ended has its verdict, whatever became of the read of its deployment.
                // (pollDeployment itself never reports `replaced`: that is the deployment flow's watch.)
                if (followed.kind !== 'finished' && followed.kind !== 'replaced' && !terminal)
                    return outcome(followed.kind, followed.kind === 'lost' ? followed.error : undefined);
                if (!terminal)
                    continue;
            }
            if (terminal)
                return outcome('finished');
        }
        catch (error) {
            const status = (0,arm_error/* statusOf */.c2)(error);
            if (o.deleting && status === 404)
                return outcome('deleted');
            failures++;
            const now = o.clock.now();
            if (failures === 1)
                firstFailureAt = now;
            const permanent = status !== undefined && PERMANENT.has(status);
            const failing = now - firstFailureAt;
            if ((permanent && failures >= PERMANENT_LIMIT) || (failures > 1 && failing >= windowMs)) {
                const cause = (0,arm_error/* toArmCallError */.cV)(`Polling deployment stack '${ref.name}'`, error);
                return outcome('lost', new Error(`Gave up polling deployment stack '${ref.name}' after ${failures} consecutive failures over ${(0,duration/* formatDuration */.a3)(failing)}: ${cause.message}`, { cause }));
            }
            const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
            o.logger.warning(`Poll ${pollNumber} of stack ${ref.name} failed: ${message}. The stack goes on in Azure; retrying (${failures} consecutive failure(s))`);
        }
        const now = o.clock.now();
        if (now >= o.deadline)
            return outcome('timeout');
        try {
            await o.clock.sleep(Math.min(o.pollIntervalMs, o.deadline - now), o.signal);
        }
        catch {
            return outcome('aborted');
        }
        if (o.signal?.aborted)
            return outcome('aborted');
    }
}

// EXTERNAL MODULE: ./src/report/attach-hint.ts
var attach_hint = __webpack_require__(28787);
// EXTERNAL MODULE: ./src/report/error-annotator.ts
var error_annotator = __webpack_require__(98873);
// EXTERNAL MODULE: ./src/report/output-writer.ts
var output_writer = __webpack_require__(13429);
// EXTERNAL MODULE: ./src/report/markdown.ts
var markdown = __webpack_require__(54285);
// EXTERNAL MODULE: ./src/report/timeline.ts
var timeline = __webpack_require__(91935);
;// CONCATENATED MODULE: ./src/stack/stack-summary.ts
// The stack's job summary: verdict, link, its deployment, duration, token refreshes, the resources
// it manages, detached, deleted or failed to delete, then its deployment's operations, outputs,
// errors and timeline as a deployment's summary shows them (the same table helpers).





const ICON = {
    Succeeded: '✅',
    Deleted: '✅',
    Failed: '❌',
    Canceled: '⊘',
    TimedOut: '⏱️'
};
function renderStackSummary(s) {
    const props = s.stack?.properties;
    const rows = [
        `| Stack | [${(0,markdown/* escapeCell */.kq)(s.name)}](${s.portalUrl}) |`,
        `| Scope | ${(0,markdown/* escapeCell */.kq)(s.scopeLabel)} |`,
        `| Operation | ${s.operation} |`,
        ...(s.deploymentId ? [`| Deployment | \`${(0,markdown/* escapeCode */.tn)(s.deploymentId)}\` |`] : []),
        ...(props?.actionOnUnmanage
            ? [
                `| Unmanaged resources | ${props.actionOnUnmanage.resources} (resource groups: ${props.actionOnUnmanage.resourceGroups ?? 'detach'}, management groups: ${props.actionOnUnmanage.managementGroups ?? 'detach'}) |`
            ]
            : []),
        ...(props?.denySettings ? [`| Deny settings | ${props.denySettings.mode} |`] : []),
        `| Duration | ${(0,duration/* formatDuration */.a3)(s.durationMs)} |`,
        `| Token refreshes | ${s.tokenRefreshes} |`
    ];
    const stackError = (0,arm_error/* toErrorDetail */.dj)(props?.error);
    const parts = [
        `## ${ICON[s.verdict] ?? 'ℹ️'} Deployment stack ${(0,markdown/* escapeCell */.kq)(s.name)}: ${s.verdict}`,
        '',
        `| | |\n|---|---|\n${rows.join('\n')}`,
        ...(s.notes.length ? ['', ...s.notes] : []),
        '',
        resourceSections(s),
        ...(s.operations.length ? ['', (0,summaries/* resourcesTable */.i3)(s.operations, s.now)] : []),
        '',
        (0,summaries/* outputsTable */.xX)(s.outputs, s.secureNames),
        (0,summaries/* errorsSection */.li)(s.operations, s.operations.length ? undefined : stackError) ??
            (stackError ? `\n### Errors\n\n\`\`\`\n${(0,arm_error/* formatErrorDetail */.$N)(stackError)}\n\`\`\`` : ''),
        (0,timeline/* timeline */.IO)(s.operations, s.name, s.now - s.durationMs, s.now)
    ];
    return parts.filter((p) => p !== undefined).join('\n') + '\n';
}
/** Managed, detached, deleted and failed-to-delete resources, as the stack (or the delete) says. */
function resourceSections(s) {
    const props = s.stack?.properties;
    const ids = (list) => (list ?? []).map((r) => r.id ?? '').filter(Boolean);
    const idList = (title, items) => items.length
        ? [`### ${title} (${items.length})`, '', ...items.map((id) => `- \`${(0,markdown/* escapeCode */.tn)(id)}\``), '']
        : [];
    const managed = (props?.resources ?? []).filter((r) => r.status !== 'deleteFailed');
    const failed = (props?.failedResources ?? []).map((f) => {
        const error = (0,arm_error/* toErrorDetail */.dj)(f.error);
        return `| \`${(0,markdown/* escapeCode */.tn)(f.id ?? '')}\` | ${(0,markdown/* escapeCell */.kq)(error ? (0,arm_error/* formatErrorDetail */.$N)(error) : 'failed')} |`;
    });
    const sections = [
        ...(s.deletedStack
            ? []
            : managed.length
                ? [
                    `### Managed resources (${managed.length})`,
                    '',
                    '| Resource | Status | Deny |',
                    '|---|---|---|',
                    ...managed.map((r) => `| \`${(0,markdown/* escapeCode */.tn)(r.id ?? '')}\` | ${r.status ?? ''} | ${r.denyStatus ?? ''} |`),
                    ''
                ]
                : []),
        // A deleted stack's last read predates the delete: its lists are from its last update.
        ...idList('Detached resources', s.deletedStack?.detached ?? ids(props?.detachedResources)),
        ...idList('Deleted resources', s.deletedStack?.resources ?? ids(props?.deletedResources)),
        ...(failed.length
            ? [
                `### Failed to delete (${failed.length})`,
                '',
                '| Resource | Error |',
                '|---|---|',
                ...failed,
                ''
            ]
            : [])
    ];
    return sections.length ? sections.join('\n').trimEnd() : '_No resources managed._';
}

;// CONCATENATED MODULE: ./src/stack/stack-report.ts
// Reports how a stack the action followed ended: outputs (the stack's), annotations, the job
// summary and the one-line result main.ts turns into setFailed. The verdict comes from the stack
// (or its 404 after a delete), never from its deployment alone: the stack's own last phases can
// still fail after its deployment succeeded.









/** `succeeded` → `Succeeded`: the same spelling as a deployment's states, for the outputs. */
const stackState = (state) => state ? state.charAt(0).toUpperCase() + state.slice(1) : 'Unknown';
/** How to wait for the stack again (its name is always given). */
function stackAttachHint(followed) {
    const step = [
        `${names/* Inputs */.G0.Type}: deploymentStack`,
        `${names/* Inputs */.G0.Operation}: attach`,
        `${names/* Inputs */.G0.Name}: ${followed.ref.name}`,
        ...(0,attach_hint/* attachInputs */.b)(followed.ref.target)
    ]
        .map((i) => `\`${i}\``)
        .join(', ');
    return `To wait for it again, run a step with ${step} (and the same sign-in inputs). Follow it in the portal: ${followed.portalUrl}`;
}
function verdictOf(outcome, cancel) {
    if (cancel)
        return cancel.canceled ? 'Canceled' : 'CancelRequested';
    switch (outcome.kind) {
        case 'deleted':
            return 'Deleted';
        case 'finished':
            return stackState(outcome.stack?.properties?.provisioningState);
        case 'timeout':
            return 'TimedOut';
        case 'aborted':
            return 'Aborted';
        case 'lost':
            return 'Unknown';
    }
}
async function reportStack(input, deps) {
    const { followed, outcome } = input;
    const { ref } = followed;
    const now = deps.now();
    const props = outcome.stack?.properties;
    const verdict = verdictOf(outcome, input.cancellation);
    const state = outcome.kind === 'deleted' ? 'Deleted' : stackState(props?.provisioningState);
    const templateOutputs = props?.outputs;
    const operations = outcome.tracker.all();
    const stackError = (0,arm_error/* toErrorDetail */.dj)(props?.error);
    (0,output_writer/* writeOutputs */.Kn)({
        templateOutputs,
        secureNames: input.secureNames,
        standard: {
            deploymentId: ref.id,
            deploymentName: ref.name,
            provisioningState: state,
            ...(props?.correlationId ? { correlationId: props.correlationId } : {}),
            durationSeconds: Math.round((now - followed.startedAt) / 1000),
            tokenRefreshes: input.tokenRefreshes
        }
    }, { sink: deps.outputs, masker: deps.masker, logger: deps.logger });
    // One annotation per resource that could not be deleted (the stack's error repeats them), else
    // per failed operation of its deployment, else the stack's own error.
    const failedResources = props?.failedResources ?? [];
    for (const failed of failedResources) {
        const error = (0,arm_error/* toErrorDetail */.dj)(failed.error);
        deps.logger.error(`${failed.id ?? '?'}: ${error ? (0,arm_error/* formatErrorDetail */.$N)(error) : 'failed'}`, {
            title: `Deployment stack ${ref.name} could not delete a resource`
        });
    }
    if (failedResources.length === 0 && (verdict === 'Failed' || verdict === 'Canceled')) {
        (0,error_annotator/* annotateFailures */.o)(operations, stackError, `stack ${ref.name}`, deps.logger);
    }
    const hint = stackAttachHint(followed);
    const notes = [
        ...(outcome.kind === 'lost' && outcome.error
            ? ['```', outcome.error.message, '```', '', hint]
            : []),
        ...(outcome.kind === 'timeout' ? [hint] : []),
        ...(input.cancellation ? [input.cancellation.note] : []),
        ...(input.abortNote ? [input.abortNote] : [])
    ];
    const deleted = outcome.kind === 'deleted' ? deletedResources(followed, input.stack) : undefined;
    await (0,summaries/* writeSummary */.Sy)(deps, renderStackSummary({
        verdict,
        operation: input.operation,
        name: ref.name,
        stackId: ref.id,
        portalUrl: followed.portalUrl,
        scopeLabel: azure_scope/* SCOPE_TABLE */.mo[ref.target.type].label,
        ...(outcome.deploymentRef ? { deploymentId: outcome.deploymentRef.id } : {}),
        durationMs: now - followed.startedAt,
        tokenRefreshes: input.tokenRefreshes,
        ...(outcome.stack ? { stack: outcome.stack } : {}),
        ...(deleted ? { deletedStack: deleted } : {}),
        operations,
        outputs: (0,output_writer/* outputValues */.uN)(templateOutputs),
        secureNames: new Set(input.secureNames.map((n) => n.toLowerCase())),
        notes,
        now
    }));
    const took = (0,duration/* formatDuration */.a3)(now - followed.startedAt);
    return result(ref, outcome, verdict, took, hint, input, deps.logger);
}
function result(ref, outcome, verdict, took, hint, input, logger) {
    const name = ref.name;
    switch (outcome.kind) {
        case 'deleted':
            logger.info(`Deployment stack ${name} was deleted after ${took}`);
            return { ok: true };
        case 'finished':
            if (verdict === 'Succeeded') {
                logger.info(`Deployment stack ${name} succeeded after ${took} (${input.tokenRefreshes} token refreshes)`);
                return { ok: true };
            }
            return {
                ok: false,
                message: `Deployment stack ${name} ended ${verdict} after ${took}; see the errors above and the job summary.`
            };
        case 'timeout':
            return {
                ok: false,
                message: `Gave up waiting for deployment stack ${name} after ${took} (input '${names/* Inputs */.G0.Timeout}'); it is still running in Azure. ${hint}`
            };
        case 'lost':
            return {
                ok: false,
                message: `${outcome.error?.message ?? 'Polling failed'}\nThe stack may still be running in Azure. ${hint}`
            };
        case 'aborted':
            return {
                ok: false,
                message: input.cancellation?.note ??
                    input.abortNote ??
                    `Stopped waiting for deployment stack ${name}; it goes on in Azure. ${hint}`
            };
    }
}
/** A deleted stack's resources, sorted by what the DELETE was asked to do with each kind. */
function deletedResources(followed, stack) {
    const deleted = [];
    const detached = [];
    const { actionOnUnmanage } = stack;
    for (const r of followed.stack?.properties?.resources ?? []) {
        const id = r.id ?? '';
        if (!id)
            continue;
        const action = /\/resourceGroups\/[^/]+$/i.test(id)
            ? (actionOnUnmanage.resourceGroups ?? 'detach')
            : /\/Microsoft\.Management\/managementGroups\/[^/]+$/i.test(id)
                ? (actionOnUnmanage.managementGroups ?? 'detach')
                : actionOnUnmanage.resources;
        (action === 'delete' ? deleted : detached).push(id);
    }
    return { resources: deleted, detached };
}
/** `wait: false`: the stack's update or delete was started; say what it is and how to wait for it. */
async function reportStackStarted(followed, deps) {
    const { ref } = followed;
    deps.outputs.setOutput(names/* Outputs */.tY.DeploymentId, ref.id);
    deps.outputs.setOutput(names/* Outputs */.tY.DeploymentName, ref.name);
    deps.outputs.setOutput(names/* Outputs */.tY.ProvisioningState, stackState(followed.state));
    const hint = stackAttachHint(followed);
    deps.logger.info(`Not waiting for deployment stack ${ref.name} (input 'wait' is false); it is ${followed.state}. ${hint}`);
    await (0,summaries/* writeSummary */.Sy)(deps, `## ▶️ Deployment stack ${ref.name}: ${stackState(followed.state)}\n\nStarted at ${azure_scope/* SCOPE_TABLE */.mo[ref.target.type].label} scope without waiting (\`wait: false\`).\n\n${hint}\n`);
    return { ok: true };
}

;// CONCATENATED MODULE: ./src/flow/aborted-stack.ts
// A stack run canceled while following the stack. Stacks have no cancel operation: with
// cancel-on-abort the stack's deployment is canceled (the stack then ends canceled); otherwise, or
// before the stack named its deployment, or for a delete, it goes on and the report says so.




/**
 * The run was canceled while following the stack. Stacks have no cancel operation: with
 * cancel-on-abort, the stack's deployment is canceled, which ends the stack `canceled`.
 */
async function abortStack(settings, followed, outcome, api, session, deps) {
    const name = followed.ref.name;
    const hint = stackAttachHint(followed);
    const deployment = outcome.deploymentRef;
    if (!settings.cancelOnAbort || !deployment || settings.operation === 'delete') {
        (0,step_state/* saveMainStepEnd */.Wo)(deps.state, 'aborted');
        const why = !settings.cancelOnAbort
            ? `input '${names/* Inputs */.G0.CancelOnAbort}' is false`
            : settings.operation === 'delete'
                ? 'a stack delete cannot be canceled'
                : 'stacks have no cancel operation, and it had not named its deployment yet';
        const note = `The run was canceled: stopped waiting for deployment stack ${name}, which goes on in Azure (${why}). ${hint}`;
        deps.logger.warning(note);
        return [outcome, { abortNote: note }];
    }
    const result = await (0,cancellation/* cancelOnAbort */.ec)(true, deployment, session.api, deps.logger, (0,cancellation/* cancelWaitMs */.A_)(Date.now(), deps.hardStopAt?.()));
    // The stack follows its deployment: read it once more for the report (briefly).
    let stack = outcome.stack;
    try {
        stack = await api.get(followed.ref.target, name, { abortSignal: AbortSignal.timeout(1000) });
    }
    catch {
        // The report says what was last seen.
    }
    const canceled = result?.canceled === true;
    // Not canceled yet: the post step tries again (the deployment's id is saved).
    if (canceled)
        (0,step_state/* saveMainStepEnd */.Wo)(deps.state, 'aborted');
    const state = stackState(stack?.properties?.provisioningState);
    const note = canceled
        ? `The run was canceled, so deployment stack ${name}'s deployment ${deployment.name} was canceled in Azure (input '${names/* Inputs */.G0.CancelOnAbort}'); the stack is ${state}.`
        : `The run was canceled and deployment stack ${name}'s deployment ${deployment.name} was asked to cancel in Azure (input '${names/* Inputs */.G0.CancelOnAbort}'), but it was still ${result?.deployment?.properties?.provisioningState ?? 'running'} when the step had to stop; the post step tries again.${result?.error ? ` ${result.error}` : ''}`;
    return [
        {
            ...outcome,
            ...(stack ? { stack } : {}),
            ...(result?.deployment ? { deployment: result.deployment } : {})
        },
        { cancellation: { canceled, note } }
    ];
}

;// CONCATENATED MODULE: ./src/stack/stack-request.ts
// The stack's PUT (and validate) body: the loaded template and parameters, as for a deployment,
// with the stack's own settings around them. Location only where ARM wants one (not at resource
// group scope, like deployments).

function stackRequest(settings, stack, content) {
    const { scope } = settings;
    const location = 'location' in scope && azure_scope/* SCOPE_TABLE */.mo[scope.type].putLocation ? scope.location : undefined;
    const deny = stack.denySettings;
    return {
        ...(location ? { location } : {}),
        ...(settings.tags ? { tags: settings.tags } : {}),
        properties: {
            ...(content.template ? { template: content.template } : {}),
            ...(content.templateLink ? { templateLink: content.templateLink } : {}),
            // ARM refuses a body with both; parameters-uri already excludes inline values.
            ...(content.parametersLink
                ? { parametersLink: content.parametersLink }
                : { parameters: content.parameters }),
            ...(stack.description !== undefined ? { description: stack.description } : {}),
            actionOnUnmanage: stack.actionOnUnmanage,
            denySettings: {
                mode: deny.mode,
                ...(deny.excludedPrincipals.length ? { excludedPrincipals: deny.excludedPrincipals } : {}),
                ...(deny.excludedActions.length ? { excludedActions: deny.excludedActions } : {}),
                ...(deny.applyToChildScopes ? { applyToChildScopes: true } : {})
            },
            ...(stack.deploymentScope ? { deploymentScope: stack.deploymentScope } : {}),
            ...(stack.bypassStackOutOfSyncError ? { bypassStackOutOfSyncError: true } : {})
        }
    };
}

;// CONCATENATED MODULE: ./src/stack/stack-starter.ts
// Starts the stack's PUT or DELETE and returns as soon as ARM accepts it, or attaches to the stack
// by name (operation attach, or a PUT answered 409 DeploymentStackInNonTerminalState): from here
// on it is followed and reported the same way whichever it was.






/** 409 DeploymentStackInNonTerminalState: the stack is being deployed or deleted already. */
function isStackBusy(error) {
    return (error instanceof arm_error/* ArmCallError */.xW &&
        error.status === 409 &&
        error.detail?.code === 'DeploymentStackInNonTerminalState');
}
function accepted(ref, what, status, deps) {
    const portalUrl = stackPortalLink(deps.portalUrl, ref.id);
    deps.logger.info(`Deployment stack '${ref.name}' ${what} accepted by Azure (HTTP ${status ?? '?'})`);
    deps.logger.info(`  id: ${ref.id}`);
    deps.logger.info(`  portal: ${portalUrl}`);
    return portalUrl;
}
async function startStack(api, ref, body, deps) {
    const label = azure_scope/* SCOPE_TABLE */.mo[ref.target.type].label;
    let status;
    try {
        await api.create(ref.target, ref.name, body, {
            onResponse: (r) => (status ??= r.status)
        });
    }
    catch (error) {
        throw (0,arm_error/* toArmCallError */.cV)(`Starting deployment stack '${ref.name}' at ${label} scope`, error);
    }
    const portalUrl = accepted(ref, 'update', status, deps);
    return { ref, portalUrl, startedAt: deps.now(), state: 'initializing' };
}
/** Reads the stack (for the summary), then sends the DELETE with the unmanage actions. */
async function deleteStack(api, ref, stack, deps) {
    let before;
    try {
        before = await api.get(ref.target, ref.name);
    }
    catch (error) {
        if ((0,arm_error/* statusOf */.c2)(error) !== 404)
            throw (0,arm_error/* toArmCallError */.cV)(`Reading deployment stack '${ref.name}'`, error);
        deps.logger.info(`There is no deployment stack '${ref.name}' (${ref.id}): nothing to delete.`);
        return {
            ref,
            portalUrl: stackPortalLink(deps.portalUrl, ref.id),
            startedAt: deps.now(),
            state: 'deleted',
            absent: true
        };
    }
    const { resources, resourceGroups, managementGroups } = stack.actionOnUnmanage;
    let status;
    try {
        await api.delete(ref.target, ref.name, {
            unmanageActionResources: resources,
            ...(resourceGroups ? { unmanageActionResourceGroups: resourceGroups } : {}),
            ...(managementGroups ? { unmanageActionManagementGroups: managementGroups } : {}),
            ...(stack.bypassStackOutOfSyncError ? { bypassStackOutOfSyncError: true } : {}),
            onResponse: (r) => (status ??= r.status)
        });
    }
    catch (error) {
        throw (0,arm_error/* toArmCallError */.cV)(`Deleting deployment stack '${ref.name}'`, error);
    }
    const portalUrl = accepted(ref, 'delete', status, deps);
    return { ref, portalUrl, startedAt: deps.now(), state: 'deleting', stack: before };
}
async function attachToStack(api, ref, why, deps) {
    let stack;
    try {
        stack = await api.get(ref.target, ref.name);
    }
    catch (error) {
        if ((0,arm_error/* statusOf */.c2)(error) === 404) {
            throw new Error(`There is no deployment stack '${ref.name}' at ${azure_scope/* SCOPE_TABLE */.mo[ref.target.type].label} scope (${ref.id}) to attach to: check the inputs '${names/* Inputs */.G0.Name}' and the scope inputs.`, { cause: error });
        }
        throw (0,arm_error/* toArmCallError */.cV)(`Reading deployment stack '${ref.name}' to attach to it`, error);
    }
    const state = stack.properties?.provisioningState ?? 'unknown';
    const now = deps.now();
    // A stack says when it was last changed; a running one started about then.
    const modified = stack.systemData?.lastModifiedAt?.getTime();
    const startedAt = modified !== undefined && Number.isFinite(modified) && !isStackTerminal(state)
        ? Math.min(now, modified)
        : now;
    const portalUrl = stackPortalLink(deps.portalUrl, stack.id ?? ref.id);
    deps.logger.info(`Attached to deployment stack '${ref.name}' (${why}): ${state}, started ${(0,duration/* formatDuration */.a3)(now - startedAt)} ago`);
    deps.logger.info(`  id: ${stack.id ?? ref.id}`);
    deps.logger.info(`  portal: ${portalUrl}`);
    return { ref, portalUrl, startedAt, state, stack };
}

// EXTERNAL MODULE: ./src/preview/what-if-changes.ts
var what_if_changes = __webpack_require__(67942);
// EXTERNAL MODULE: ./src/template/secure-parameters.ts
var secure_parameters = __webpack_require__(55290);
;// CONCATENATED MODULE: ./src/stack/stack-validate.ts
// operation validate of a stack: asks ARM whether it would accept the stack (template, parameters,
// deny settings, deployment scope) and reports ARM's verdict whole. Nothing is deployed.





/** Answers that carry ARM's verdict on the request (the rest are failures to ask). */
const VERDICT_STATUSES = new Set([400, 409, 422]);
/** Validate answers in seconds: poll ARM for it at most this often. */
const MAX_UPDATE_INTERVAL_MS = 5_000;
async function validateStack(ref, body, content, api, deps) {
    const { logger } = deps;
    const name = `stack ${ref.name}`;
    const scopeLabel = azure_scope/* SCOPE_TABLE */.mo[ref.target.type].label;
    const redact = (0,what_if_changes/* redactor */.$p)((0,secure_parameters/* secureParameterValues */.L)(content));
    let refused;
    const result = await logger.group(`Validate deployment ${name}`, async () => {
        logger.info(`Asking Azure Resource Manager whether it would accept deployment ${name} at ${scopeLabel} scope (nothing is deployed)`);
        try {
            return await api.validate(ref.target, ref.name, body, {
                updateIntervalInMs: Math.min(deps.pollIntervalMs, MAX_UPDATE_INTERVAL_MS),
                abortSignal: AbortSignal.any([
                    AbortSignal.timeout(deps.timeoutMs),
                    ...(deps.signal ? [deps.signal] : [])
                ])
            });
        }
        catch (error) {
            const failure = (0,arm_error/* toArmCallError */.cV)(`Validating deployment ${name}`, error);
            if (!(failure instanceof arm_error/* ArmCallError */.xW) || !failure.detail)
                throw failure;
            if (failure.status === undefined || !VERDICT_STATUSES.has(failure.status))
                throw failure;
            refused = failure;
            return undefined;
        }
    });
    const error = refused?.detail ?? (0,arm_error/* toErrorDetail */.dj)(result?.error);
    if (error) {
        const correlationId = refused?.correlationId ?? result?.properties?.correlationId;
        const text = redact(`${(0,arm_error/* formatErrorDetail */.$N)(error)}${correlationId ? `\ncorrelation id: ${correlationId}` : ''}`);
        logger.error(text, { title: `ARM refused deployment ${name} (validate)` });
        await (0,summaries/* writeSummary */.Sy)(deps, (0,summaries/* failureSummary */.jg)(`Validation of deployment ${name} failed`, text, `Scope: ${scopeLabel}. Azure Resource Manager would refuse this deployment stack:`));
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
    await (0,summaries/* writeSummary */.Sy)(deps, (0,summaries/* validationPassedSummary */.cy)(name, scopeLabel, resources));
    return { ok: true };
}

;// CONCATENATED MODULE: ./src/flow/run-stack.ts
// A deployment stack's run (type deploymentStack), loaded on demand by run-deployment.ts once the
// template is loaded and tokens flow: validate, or start (create, delete) or attach → follow the
// stack and its deployment (progress) → report. The same session, token refresher, clients and
// cancellation rules as a deployment's run.















async function runStack(settings, stack, content, session, deps) {
    const { logger } = deps;
    // The settings reader refuses tenant scope for stacks.
    const target = settings.scope;
    const ref = { target, name: settings.name, id: stackId(target, settings.name) };
    const api = createStackApi(settings.cloud, session.refresher, logger, (0,request_timeout/* requestTimeouts */._)(settings.timing.pollIntervalMs));
    if (settings.operation === 'validate' && content) {
        return validateStack(ref, stackRequest(settings, stack, content), content, api, {
            ...deps,
            pollIntervalMs: settings.timing.pollIntervalMs,
            timeoutMs: settings.timing.timeoutMs
        });
    }
    if (deps.signal?.aborted) {
        const message = `The run was canceled before deployment stack ${ref.name} was started; nothing was changed.`;
        await (0,summaries/* writeSummary */.Sy)(deps, (0,summaries/* notStartedSummary */.zn)(`stack ${ref.name}`, message));
        return { ok: false, message };
    }
    const secureNames = [...(content?.secureOutputNames ?? []), ...settings.maskedOutputs];
    const followed = await (0,cancellation/* withinGrace */.qL)(follow(settings, stack, content, ref, api, deps).catch((error) => {
        (0,step_state/* saveMainStepEnd */.Wo)(deps.state, 'NotStarted');
        throw error;
    }), deps.signal, () => undefined);
    const report = (outcome, extra = {}) => reportStack({
        followed: followed ?? {
            ref,
            portalUrl: stackPortalLink(settings.cloud.portalUrl, ref.id),
            startedAt: deps.clock.now(),
            state: 'unknown'
        },
        outcome,
        operation: settings.operation,
        stack,
        tokenRefreshes: session.refresher.refreshCount,
        secureNames,
        ...extra
    }, { ...deps, now: () => deps.clock.now() });
    if (!followed) {
        (0,step_state/* saveMainStepEnd */.Wo)(deps.state, 'aborted');
        return report({ kind: 'aborted', tracker: new operation_tracker/* OperationTracker */.Ox() }, {
            abortNote: `The run was canceled while Azure was being asked to ${settings.operation === 'delete' ? 'delete' : 'update'} deployment stack ${ref.name}; it may go on in Azure, and it had not named a deployment that could be canceled.`
        });
    }
    if (followed.absent) {
        (0,step_state/* saveMainStepEnd */.Wo)(deps.state, 'finished');
        return report({ kind: 'deleted', tracker: new operation_tracker/* OperationTracker */.Ox() });
    }
    if (!settings.wait) {
        (0,step_state/* saveMainStepEnd */.Wo)(deps.state, 'NotWaited');
        return reportStackStarted(followed, deps);
    }
    const outcome = await waitFor(settings, followed, api, session, deps);
    if (outcome.kind !== 'aborted') {
        (0,step_state/* saveMainStepEnd */.Wo)(deps.state, outcome.kind === 'deleted' ? 'finished' : outcome.kind);
        return report(outcome);
    }
    return report(...(await abortStack(settings, followed, outcome, api, session, deps)));
}
/** Starts the update or delete, or attaches (operation attach, or the stack is busy already). */
async function follow(settings, stack, content, ref, api, deps) {
    const starter = {
        logger: deps.logger,
        portalUrl: settings.cloud.portalUrl,
        now: () => deps.clock.now()
    };
    try {
        if (settings.operation === 'attach') {
            return await deps.logger.group(`Attach to deployment stack ${ref.name}`, () => attachToStack(api, ref, `input '${names/* Inputs */.G0.Operation}' is attach`, starter));
        }
        if (settings.operation === 'delete') {
            return await deps.logger.group(`Delete deployment stack ${ref.name}`, () => deleteStack(api, ref, stack, starter));
        }
        if (!content)
            throw new Error(`No template loaded for deployment stack ${ref.name}`);
        const body = stackRequest(settings, stack, content);
        return await deps.logger.group(`Start deployment stack ${ref.name}`, async () => {
            try {
                return await startStack(api, ref, body, starter);
            }
            catch (error) {
                if (!isStackBusy(error))
                    throw error;
                // A re-run, a second job or a runner that died: follow that one instead of failing.
                deps.logger.info(`Deployment stack '${ref.name}' is already being deployed or deleted in Azure (a re-run, another job, or a runner that stopped): waiting for it instead. It runs the template it was started with.`);
                return attachToStack(api, ref, 'it was already running', starter);
            }
        });
    }
    catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        await (0,summaries/* writeSummary */.Sy)(deps, (0,summaries/* failureSummary */.jg)(`Deployment stack ${ref.name}: ${settings.operation} failed`, text));
        throw error;
    }
}
function waitFor(settings, followed, api, session, deps) {
    const { pollIntervalMs, timeoutMs } = settings.timing;
    const { logger } = deps;
    const reporter = new progress_reporter/* ProgressReporter */.Py({
        logger,
        startedAt: followed.startedAt,
        now: () => deps.clock.now(),
        heartbeatMs: Math.min(5 * 60_000, 10 * pollIntervalMs)
    });
    logger.info(`Polling every ${(0,duration/* formatDuration */.a3)(pollIntervalMs)} for up to ${(0,duration/* formatDuration */.a3)(timeoutMs)}`);
    let phase;
    let last = { kind: 'aborted', tracker: new operation_tracker/* OperationTracker */.Ox() };
    const polling = pollStack(followed.ref, {
        api,
        deployments: session.api,
        pollIntervalMs,
        // timeout counts from when this step took the stack up, attached or started.
        deadline: deps.clock.now() + timeoutMs,
        clock: deps.clock,
        logger,
        deleting: settings.operation === 'delete',
        onStack: (stack) => {
            last = { ...last, stack };
            const state = stack.properties?.provisioningState ?? 'unknown';
            if (state === phase)
                return;
            phase = state;
            logger.info(`Deployment stack ${followed.ref.name} is ${state} (${(0,duration/* formatDuration */.a3)(deps.clock.now() - followed.startedAt)})`);
        },
        onDeployment: (ref) => {
            last = { ...last, deploymentRef: ref };
            logger.info(`Deployment stack ${followed.ref.name} deploys with deployment ${ref.name}`);
            // The post step's cancel-on-abort backstop cancels this deployment, which cancels the stack.
            (0,step_state/* saveDeployment */.jo)(deps.state, { id: ref.id, name: ref.name });
        },
        onDeploymentPoll: (snapshot) => {
            last = { ...last, deployment: snapshot.deployment, tracker: snapshot.tracker };
            return reporter.report(snapshot);
        },
        ...(deps.signal ? { signal: deps.signal } : {})
    });
    // A poll in flight when the run is canceled may not hold up the step past the runner's deadline.
    return (0,cancellation/* withinGrace */.qL)(polling, deps.signal, () => last);
}


/***/ }),

/***/ 67942:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $p: () => (/* binding */ redactor),
/* harmony export */   Pe: () => (/* binding */ countsInWords),
/* harmony export */   ap: () => (/* binding */ keptChanges),
/* harmony export */   mv: () => (/* binding */ DRIFT_TYPES),
/* harmony export */   vk: () => (/* binding */ driftCount),
/* harmony export */   xS: () => (/* binding */ countChanges),
/* harmony export */   y3: () => (/* binding */ resultJson)
/* harmony export */ });
/* unused harmony export RESULT_OUTPUT_LIMIT */
/* harmony import */ var _settings_settings_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(27100);
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
    const counts = Object.fromEntries(_settings_settings_js__WEBPACK_IMPORTED_MODULE_0__/* .CHANGE_TYPES */ .p.map((t) => [t, 0]));
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
    const parts = _settings_settings_js__WEBPACK_IMPORTED_MODULE_0__/* .CHANGE_TYPES */ .p.filter((t) => counts[t] > 0).map((t) => `${counts[t]} ${words[t]}`);
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


/***/ })

};
