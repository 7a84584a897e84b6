// The GitHub Actions OIDC provider: the ID-token endpoint behind ACTIONS_ID_TOKEN_REQUEST_URL
// (called by @actions/core getIDToken as GET <url>&audience=… with the bearer request token) and
// the issuer's discovery document and JWKS.
import { randomUUID } from 'node:crypto'
import { json, type Reply } from './http-reply.js'
import { GITHUB_REPOSITORY, GITHUB_SUBJECT, safeEqual, seconds, type Identity } from './identity.js'
import { publicJwk, signJwt } from './jwt.js'
import type { EmulatorClock } from './types.js'

export const OIDC_PREFIX = '/_github'

export interface GithubOidcDeps {
  baseUrl: string
  clock: EmulatorClock
  identity: Identity
  /** Emulated ID-token lifetime (GitHub's is about 5 minutes). */
  idTokenLifetimeMs: number
}

export const githubIssuer = (baseUrl: string) => `${baseUrl}${OIDC_PREFIX}`
/** What ACTIONS_ID_TOKEN_REQUEST_URL holds (GitHub's has an api-version query, so `&audience=` appends). */
export const oidcRequestUrl = (baseUrl: string) =>
  `${baseUrl}${OIDC_PREFIX}/idtoken?api-version=2.0`

export function isOidcPath(pathname: string): boolean {
  return pathname.toLowerCase().startsWith(`${OIDC_PREFIX}/`)
}

export function isIdTokenPath(pathname: string): boolean {
  return pathname.toLowerCase() === `${OIDC_PREFIX}/idtoken`
}

export function handleGithubOidc(
  deps: GithubOidcDeps,
  method: string,
  url: URL,
  authorization: string | undefined
): Reply {
  const path = url.pathname.toLowerCase()
  const issuer = githubIssuer(deps.baseUrl)
  if (path === `${OIDC_PREFIX}/.well-known/openid-configuration`) {
    return json(200, {
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks`,
      subject_types_supported: ['public', 'pairwise'],
      response_types_supported: ['id_token'],
      claims_supported: [
        'sub',
        'aud',
        'exp',
        'iat',
        'iss',
        'jti',
        'nbf',
        'ref',
        'repository',
        'run_id',
        'actor'
      ],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['openid']
    })
  }
  if (path === `${OIDC_PREFIX}/.well-known/jwks`) {
    return json(200, { keys: [publicJwk(deps.identity.githubKey, deps.identity.githubKid)] })
  }
  if (!isIdTokenPath(path)) return json(404, { message: 'Not Found' })
  if (method !== 'GET') return json(405, { message: 'Method Not Allowed' })
  const presented = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1]
  const now = deps.clock.now()
  if (!presented || !safeEqual(presented, deps.identity.oidcRequestToken)) {
    return json(401, { message: 'Unauthorized' }, { errorCode: 'Unauthorized' })
  }
  if (now >= deps.identity.oidcRequestTokenExpiresAtReal) {
    return json(
      401,
      { message: 'The request token has expired' },
      { errorCode: 'RequestTokenExpired' }
    )
  }
  const audience =
    url.searchParams.get('audience') ?? `https://github.com/${GITHUB_REPOSITORY.split('/')[0]}`
  const expiresAtReal = now + deps.clock.toReal(deps.idTokenLifetimeMs)
  const jti = randomUUID()
  const token = signJwt(
    {
      jti,
      sub: GITHUB_SUBJECT,
      aud: audience,
      ref: 'refs/heads/main',
      sha: '0000000000000000000000000000000000000000',
      repository: GITHUB_REPOSITORY,
      repository_owner: GITHUB_REPOSITORY.split('/')[0],
      run_id: '1',
      run_number: '1',
      run_attempt: '1',
      actor: 'octocat',
      workflow: 'deploy',
      event_name: 'workflow_dispatch',
      ref_type: 'branch',
      job_workflow_ref: `${GITHUB_REPOSITORY}/.github/workflows/deploy.yml@refs/heads/main`,
      runner_environment: 'github-hosted',
      iss: githubIssuer(deps.baseUrl),
      nbf: seconds(now),
      iat: seconds(now),
      // Rounded up so a compressed sub-second lifetime is still a valid NumericDate after iat.
      exp: Math.ceil(expiresAtReal / 1000)
    },
    deps.identity.githubKey,
    { kid: deps.identity.githubKid, x5t: deps.identity.githubKid }
  )
  deps.identity.idTokens.set(jti, { jti, notBeforeReal: now, expiresAtReal })
  deps.identity.secrets.push(token)
  return json(200, { count: 1, value: token }, { idTokenId: jti })
}
