// Input, output and state names: the one place they are spelled (action.yml must match).

export const Inputs = {
  Scope: 'scope',
  Name: 'name',
  Location: 'location',
  SubscriptionId: 'subscription-id',
  ResourceGroupName: 'resource-group-name',
  ManagementGroupId: 'management-group-id',
  TenantId: 'tenant-id',
  ClientId: 'client-id',
  TemplateFile: 'template-file',
  TemplateUri: 'template-uri',
  TemplateSpecId: 'template-spec-id',
  ParametersUri: 'parameters-uri',
  ParametersFile: 'parameters-file',
  Parameters: 'parameters',
  Mode: 'mode',
  MaskedOutputs: 'masked-outputs',
  Tags: 'tags',
  Environment: 'environment',
  ResourceManagerEndpoint: 'resource-manager-endpoint',
  AuthorityHost: 'authority-host',
  AuthType: 'auth-type',
  ClientSecret: 'client-secret',
  ClientCertificate: 'client-certificate',
  Audience: 'audience',
  Creds: 'creds',
  PollInterval: 'poll-interval',
  Timeout: 'timeout',
  TokenRefreshInterval: 'token-refresh-interval',
  WhatIfExcludeChangeTypes: 'what-if-exclude-change-types',
  ValidationLevel: 'validation-level',
  FailOnChanges: 'fail-on-changes',
  RollbackOnError: 'rollback-on-error',
  MatrixKey: 'matrix-key',
  Operation: 'operation',
  Wait: 'wait',
  CancelOnAbort: 'cancel-on-abort',
  OnActiveDeployment: 'on-active-deployment',
  CommentOnPr: 'comment-on-pr',
  GithubToken: 'github-token',
  BicepVersion: 'bicep-version'
} as const

export const Outputs = {
  Outputs: 'outputs',
  DeploymentId: 'deployment-id',
  DeploymentName: 'deployment-name',
  ProvisioningState: 'provisioning-state',
  CorrelationId: 'correlation-id',
  Duration: 'duration',
  TokenRefreshes: 'token-refreshes',
  WhatIfChanges: 'what-if-changes',
  WhatIfResult: 'what-if-result'
} as const

/** Names our own outputs use, so a template output of the same name cannot silently replace them. */
export const RESERVED_OUTPUT_NAMES: ReadonlySet<string> = new Set(Object.values(Outputs))

export const State = {
  /** Set by the main step, so the same entry point knows it runs as the post step. */
  IsPost: 'is-post',
  DeploymentId: 'deployment-id',
  DeploymentName: 'deployment-name',
  /** 'true' when the main step was asked to cancel the deployment if the run is canceled. */
  CancelOnAbort: 'cancel-on-abort',
  /** How the main step left the deployment, saved once it is done with it (the post step then rests). */
  MainStepEnd: 'main-step-end'
} as const
