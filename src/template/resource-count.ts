// How many resources a template deploys, when the template itself says so: the denominator of the
// progress heartbeat. ARM lists an operation only once it starts the resource, so counting the
// operations seen so far makes `5/9` grow as the run goes. A copy count, a condition or a linked
// template that only ARM can evaluate makes the count unknown (undefined), never a guess.

const DEPLOYMENTS = 'microsoft.resources/deployments'

type Json = Record<string, unknown>

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Resources (nested deployments' contents, not the deployments themselves) the template deploys. */
export function templateResourceCount(template: unknown): number | undefined {
  if (!isObject(template)) return undefined
  return countResources(template.resources)
}

function countResources(resources: unknown): number | undefined {
  // languageVersion 2.0 (symbolic names) holds resources in an object.
  const list = Array.isArray(resources)
    ? resources
    : isObject(resources)
      ? Object.values(resources)
      : resources === undefined
        ? []
        : undefined
  if (!list) return undefined
  let total = 0
  for (const resource of list) {
    const n = countResource(resource)
    if (n === undefined) return undefined
    total += n
  }
  return total
}

function countResource(r: unknown): number | undefined {
  if (!isObject(r)) return undefined
  if (r.existing === true) return 0
  if (r.condition === false) return 0
  if (r.condition !== undefined && r.condition !== true) return undefined
  const copies = copyCount(r.copy)
  if (copies === undefined) return undefined
  const own = ownCount(r)
  const children = countResources(r.resources)
  if (own === undefined || children === undefined) return undefined
  return copies * (own + children)
}

function copyCount(copy: unknown): number | undefined {
  if (copy === undefined) return 1
  if (!isObject(copy)) return undefined
  return typeof copy.count === 'number' && Number.isInteger(copy.count) && copy.count >= 0
    ? copy.count
    : undefined
}

/** 1 for a resource; for a nested deployment, what its inline template deploys. */
function ownCount(r: Json): number | undefined {
  if (typeof r.type !== 'string') return undefined
  if (r.type.toLowerCase() !== DEPLOYMENTS) return 1
  const props = isObject(r.properties) ? r.properties : undefined
  return props && isObject(props.template) ? countResources(props.template.resources) : undefined
}
