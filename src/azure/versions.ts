// Who we say we are to ARM and Entra, and the ARM api-version we speak.

import pkg from '../../package.json' with { type: 'json' }

export const USER_AGENT_PRODUCT = 'durable-arm-deploy'
/** The one user agent prefix, for ARM and Entra requests alike: product/version. */
export const USER_AGENT = `${USER_AGENT_PRODUCT}/${pkg.version}`
/** api-version the emulator and our scope table are held to. */
export const ARM_API_VERSION = '2025-04-01'
/** Deployment stacks api-version: the one @azure/arm-resourcesdeploymentstacks 1.0.0 models (no what-if). */
export const STACKS_API_VERSION = '2024-03-01'
