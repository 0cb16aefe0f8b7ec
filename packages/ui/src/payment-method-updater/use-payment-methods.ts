import type {
  InvoiceSummary,
  PaymentMethodSummary,
  PaymentMethodsResponse,
  SubscriptionSummary,
} from '@billing-kit/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { isSameAttemptAfter } from '../billing-portal/action-idempotency.js';
import { formatMessage } from '../i18n/messages.js';
import { createIdempotencyKey } from '../provider/idempotency-key.js';
import { billingKeys } from '../provider/query-keys.js';
import {
  invoicesQueryOptions,
  paymentMethodsQueryOptions,
  subscriptionsQueryOptions,
} from '../provider/query-options.js';
import { useBillingContext } from '../provider/use-billing.js';
import { cardErrorMessage } from '../shared/card-error-message.js';
import { customerMessage } from '../shared/customer-message.js';
import { cardLabel } from './card-label.js';

/** One saved card with what the customer may do with it. */
export interface PaymentMethodModel {
  card: PaymentMethodSummary;
  /** "Visa ending in 4242", in the provider's messages. */
  label: string;
  /**
   * False for the only card of a current (active, trialing or past-due) subscription, which the server would refuse
   * to remove, and for the only card while the subscriptions are not loaded yet. The server also refuses the default card while other cards exist and says why.
   */
  canRemove: boolean;
}

/** The last card action's outcome, for the live region. */
export type PaymentMethodsOutcome =
  | { kind: 'made_default'; label: string }
  | { kind: 'removed'; label: string }
  | { kind: 'added'; label: string }
  | { kind: 'paid'; amount: string };

/** What {@link usePaymentMethods} returns. */
export interface UsePaymentMethodsResult {
  status: 'loading' | 'error' | 'empty' | 'ready';
  /** Fetches the cards again (after an error). */
  retry: () => void;
  /** Default first, then newest first (the server's order). */
  paymentMethods: PaymentMethodModel[];
  defaultPaymentMethod: PaymentMethodModel | null;
  /** The subscription renewals are charged for (active, trialing or past due), if any. */
  subscription: SubscriptionSummary | null;
  /** Makes a card the default of the customer and of their current subscriptions. */
  setDefault: (paymentMethodId: string) => Promise<void>;
  /** Removes a card; the server's refusal (`payment_method_required`) lands in `actionError`. */
  remove: (paymentMethodId: string) => Promise<void>;
  /** The card action running now. */
  pending: { action: 'make_default' | 'remove'; paymentMethodId: string } | null;
  /** Plain words when the last card action failed. */
  actionError: string | null;
  /** The last action that succeeded (including adding a card and paying), for announcements. */
  outcome: PaymentMethodsOutcome | null;
  /** Records a card added through {@link useAddPaymentMethod}, for the announcement. */
  reportAdded: (card: PaymentMethodSummary) => void;
  /** The open invoice of a past-due subscription, when there is one to pay. */
  pastDueInvoice: InvoiceSummary | null;
  /** Pays `pastDueInvoice` with the default card (3D Secure handled in place). */
  payPastDueInvoice: () => Promise<void>;
  payState: 'idle' | 'processing' | 'authenticating' | 'succeeded' | 'failed';
  payError: string | null;
}

const CURRENT_STATUSES = new Set(['active', 'trialing', 'past_due']);
const OWING_STATUSES = new Set(['past_due', 'unpaid']);

/**
 * Headless wallet: the signed-in customer's saved cards (brand, last four, expiry, default, expired or expiring
 * soon), making one the default, removing one, and paying a past-due invoice with the default card (3D Secure
 * through `stripe.handleNextAction`, Stripe.js loaded only then). Adding a card is {@link useAddPaymentMethod}.
 * Invalidates: `setDefault`, `remove` and adding a card replace `paymentMethods` with the server's answer; paying
 * invalidates `invoices`, `subscriptions` and `entitlements`.
 */
export function usePaymentMethods(): UsePaymentMethodsResult {
  const { client, messages, loadStripe, formatMoney } = useBillingContext('usePaymentMethods');
  const queryClient = useQueryClient();
  const cards = useQuery(paymentMethodsQueryOptions(client));
  const subscriptions = useQuery(subscriptionsQueryOptions(client));
  const subscription =
    subscriptions.data?.subscriptions.find((candidate) => CURRENT_STATUSES.has(candidate.status)) ?? null;
  const owing = subscriptions.data?.subscriptions.find((candidate) => OWING_STATUSES.has(candidate.status));
  // Invoices are only read when something is owed: a healthy account costs no request.
  const invoices = useQuery({ ...invoicesQueryOptions(client), enabled: owing !== undefined });
  const pastDueInvoice = owing
    ? (invoices.data?.invoices.find((invoice) => invoice.status === 'open') ?? null)
    : null;

  const [pending, setPending] = useState<UsePaymentMethodsResult['pending']>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<PaymentMethodsOutcome | null>(null);
  const [payState, setPayState] = useState<UsePaymentMethodsResult['payState']>('idle');
  const [payError, setPayError] = useState<string | null>(null);
  const acting = useRef(false);
  const paying = useRef(false);
  // The key of an action whose answer was lost (or that the server may still do), by what it does: trying the
  // same action again sends it again, so the server applies it once.
  const unanswered = useRef<{ action: string; key: string } | null>(null);
  const keyFor = useCallback((action: string) => {
    const key = unanswered.current?.action === action ? unanswered.current.key : createIdempotencyKey();
    unanswered.current = null;
    return key;
  }, []);
  const rememberIfUnanswered = useCallback((error: unknown, action: string, key: string) => {
    if (isSameAttemptAfter(error)) unanswered.current = { action, key };
  }, []);

  const list = cards.data?.paymentMethods ?? [];
  // Until the subscriptions are known, the only card may be needed: offer no "Remove" the server may refuse.
  const onlyCardIsNeeded = list.length === 1 && (subscriptions.data === undefined || subscription !== null);
  const paymentMethods: PaymentMethodModel[] = list.map((card) => ({
    card,
    label: cardLabel(card, messages),
    canRemove: !onlyCardIsNeeded,
  }));
  const defaultPaymentMethod = paymentMethods.find((model) => model.card.isDefault) ?? null;

  const runCardAction = useCallback(
    async (action: 'make_default' | 'remove', paymentMethodId: string) => {
      if (acting.current) return;
      acting.current = true;
      const card = cards.data?.paymentMethods.find((candidate) => candidate.id === paymentMethodId);
      const label = card ? cardLabel(card, messages) : '';
      setPending({ action, paymentMethodId });
      setActionError(null);
      setOutcome(null);
      const idempotencyKey = keyFor(`${action} ${paymentMethodId}`);
      try {
        const options = { idempotencyKey };
        const updated =
          action === 'make_default'
            ? await client.setDefaultPaymentMethod({ id: paymentMethodId }, options)
            : await client.removePaymentMethod({ id: paymentMethodId }, options);
        // The server answers the whole wallet, re-read from Stripe: exactly what the list query holds.
        queryClient.setQueryData<PaymentMethodsResponse>(billingKeys.paymentMethods(client.baseUrl), updated);
        setOutcome({ kind: action === 'make_default' ? 'made_default' : 'removed', label });
      } catch (error) {
        rememberIfUnanswered(error, `${action} ${paymentMethodId}`, idempotencyKey);
        setActionError(customerMessage(error, messages, messages.cardUpdateFailed));
      } finally {
        acting.current = false;
        setPending(null);
      }
    },
    [cards.data, client, messages, queryClient, keyFor, rememberIfUnanswered],
  );

  const setDefault = useCallback((id: string) => runCardAction('make_default', id), [runCardAction]);
  const remove = useCallback((id: string) => runCardAction('remove', id), [runCardAction]);
  const reportAdded = useCallback(
    (card: PaymentMethodSummary) => {
      setActionError(null);
      setOutcome({ kind: 'added', label: cardLabel(card, messages) });
    },
    [messages],
  );

  const defaultCardId = defaultPaymentMethod?.card.id;
  const payPastDueInvoice = useCallback(async () => {
    if (paying.current || !pastDueInvoice || !owing) return;
    paying.current = true;
    setPayState('processing');
    setPayError(null);
    setOutcome(null);
    const amount = formatMoney(pastDueInvoice.amountDue - pastDueInvoice.amountPaid, pastDueInvoice.currency);
    // One key for the whole action: the payment, and the re-read after 3D Secure.
    const payment = `pay ${pastDueInvoice.id} ${defaultCardId ?? ''}`;
    const idempotencyKey = keyFor(payment);
    try {
      const result = await client.payInvoice(
        { id: pastDueInvoice.id, ...(defaultCardId ? { paymentMethodId: defaultCardId } : {}) },
        { idempotencyKey },
      );
      if (result.status === 'requires_action') {
        setPayState('authenticating');
        const stripe = await loadStripe().catch(() => null);
        if (!stripe) {
          setPayState('failed');
          setPayError(messages.paymentUnavailable);
          return;
        }
        const action = await stripe.handleNextAction({ clientSecret: result.clientSecret });
        if (action.error) {
          setPayState('failed');
          setPayError(cardErrorMessage(action.error, messages));
          return;
        }
        // The bank said yes: re-read the subscription now rather than wait for the webhooks.
        await client.confirmSubscription({ id: owing.id }, { idempotencyKey });
      }
      await Promise.all(
        [
          billingKeys.invoices(client.baseUrl),
          billingKeys.subscriptions(client.baseUrl),
          billingKeys.entitlements(client.baseUrl),
        ].map((queryKey) => queryClient.invalidateQueries({ queryKey })),
      );
      setPayState('succeeded');
      setOutcome({ kind: 'paid', amount });
    } catch (error) {
      rememberIfUnanswered(error, payment, idempotencyKey);
      setPayState('failed');
      setPayError(customerMessage(error, messages, messages.invoicePaymentFailed));
    } finally {
      paying.current = false;
    }
  }, [
    pastDueInvoice,
    owing,
    formatMoney,
    client,
    defaultCardId,
    loadStripe,
    messages,
    queryClient,
    keyFor,
    rememberIfUnanswered,
  ]);

  const { refetch } = cards;
  const retry = useCallback(() => {
    void refetch();
  }, [refetch]);

  let status: UsePaymentMethodsResult['status'];
  if (cards.isPending) status = 'loading';
  else if (cards.isError) status = 'error';
  else if (list.length === 0) status = 'empty';
  else status = 'ready';

  return {
    status,
    retry,
    paymentMethods,
    defaultPaymentMethod,
    subscription,
    setDefault,
    remove,
    pending,
    actionError,
    outcome,
    reportAdded,
    pastDueInvoice,
    payPastDueInvoice,
    payState,
    payError,
  };
}

/** The sentence announcing a card action's outcome. */
export function paymentMethodsOutcomeMessage(
  outcome: PaymentMethodsOutcome | null,
  messages: ReturnType<typeof useBillingContext>['messages'],
): string {
  if (!outcome) return '';
  switch (outcome.kind) {
    case 'made_default':
      return formatMessage(messages.cardMadeDefault, { card: outcome.label });
    case 'removed':
      return formatMessage(messages.cardRemoved, { card: outcome.label });
    case 'added':
      return messages.cardAdded;
    case 'paid':
      return formatMessage(messages.invoicePaid, { amount: outcome.amount });
  }
}
