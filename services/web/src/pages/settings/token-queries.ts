import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { TokenCreated, TokenRotated, TokenSummary, type TokenInput, type TokenRotateInput } from '@vigie/contracts/web';
import { get, send } from '../../api/client.ts';

// /v1/tenants/{tenantId}/tokens (docs/api.md): the tenant's API tokens for its admins. Every write
// refreshes the list, so a revoked or rotated token never lingers on screen.

const TokenList = z.object({ items: z.array(TokenSummary) });
const tokensPath = (tenantId: string) => `/v1/tenants/${encodeURIComponent(tenantId)}/tokens`;
const tokensKey = (tenantId: string) => ['tokens', tenantId] as const;

export function useTokens(tenantId: string) {
  return useQuery({ queryKey: tokensKey(tenantId), queryFn: ({ signal }) => get(tokensPath(tenantId), TokenList, signal) });
}

function useTokenWrite<I, O>(tenantId: string, write: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: write, onSuccess: () => client.invalidateQueries({ queryKey: tokensKey(tenantId) }) });
}

export const useCreateToken = (tenantId: string) =>
  useTokenWrite(tenantId, (body: TokenInput) => send('POST', tokensPath(tenantId), body, TokenCreated));

export const useRevokeToken = (tenantId: string) =>
  useTokenWrite(tenantId, (id: string) => send('DELETE', `${tokensPath(tenantId)}/${encodeURIComponent(id)}`, undefined, z.null()));

export const useRotateToken = (tenantId: string) =>
  useTokenWrite(tenantId, ({ id, body }: { id: string; body: TokenRotateInput }) =>
    send('POST', `${tokensPath(tenantId)}/${encodeURIComponent(id)}/rotate`, body, TokenRotated),
  );
