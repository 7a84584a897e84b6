export const id = 278;
export const ids = [278];
export const modules = {

/***/ 3278:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   findOnPath: () => (/* binding */ findOnPath),
/* harmony export */   runBicep: () => (/* binding */ runBicep),
/* harmony export */   spawnRunner: () => (/* binding */ spawnRunner)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _template_input_error_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4576);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3916);
/* harmony import */ var _runtime_names_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3476);
// Runs the Bicep compiler: `bicep` when it is on PATH, else `az bicep` (which wraps the same CLI).
// Diagnostics on stderr become log lines (warnings never fail the run); a non-zero exit is an error.






const INSTALL_HINT = 'Install the Bicep CLI (https://aka.ms/bicep-install) or the Azure CLI, or deploy a compiled .json template';
/** Finds an executable on PATH (with PATHEXT on Windows), as a shell would. */
function findOnPath(name, env) {
    const exts = process.platform === 'win32'
        ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').filter(Boolean)
        : [''];
    for (const dir of (env.PATH ?? env.Path ?? '').split((node_path__WEBPACK_IMPORTED_MODULE_2___default().delimiter))) {
        if (!dir)
            continue;
        for (const ext of exts) {
            const candidate = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(dir, name + ext);
            try {
                if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_1__.statSync)(candidate).isFile())
                    continue;
                (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.accessSync)(candidate, node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.X_OK);
                return candidate;
            }
            catch {
                // not here; keep looking
            }
        }
    }
    return undefined;
}
function findBicepCli(env) {
    const bicep = findOnPath('bicep', env);
    if (bicep) {
        return {
            name: 'bicep',
            file: bicep,
            args: (sub, f) => [sub, f, '--stdout'],
            versionArgs: ['--version']
        };
    }
    const az = findOnPath('az', env);
    if (az) {
        return {
            name: 'az bicep',
            file: az,
            args: (sub, f) => ['bicep', sub, '--file', f, '--stdout'],
            versionArgs: ['bicep', 'version']
        };
    }
    return undefined;
}
/** The default CommandRunner: spawns without a shell (except Windows .cmd shims, which need one). */
function spawnRunner(env) {
    return (file, args) => new Promise((resolve, reject) => {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(file, args, {
            env,
            windowsHide: true,
            shell: process.platform === 'win32' && /\.(cmd|bat)$/i.test(file)
        });
        const stdout = [];
        const stderr = [];
        child.stdout.on('data', (chunk) => stdout.push(chunk));
        child.stderr.on('data', (chunk) => stderr.push(chunk));
        child.on('error', reject);
        child.on('close', (code) => resolve({
            exitCode: code,
            stdout: Buffer.concat(stdout).toString('utf8'),
            stderr: Buffer.concat(stderr).toString('utf8')
        }));
    });
}
// Colour codes would show as garbage in annotations (the matcher is about the escape character itself).
// eslint-disable-next-line no-control-regex
const ANSI_COLOUR = /\x1b\[[0-9;]*m/g;
// `/path/main.bicep(12,5) : Warning no-unused-params: Parameter "x" is declared but never used. [url]`
const DIAGNOSTIC = /^(.+?)\((\d+),(\d+)\)\s*:\s*(Error|Warning|Info)\s+(.*)$/;
function logDiagnostics(stderr, logger) {
    let warnings = 0;
    for (const raw of stderr.split(/\r?\n/)) {
        const line = raw.replace(ANSI_COLOUR, '').trim();
        if (!line)
            continue;
        const d = DIAGNOSTIC.exec(line);
        if (d?.[4] === 'Info') {
            logger.info(line);
            continue;
        }
        warnings++;
        if (d)
            logger.warning(d[5], { title: 'Bicep', file: d[1], startLine: Number(d[2]) });
        else
            logger.warning(line.replace(/^WARNING:\s*/, ''), { title: 'Bicep' });
    }
    return warnings;
}
/**
 * `bicep-version`, honoured the way this action gets Bicep: it compiles with the CLI it finds on
 * PATH and downloads nothing, so it checks that CLI's version and refuses a different one (a
 * template compiled by another release may differ) before anything is sent to Azure.
 */
async function checkVersion(cli, wanted, io) {
    let found;
    try {
        const result = await io.exec(cli.file, cli.versionArgs);
        found = /(\d+\.\d+\.\d+)/.exec(`${result.stdout}\n${result.stderr}`)?.[1];
    }
    catch {
        found = undefined;
    }
    if (found === wanted)
        return;
    const what = found ? `is ${found}` : 'did not say its version';
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .TemplateInputError */ .np(_runtime_names_js__WEBPACK_IMPORTED_MODULE_4__/* .Inputs */ .G0.BicepVersion, `Input '${_runtime_names_js__WEBPACK_IMPORTED_MODULE_4__/* .Inputs */ .G0.BicepVersion}' is ${wanted}, but the Bicep CLI on PATH (${cli.name}) ${what}. This action compiles with the Bicep CLI it finds and does not download one: install ${wanted} in an earlier step (for example \`az bicep install --version v${wanted}\`), or leave '${_runtime_names_js__WEBPACK_IMPORTED_MODULE_4__/* .Inputs */ .G0.BicepVersion}' out.`);
}
/**
 * Runs `bicep build|build-params <file> --stdout` (or the `az bicep` form) and returns its stdout.
 * `input` names the action input the file came from, for error messages.
 */
async function runBicep(subcommand, sourceFile, input, io) {
    const cli = findBicepCli(io.env);
    if (!cli) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .TemplateInputError */ .np(input, `${(0,_template_input_error_js__WEBPACK_IMPORTED_MODULE_5__/* .named */ .K)(input)} (${sourceFile}) needs the Bicep compiler, but neither 'bicep' nor 'az' is on PATH. ${INSTALL_HINT}.`);
    }
    if (io.bicepVersion)
        await checkVersion(cli, io.bicepVersion, io);
    const args = cli.args(subcommand, sourceFile);
    let result;
    try {
        result = await io.exec(cli.file, args);
    }
    catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .TemplateInputError */ .np(input, `${(0,_template_input_error_js__WEBPACK_IMPORTED_MODULE_5__/* .named */ .K)(input)} (${sourceFile}): could not run ${cli.file}: ${reason}`);
    }
    if (result.exitCode !== 0) {
        const status = result.exitCode === null ? 'was killed' : `exited with code ${result.exitCode}`;
        const detail = result.stderr.trim() || result.stdout.trim();
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .TemplateInputError */ .np(input, `${(0,_template_input_error_js__WEBPACK_IMPORTED_MODULE_5__/* .named */ .K)(input)} (${sourceFile}): ${cli.name} ${subcommand} ${status}${detail ? `:\n${detail}` : '.'}`);
    }
    const warnings = logDiagnostics(result.stderr, io.logger);
    io.logger.info(`Compiled ${sourceFile} with ${cli.name} ${subcommand}${warnings ? ` (${warnings} warning${warnings > 1 ? 's' : ''})` : ''}`);
    return result.stdout;
}


/***/ })

};
