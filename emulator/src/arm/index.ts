// Entry point of the emulator's ARM half: the platform half calls createArmApi once per server.
import type { ArmApi, ArmContext } from '../types.js'

export function createArmApi(ctx: ArmContext): ArmApi {
  void ctx
  return {
    async handle(req) {
      return {
        status: 404,
        body: { error: { code: 'NotImplemented', message: `${req.method} ${req.url.pathname}` } },
        schema: 'CloudError'
      }
    },
    admin: {
      cancel: () => false,
      createResourceGroup: () => undefined
    }
  }
}
