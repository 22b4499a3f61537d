import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiFailure } from './api/client.ts';
import { sessionKey } from './api/session.ts';
import { App } from './app.tsx';
import { I18nProvider } from './i18n/i18n-context.tsx';
import './styles.css';

const queryClient: QueryClient = new QueryClient({
  // A 401 anywhere means the session ended: re-read it, and the app shows the sign-in screen.
  queryCache: new QueryCache({
    onError: (error, query) => {
      if (error instanceof ApiFailure && error.status === 401 && query.queryKey[0] !== sessionKey[0])
        void queryClient.invalidateQueries({ queryKey: sessionKey });
    },
  }),
  defaultOptions: {
    queries: {
      staleTime: 60_000,
      refetchOnWindowFocus: false,
      // Client errors (bad query, forbidden, not found) do not get better by retrying.
      retry: (count, error) => count < 2 && !(error instanceof ApiFailure && error.status >= 400 && error.status < 500),
    },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <App />
      </I18nProvider>
    </QueryClientProvider>
  </StrictMode>,
);
