// Node's own floor for the bench: the requests the action makes, sent by plain node:https with no
// library (no SDK, no MSAL, no bundle), so each start, CPU and memory row can show what Node alone
// costs on this machine beside what the action costs. Hand-written on purpose: a library here
// would measure that library. Plain JavaScript, so `node` runs it without a loader or type
// stripping that the action does not pay either.
//
//   node bare-client.mjs start  PLAN  token request, one PUT, exit (the `wait: false` start)
//   node bare-client.mjs replay PLAN  token request, the PUT of a twin deployment (when `put` is
//                                     given), then the GET cycles: the first firstDelayMs after the
//                                     PUT, each next one intervalMs after the last ended
//
// PLAN is a JSON file: { armEndpoint, tokenUrl, clientId, clientSecret, scope,
//   put?: { path, body }, cycles?: string[][], firstDelayMs?, intervalMs? }. The CA comes from
// NODE_EXTRA_CA_CERTS, as for the action. Prints one JSON line on stdout: the provisioning state
// each cycle's first GET answered, so the bench can show the replay read a live deployment.
import { Agent, request } from 'node:https'
import { readFileSync } from 'node:fs'
import process from 'node:process'
import { setTimeout as sleep } from 'node:timers/promises'
import { URLSearchParams } from 'node:url'

const [mode, planFile] = process.argv.slice(2)
const plan = JSON.parse(readFileSync(planFile, 'utf8'))
// Keep-alive, as the SDK's client: one TLS handshake for the whole run.
const agent = new Agent({ keepAlive: true })

function send(method, url, headers, body) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => (text += chunk))
      res.on('error', reject)
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode, json: text ? JSON.parse(text) : null })
        } catch (error) {
          reject(
            new Error(`${method} ${url.split('?')[0]}: a body that is not JSON (${error.message})`)
          )
        }
      })
    })
    req.on('error', reject)
    req.end(body)
  })
}

async function signIn() {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: plan.clientId,
    client_secret: plan.clientSecret,
    scope: plan.scope
  }).toString()
  const r = await send(
    'POST',
    plan.tokenUrl,
    { 'content-type': 'application/x-www-form-urlencoded' },
    form
  )
  if (r.status !== 200) throw new Error(`token request: HTTP ${r.status}`)
  return r.json.access_token
}

let token

/** One ARM call; a 401 (the token expired under compressed time) signs in again, once. */
async function arm(method, path, body) {
  const call = () =>
    send(
      method,
      plan.armEndpoint + path,
      {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        ...(body && { 'content-type': 'application/json' })
      },
      body
    )
  token ??= await signIn()
  let r = await call()
  if (r.status === 401) {
    token = await signIn()
    r = await call()
  }
  if (r.status >= 300) throw new Error(`${method} ${path.split('?')[0]}: HTTP ${r.status}`)
  return r
}

try {
  if (mode === 'start') {
    await arm('PUT', plan.put.path, JSON.stringify(plan.put.body))
  } else if (mode === 'replay') {
    if (plan.put) await arm('PUT', plan.put.path, JSON.stringify(plan.put.body))
    const states = {}
    for (const [i, cycle] of plan.cycles.entries()) {
      await sleep(i === 0 ? (plan.firstDelayMs ?? 0) : plan.intervalMs)
      for (const [k, path] of cycle.entries()) {
        const r = await arm('GET', path)
        if (k === 0) {
          const state = r.json?.properties?.provisioningState ?? 'unknown'
          states[state] = (states[state] ?? 0) + 1
        }
      }
    }
    process.stdout.write(`${JSON.stringify({ states })}\n`)
  } else {
    throw new Error(`mode: expected start or replay, got ${mode}`)
  }
} catch (error) {
  // One line, the bench's report of why (a stack would end in Node's version line).
  process.stderr.write(`bare-client: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
} finally {
  agent.destroy()
}
