import { describe, expect, it } from 'vitest'
import { checkFormDataUses } from '../../scripts/package.js'

describe('checkFormDataUses (FormData is folded to undefined at build time)', () => {
  it("passes the SDK's typeof-guarded check, comments, strings and other names", () => {
    const code = [
      ' * A policy that encodes FormData on the request into the body.',
      '    if (typeof FormData !== "undefined" && body instanceof FormData) {',
      '  convertBodyToFormDataMap: () => convertBodyToFormDataMap',
      '            await prepareFormData(request.formData, request);',
      '  const name = "FormData"; x.FormData = 1'
    ].join('\n')
    expect(() => checkFormDataUses('index.js', code)).not.toThrow()
  })

  it('refuses any other use, naming the chunk and line', () => {
    expect(() => checkFormDataUses('821.index.js', 'a()\n  const f = new FormData();')).toThrow(
      /^821\.index\.js:2 uses FormData outside a typeof guard; .*: const f = new FormData\(\);$/
    )
    expect(() => checkFormDataUses('index.js', 'if (body instanceof FormData) {}')).toThrow(
      /^index\.js:1 uses FormData outside a typeof guard/
    )
  })
})
