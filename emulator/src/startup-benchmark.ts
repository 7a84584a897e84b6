// Prints how long `npm run emulator -- --port 0 --time-scale 60` takes to print its ready line
// (target: under 5 s on the project's 2-core machine). Run: npx tsx emulator/src/startup-benchmark.ts [runs]
import { spawn } from 'node:child_process'
import { REPO_ROOT } from './paths.js'

function once(): Promise<number> {
  const started = performance.now()
  const child = spawn(
    'npm',
    ['run', '--silent', 'emulator', '--', '--port', '0', '--time-scale', '60'],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'ignore'],
      detached: true
    }
  )
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      if (out.split('\n').some((line) => line.startsWith('{') && out.includes(`${line}\n`))) {
        const ms = performance.now() - started
        // The whole npm → tsx → node group, by its own process-group id.
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM')
        resolve(ms)
      }
    })
    child.on('exit', (code) => reject(new Error(`emulator exited (${code}) before its ready line`)))
  })
}

const runs = Number(process.argv[2] ?? 3)
const times: number[] = []
for (let i = 0; i < runs; i++) times.push(await once())
const sorted = [...times].sort((a, b) => a - b)
process.stdout.write(
  `emulator ready line: runs=${runs} min=${Math.round(sorted[0])}ms median=${Math.round(sorted[Math.floor(runs / 2)])}ms max=${Math.round(sorted[runs - 1])}ms (target < 5000ms)\n`
)
