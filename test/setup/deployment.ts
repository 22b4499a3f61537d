import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, startService, waitUntilReady, type Service } from '../../scripts/stack/processes.ts';
import { waitFor, type TestEnv } from './test-env.ts';

/** Real API and worker processes on one test's database and Redis prefix, as a deployment runs them. */
export interface Deployment {
  /** Base URLs of the API processes, in start order. */
  apis: string[];
  /** Per worker process, the jobs it completed per queue, from its own /metrics. */
  completedJobs(): Promise<Record<string, number>[]>;
  services: Service[];
  /** The last lines of every process's log, for a failure message. */
  logs(): string;
  stop(): Promise<void>;
}

/**
 * Starts `apis` API processes and `workers` worker processes at once (their start-ups race as
 * replicas' do), and waits until every API answers /readyz and every worker listens on its queues.
 */
export async function startDeployment(env: TestEnv, counts: { apis: number; workers: number }, extra: Record<string, string> = {}) {
  const logDir = mkdtempSync(path.join(tmpdir(), 'vigie-deployment-'));
  const base = { ...process.env, ...env.env, API_HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...extra };
  const ports = await Promise.all(Array.from({ length: counts.apis }, () => freePort()));
  const metricsPorts = await Promise.all(Array.from({ length: counts.workers }, () => freePort()));
  const apis = ports.map((port, i) => ({
    url: `http://127.0.0.1:${port}`,
    service: startService('api', { ...base, API_PORT: String(port) }, path.join(logDir, `api-${i + 1}.log`)),
  }));
  const workers = metricsPorts.map((port, i) =>
    startService('worker', { ...base, WORKER_METRICS_PORT: String(port) }, path.join(logDir, `worker-${i + 1}.log`)),
  );
  const services = [...apis.map((a) => a.service), ...workers];
  const deployment: Deployment = {
    apis: apis.map((a) => a.url),
    completedJobs: () => Promise.all(metricsPorts.map((port) => completedJobs(`http://127.0.0.1:${port}/metrics`))),
    services,
    logs: () => services.map((s) => `--- ${s.logFile}\n${s.logTail(20)}`).join('\n'),
    stop: async () => {
      // APIs first, so nothing new is accepted; workers then finish the jobs they hold.
      await Promise.all(apis.map((a) => a.service.stop()));
      await Promise.all(workers.map((w) => w.stop()));
    },
  };
  try {
    await Promise.all(apis.map((a) => waitUntilReady(a.service, a.url)));
    await waitFor(
      async () => {
        const dead = workers.find((w) => w.hasExited());
        if (dead) throw new Error(`a worker exited during start-up:\n${dead.logTail()}`);
        return (await env.queues.ingestBatch.getWorkersCount()) >= counts.workers;
      },
      60_000,
      'every worker to listen on its queues',
    );
  } catch (error) {
    await deployment.stop();
    throw error;
  }
  return deployment;
}

const COUNT = /^vigie_job_duration_seconds_count\{([^}]*)\} (\d+)$/gm;

/** Queue -> jobs completed, read from a worker's job duration histogram (one count per job it finished). */
async function completedJobs(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(url)).text();
  const counts: Record<string, number> = {};
  for (const [, labels, n] of text.matchAll(COUNT)) {
    const queue = /queue="([^"]+)"/.exec(labels!)?.[1];
    if (queue && labels!.includes('outcome="completed"')) counts[queue] = Number(n);
  }
  return counts;
}
