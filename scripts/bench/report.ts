// The bench's figures: each printed as it is measured, and all again in one summary table at the
// end, grouped by the section (measurement) they belong to.

export interface Figure {
  name: string
  value: string
  target?: string
}

const figures: Figure[] = []
/** Which measurement the next figures belong to, for the summary table. */
let section = ''

/** Starts a measurement: its heading now, its name as the prefix of its rows in the summary. */
export function startSection(name: string, heading: string): void {
  section = name
  process.stdout.write(`\n${heading}\n`)
}

export function report(name: string, value: string, target?: string): void {
  figures.push({ name: section ? `${section}: ${name}` : name, value, target })
  process.stdout.write(`  ${name}: ${value}${target ? `   (target ${target})` : ''}\n`)
}

export function printSummary(seconds: number): void {
  process.stdout.write(`\nSummary (${seconds.toFixed(0)} s)\n`)
  const width = Math.max(...figures.map((f) => f.name.length))
  for (const f of figures)
    process.stdout.write(
      `  ${f.name.padEnd(width)}  ${f.value}${f.target ? `  (target ${f.target})` : ''}\n`
    )
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
export const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`
