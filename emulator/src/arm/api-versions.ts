// The api-versions ARM serves for Microsoft.Resources deployments. Any other is refused with
// 400 InvalidApiVersionParameter and the supported list, as ARM answers (e.g. azure-rest-api-specs
// issue #11711). The list is the one ARM printed in 2024 plus the stable versions since
// (2026-06-01 is what @azure/arm-resourcesdeployments 2.x sends).
import { ArmError } from './errors.js'

export const DEPLOYMENTS_API_VERSIONS = [
  '2026-09-01',
  '2026-06-01',
  '2025-04-01',
  '2025-03-01',
  '2024-11-01',
  '2024-07-01',
  '2024-03-01',
  '2023-07-01',
  '2022-09-01',
  '2021-04-01',
  '2021-01-01',
  '2020-10-01',
  '2020-09-01',
  '2020-08-01',
  '2020-07-01',
  '2020-06-01',
  '2020-05-01',
  '2020-01-01',
  '2019-11-01',
  '2019-10-01',
  '2019-09-01',
  '2019-08-01',
  '2019-07-01',
  '2019-06-01',
  '2019-05-10',
  '2019-05-01',
  '2019-03-01',
  '2018-11-01',
  '2018-09-01',
  '2018-08-01',
  '2018-07-01',
  '2018-06-01',
  '2018-05-01',
  '2018-02-01',
  '2018-01-01',
  '2017-12-01',
  '2017-08-01',
  '2017-06-01',
  '2017-05-10',
  '2017-05-01',
  '2017-03-01',
  '2016-09-01',
  '2016-07-01',
  '2016-06-01',
  '2016-02-01',
  '2015-11-01',
  '2015-01-01'
]

export function checkApiVersion(apiVersion: string): void {
  if (DEPLOYMENTS_API_VERSIONS.includes(apiVersion)) return
  throw new ArmError(
    400,
    'InvalidApiVersionParameter',
    `The api-version '${apiVersion}' is invalid. The supported versions are '${DEPLOYMENTS_API_VERSIONS.join(',')}'.`
  )
}
