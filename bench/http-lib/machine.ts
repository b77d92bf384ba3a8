// Machine facts for bench reports: a figure means little without the cores, CPU and memory it ran on.
import { readFileSync } from 'node:fs'
import os from 'node:os'

export interface Machine {
  /** What `nproc` says: the CPUs this process may use. */
  cpus: number
  cpuModel: string
  memoryGiB: number
  os: string
  node: string
}

function cpuModel (): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'))
    if (line !== undefined) return line.slice(line.indexOf(':') + 1).trim()
  } catch {
    // Not Linux: os.cpus() still names the model.
  }
  return os.cpus()[0]?.model ?? 'unknown'
}

export function machine (): Machine {
  return {
    cpus: os.availableParallelism(),
    cpuModel: cpuModel(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30 * 10) / 10,
    os: `${os.type()} ${os.release()}`,
    node: process.version
  }
}

export function machineLine (m: Machine): string {
  return `${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB memory, ${m.os}`
}
