import { Suspense, useEffect, useRef, useState, type FormEvent } from 'react';
import type { Role } from '@vigie/contracts/web';
import { ApiFailure } from './api/client.ts';
import { signOut, useSession, type SessionView } from './api/session.ts';
import { SessionContext } from './api/session-context.tsx';
import { useI18n } from './i18n/i18n-context.tsx';
import { Locales } from './i18n/i18n.ts';
import { LiveProvider, useLiveState } from './live/live-provider.tsx';
import { entriesFor, entryAt } from './nav.ts';
import { Link, navigate, useLocation } from './router.tsx';
import { Failure, Loading } from './ui/query-state.tsx';

const SIGN_IN_PATH = '/connexion';

/** The address to come back to after signing in: a path of this site only. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith(SIGN_IN_PATH) ? next : '/';
}

export function App() {
  const session = useSession();
  const location = useLocation();
  const signedOut = session.isError && session.error instanceof ApiFailure && session.error.status === 401;
  const onSignIn = location.pathname === SIGN_IN_PATH;
  // Signed out anywhere: the sign-in page, remembering where to return. Signed in on it: go back.
  useEffect(() => {
    if (signedOut && !onSignIn)
      navigate(`${SIGN_IN_PATH}?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
    if (session.isSuccess && onSignIn) navigate(safeNext(location.searchParams.get('next')), { replace: true });
  }, [signedOut, onSignIn, session.isSuccess, location]);

  if (session.isPending) return <Loading />;
  if (signedOut) return <SignIn />;
  if (session.isError)
    return (
      <main id="main" className="page">
        <Failure error={session.error} retry={() => void session.refetch()} />
      </main>
    );
  return (
    <SessionContext.Provider value={session.data}>
      <LiveProvider role={session.data.role}>
        <Layout session={session.data} />
      </LiveProvider>
    </SessionContext.Provider>
  );
}

// The tenant code is not a secret: remembering it saves typing it at every sign-in.
const TENANT_KEY = 'vigie.tenant';

function SignIn() {
  const { t } = useI18n();
  const location = useLocation();
  const expiredLink = location.searchParams.get('erreur') === 'lien_expire';
  const next = safeNext(location.searchParams.get('next'));
  const [tenant, setTenant] = useState(() => location.searchParams.get('collectivite') ?? localStorage.getItem(TENANT_KEY) ?? '');
  const [invalid, setInvalid] = useState(false);
  const start = (event: FormEvent) => {
    event.preventDefault();
    const code = tenant.trim().toLowerCase();
    // The same rule as TenantInput.code in the contracts.
    if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(code)) return setInvalid(true);
    localStorage.setItem(TENANT_KEY, code);
    window.location.assign(`/auth/oidc/${encodeURIComponent(code)}/start?next=${encodeURIComponent(next)}`);
  };
  return (
    <main id="main" className="page signed-out">
      <h1>{t('signIn.title')}</h1>
      {expiredLink ? (
        <p className="notice" role="alert">
          {t('signIn.linkExpired')}
        </p>
      ) : (
        <p>{t('state.signedOut')}</p>
      )}
      <form className="controls" onSubmit={start} noValidate>
        <div className="field">
          <label>
            {t('signIn.tenant')}
            <input
              value={tenant}
              onChange={(e) => setTenant(e.target.value)}
              autoComplete="organization"
              aria-invalid={invalid || undefined}
              aria-describedby={invalid ? 'tenant-error' : 'tenant-help'}
            />
            {invalid ? (
              <span id="tenant-error" className="field-error">
                {t('signIn.tenantInvalid')}
              </span>
            ) : (
              <span id="tenant-help" className="stat-hint">
                {t('signIn.tenantHelp')}
              </span>
            )}
          </label>
        </div>
        <button type="submit" className="button">
          {t('signIn.oidc')}
        </button>
      </form>
      <p>{t('signIn.askLink')}</p>
      <p className="definition">{t('app.ethics')}</p>
    </main>
  );
}

function Layout({ session }: { session: SessionView }) {
  const { t, locale, setLocale } = useI18n();
  const location = useLocation();
  const entries = entriesFor(session.role);
  const entry = entryAt(location.pathname);
  const allowed = entry && entry.roles.includes(session.role);
  const main = useRef<HTMLElement>(null);

  // A role without the overview (an establishment head) starts on its first page.
  useEffect(() => {
    if (location.pathname === '/' && !allowed && entries[0]) navigate(entries[0].path + location.search, { replace: true });
  }, [location.pathname, location.search, allowed, entries]);
  // After a navigation, focus goes to the new page so a screen reader reads it from its title.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [location.pathname]);

  const Page = allowed ? entry.page : null;
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="app-header no-print">
        <div className="brand">
          <span className="brand-name">{t('app.title')}</span>
          <span className="brand-tagline">{session.tenant.name}</span>
        </div>
        <LiveBadge />
        <div className="header-tools">
          <span className="who">
            {session.displayName ? `${t('app.signedInAs', { name: session.displayName })} · ` : ''}
            {t(roleKey(session.role))}
          </span>
          <button type="button" className="button secondary" onClick={() => void signOut()}>
            {t('app.signOut')}
          </button>
          <label className="locale">
            <span className="visually-hidden">{t('app.locale')}</span>
            <select value={locale} onChange={(e) => setLocale(e.target.value as typeof locale)}>
              {Locales.map((l) => (
                <option key={l} value={l} lang={l}>
                  {l === 'fr' ? 'Français' : 'English'}
                </option>
              ))}
            </select>
          </label>
        </div>
      </header>
      <nav className="app-nav no-print" aria-label={t('app.nav')}>
        <ul>
          {entries.map((e) => (
            <li key={e.path}>
              <Link to={e.path} aria-current={e === entry ? 'page' : undefined}>
                {t(e.label)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" ref={main} tabIndex={-1} className="page">
        <Suspense fallback={<Loading />}>
          {Page ? <Page /> : <p className="state">{t(entry ? 'state.forbidden' : 'state.notFound')}</p>}
        </Suspense>
      </main>
      <footer className="app-footer no-print">
        <p>{t('app.ethics')}</p>
      </footer>
    </>
  );
}

const roleKey = (role: Role) => `app.role.${role}` as const;

function LiveBadge() {
  const { t } = useI18n();
  const state = useLiveState();
  return (
    <p className={`live-badge live-${state}`} role="status" aria-label={t('live.label')}>
      <span className="live-dot" aria-hidden="true" />
      {t(`live.${state}`)}
    </p>
  );
}
