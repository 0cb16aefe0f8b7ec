/**
 * React Query keys of the billing API. Every key starts with `billing` and the client's base URL so two providers
 * pointing at different servers never share cache entries, and `invalidateQueries({ queryKey: billingKeys.all(url) })`
 * refreshes everything the kit shows.
 */
export const billingKeys = {
  all: (baseUrl: string) => ['billing', baseUrl] as const,
  catalog: (baseUrl: string) => ['billing', baseUrl, 'catalog'] as const,
  subscriptions: (baseUrl: string) => ['billing', baseUrl, 'subscriptions'] as const,
};
