// Why a pull stopped. `permanent` errors end the sync at once (no retry storm on bad credentials);
// the others were retried up to the client's attempt limit before surfacing.
// internal_address: the source's host is or resolves to an internal address no allow-list opens.
export const ConnectorErrorCodes = [
  'auth_failed',
  'http_error',
  'timeout',
  'network',
  'bad_response',
  'config',
  'internal_address',
] as const;
export type ConnectorErrorCode = (typeof ConnectorErrorCodes)[number];

// Messages end up in sync_runs.error and the logs: an address an MDM echoes back is masked.
const EMAIL = /[^\s@"'<>]+@[^\s@"'<>]+\.[a-z]{2,}/gi;

/** A pull failure with a code a sync run can record and an operator can act on. */
export class ConnectorError extends Error {
  override name = 'ConnectorError';
  readonly code: ConnectorErrorCode;
  readonly permanent: boolean;
  readonly status: number | null;

  constructor(code: ConnectorErrorCode, message: string, options: { permanent: boolean; status?: number | null }) {
    super(message.replace(EMAIL, '[e-mail]'));
    this.code = code;
    this.permanent = options.permanent;
    this.status = options.status ?? null;
  }
}

export const authFailed = (message: string, status: number | null = null) =>
  new ConnectorError('auth_failed', `${message}; check the source's credentials`, { permanent: true, status });

export const badResponse = (message: string) => new ConnectorError('bad_response', message, { permanent: true });
