import type { AnnotationProperties, Logger } from '../../src/runtime/ports.js'

export interface LogLine {
  level: 'debug' | 'info' | 'warning' | 'error'
  message: string
  annotation?: AnnotationProperties
}

/** An in-memory Logger that keeps every line. */
export function recordingLogger(): Logger & {
  lines: LogLine[]
  at(level: LogLine['level']): LogLine[]
} {
  const lines: LogLine[] = []
  return {
    lines,
    at: (level) => lines.filter((l) => l.level === level),
    debug: (message) => void lines.push({ level: 'debug', message }),
    info: (message) => void lines.push({ level: 'info', message }),
    warning: (message, annotation) => void lines.push({ level: 'warning', message, annotation }),
    error: (message, annotation) => void lines.push({ level: 'error', message, annotation }),
    group: (_name, fn) => fn()
  }
}
