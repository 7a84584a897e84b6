// Where the emulator keeps its state. Kept apart from index.ts so the vitest global setup can
// create the CA without loading the whole emulator.
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const DEFAULT_STATE_DIR = join(REPO_ROOT, '.emulator')
