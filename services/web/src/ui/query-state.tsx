import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ApiFailure } from '../api/client.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import type { MessageKey } from '../i18n/catalogue.ts';

/** The plain-French sentence for a failure: never the raw error, the code at most. */
export function failureMessage(error: unknown): { key: MessageKey; reason?: string } {
  if (error instanceof ApiFailure) {
    if (error.code === 'forbidden') return { key: 'state.forbidden' };
    if (error.code === 'not_found') return { key: 'state.notFound' };
    if (error.code === 'unauthorized') return { key: 'state.signedOut' };
    if (error.code === 'network' || error.code === 'internal' || error.code === 'unavailable') return { key: 'state.error' };
    return { key: 'state.errorCode', reason: error.code };
  }
  return { key: 'state.error' };
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="state" role="status">
      {t('state.loading')}
    </p>
  );
}

export function Failure({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useI18n();
  const { key, reason } = failureMessage(error);
  return (
    <div className="state state-error" role="alert">
      <p>{t(key, reason ? { reason } : {})}</p>
      {retry && key !== 'state.forbidden' ? (
        <button type="button" className="button secondary" onClick={retry}>
          {t('state.retry')}
        </button>
      ) : null}
    </div>
  );
}

export function Empty({ message }: { message?: string }) {
  const { t } = useI18n();
  return <p className="state">{message ?? t('state.empty')}</p>;
}

/** Loading, failure and empty states of one query, in plain French; children get the data. */
export function QueryState<T>({
  query,
  isEmpty,
  empty,
  children,
}: {
  query: UseQueryResult<T>;
  isEmpty?: (data: T) => boolean;
  empty?: string;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loading />;
  if (query.isError) return <Failure error={query.error} retry={() => void query.refetch()} />;
  if (isEmpty?.(query.data)) return <Empty message={empty} />;
  return <>{children(query.data)}</>;
}
