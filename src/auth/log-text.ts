// Text for log lines and errors of the auth modules: one line, never a token.

/** One line; anything shaped like a JWT is blanked in case a response body echoed one. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  return text
    .replace(/eyJ[\w-]*\.[\w-]*\.[\w-]*/g, '***')
    .replace(/\s*\n\s*/g, ' ')
    .trim()
}
