// In-memory implementations of action-io.ts for the report and deployment tests.
import type {
  AnnotationProperties,
  Logger,
  OutputSink,
  SecretMasker
} from '../../src/runtime/ports.js'

export type LogLine = {
  level: 'debug' | 'info' | 'warning' | 'error' | 'group'
  message: string
  annotation?: AnnotationProperties
}

/** Records every call in order, including secrets and outputs, so tests can check ordering. */
export class Recorder implements Logger, OutputSink, SecretMasker {
  readonly lines: LogLine[] = []
  readonly events: string[] = []
  readonly outputs: Record<string, string> = {}

  debug(message: string): void {
    this.lines.push({ level: 'debug', message })
  }
  info(message: string): void {
    this.lines.push({ level: 'info', message })
  }
  warning(message: string, annotation?: AnnotationProperties): void {
    this.lines.push({ level: 'warning', message, ...(annotation ? { annotation } : {}) })
  }
  error(message: string, annotation?: AnnotationProperties): void {
    this.lines.push({ level: 'error', message, ...(annotation ? { annotation } : {}) })
  }
  async group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.lines.push({ level: 'group', message: name })
    return fn()
  }
  setOutput(name: string, value: string): void {
    this.outputs[name] = value
    this.events.push(`output ${name}=${value}`)
  }
  setSecret(value: string): void {
    this.events.push(`secret ${value}`)
  }

  messages(level?: LogLine['level']): string[] {
    return this.lines.filter((l) => !level || l.level === level).map((l) => l.message)
  }
}
