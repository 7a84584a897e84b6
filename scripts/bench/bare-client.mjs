// Node's own floor for the bench: the requests the action makes, sent by plain node:https with no
// library (no SDK, no MSAL, no bundle), so each start, CPU and memory row can show what Node alone
// costs on this machine beside what the action costs. Hand-written on purpose: a library here
// would measure that library. Plain JavaScript, so `node` runs it without a loader or type
// stripping that the action does not pay either.
//
//   node bare-client.mjs start  PLAN  token request, one PUT, exit (the `wait: false` start)
//   node bare-client.mjs replay PLAN  token request, then the GET cycles, one every intervalMs
//
// PLAN is a JSON file: { armEndpoint, tokenUrl, clientId, clientSecret, scope,
//   put?: { path, body }, cycles?: string[][], intervalMs? }. The CA comes from
// NODE_EXTRA_CA_CERTS, as for the action.
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
      res.on('end', () => resolve({ status: res.statusCode, json: text ? JSON.parse(text) : null }))
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
    for (const [i, cycle] of plan.cycles.entries()) {
      if (i > 0) await sleep(plan.intervalMs)
      for (const path of cycle) await arm('GET', path)
    }
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
