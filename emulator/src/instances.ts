// Per-instance state (the client certificate) of emulators whose process has gone.
import { readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'

/** Removes client certificates left by emulators whose process is gone (killed, crashed). */
export function pruneStaleInstances(stateDir: string): void {
  let names: string[]
  try {
    names = readdirSync(join(stateDir, 'instances'))
  } catch {
    return
  }
  for (const name of names) {
    const pid = Number(name.split('-')[0])
    if (!Number.isInteger(pid) || pid === process.pid || isAlive(pid)) continue
    rmSync(join(stateDir, 'instances', name), { recursive: true, force: true })
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: alive, but someone else's.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
