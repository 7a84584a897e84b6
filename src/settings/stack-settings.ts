// What a deployment stack (type deploymentStack) is asked to be, beside the Settings it extends.
// Types only, like settings.ts.

/** What happens to a resource the stack stops managing. */
export type UnmanageAction = 'delete' | 'detach'

/** Who may not touch the stack's resources: `properties.denySettings.mode`. */
export type DenySettingsMode = 'denyDelete' | 'denyWriteAndDelete' | 'none'

export interface StackSettings {
  /** `description` → `properties.description`. */
  description?: string
  /**
   * `action-on-unmanage-*` → `properties.actionOnUnmanage` (and the DELETE's `unmanageAction.*`).
   * Resource groups and management groups left out: ARM detaches them.
   */
  actionOnUnmanage: {
    resources: UnmanageAction
    resourceGroups?: UnmanageAction
    managementGroups?: UnmanageAction
  }
  /** `deny-settings-*` → `properties.denySettings` (unused by delete). */
  denySettings: {
    mode: DenySettingsMode
    excludedActions: string[]
    excludedPrincipals: string[]
    applyToChildScopes: boolean
  }
  /** `bypass-stack-out-of-sync-error`: update or delete a stack whose resources changed behind it. */
  bypassStackOutOfSyncError: boolean
  /**
   * `deployment-resource-group-name` (subscription stacks) or `deployment-subscription-id`
   * (management group stacks) → `properties.deploymentScope`; else the stack's own scope.
   */
  deploymentScope?: string
}
