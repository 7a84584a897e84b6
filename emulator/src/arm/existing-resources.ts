// languageVersion 2.0 `existing` resources: read, never deployed. What counts as there: a stored
// resource, a resource group, a built-in role definition, and the default services a storage
// account comes with.
import type { ErrorDetail } from './errors.js'
import type { PlannedResource } from './resource-plan.js'
import { key } from './scopes.js'
import type { Store } from './store.js'

/** ResourceNotFound when an `existing` resource is not there (built-in role definitions are). */
export function readExisting(store: Store, resource: PlannedResource): ErrorDetail | undefined {
  const type = resource.type.toLowerCase()
  const group = /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)$/i.exec(resource.id)
  // A storage account's default blob/queue/table/file service exists with the account.
  const service = /^(.*\/storageAccounts\/[^/]+)\/(blob|queue|table|file)Services\/default$/i.exec(
    resource.id
  )
  const found =
    store.resources.has(key(resource.id)) ||
    (!!service && store.resources.has(key(service[1]))) ||
    type === 'microsoft.authorization/roledefinitions' ||
    (!!group && !!store.group(group[1], group[2]))
  if (found) return undefined
  return {
    code: 'ResourceNotFound',
    message: `The Resource '${resource.type}/${resource.name}' under resource group '${group ? group[2] : (/resourcegroups\/([^/]+)/i.exec(resource.id)?.[1] ?? '')}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`
  }
}
