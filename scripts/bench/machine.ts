import { cpus, release, totalmem, type } from 'node:os';

/** One line naming the machine a figure was measured on: benchmarks mean nothing without it. */
export function describeMachine(): string {
  const cores = cpus();
  const model = (cores[0]?.model ?? 'unknown CPU').replace(/\s+/g, ' ').trim();
  const memory = (totalmem() / 1024 ** 3).toFixed(1);
  return `${model} x${cores.length}, ${memory} GiB RAM, ${type()} ${release()}, Node ${process.version}`;
}
