import type { Firing } from './firing.ts';

export interface SourceRuns {
  sourceId: string;
  name: string;
  /** Finished runs, newest first (skipped runs left out: another sync was running). */
  runs: { status: string; error_code: string | null; started_at: Date }[];
}

// Codes a connector records when the MDM refused its credentials: no later run can succeed
// until someone fixes them, so one is enough to alert.
const AUTH_CODES = new Set(['auth_failed', 'config']);

/** Sources whose last `consecutive` runs all failed, or whose last run failed on authentication. */
export function failingSources(sources: readonly SourceRuns[], consecutive: number): Firing[] {
  return sources.flatMap((s) => {
    const last = s.runs[0];
    if (!last || last.status !== 'failed') return [];
    let failed = 0;
    while (failed < s.runs.length && s.runs[failed]!.status === 'failed') failed += 1;
    const auth = last.error_code !== null && AUTH_CODES.has(last.error_code);
    if (failed < consecutive && !auth) return [];
    return [
      {
        subjectType: 'source' as const,
        subjectId: s.sourceId,
        establishmentId: null,
        title: auth ? `source ${s.name}: the MDM refuses Vigie's credentials` : `source ${s.name}: last ${failed} syncs failed`,
        details: {
          consecutive_failures: failed,
          last_error_code: last.error_code,
          last_run_at: last.started_at.toISOString(),
          auth_failure: auth,
        },
      },
    ];
  });
}
