import type { PreviewSubscriptionResponse } from '@billing-kit/core';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { QueryClient } from '@tanstack/react-query';
import { catalogResponse } from '../../test/catalog-fixture.js';
import { BillingProvider, createBillingClient, deMessages } from '../index.js';
import { Checkout } from './checkout.js';

type Answer = 'ready' | 'trial' | 'loading' | 'error';

// 1 April 2027, 00:00 UTC.
const APRIL_1 = 1_806_537_600;

function preview(answer: Answer, promotionCode: string | undefined): PreviewSubscriptionResponse {
  const trial = answer === 'trial';
  const discount = promotionCode ? 500 : 0;
  const tax = Math.round((2000 - discount) * 0.1);
  return {
    priceId: 'price_pro_month',
    quantity: 1,
    currency: 'usd',
    lines: [],
    subtotal: 2000,
    discount: promotionCode
      ? {
          promotionCode,
          name: 'Spring',
          percentOff: 25,
          amountOff: null,
          duration: 'once',
          durationInMonths: null,
        }
      : null,
    discountAmount: discount,
    tax,
    totalDueToday: trial ? 0 : 2000 - discount + tax,
    trialEnd: trial ? APRIL_1 - 17 * 86_400 : null,
    renewal: { amount: 2200, date: APRIL_1 },
  };
}

/** Answers the catalog and preview routes after a short, visible delay; `SPRING25` is the one valid code. */
function checkoutClient(answer: Answer) {
  return createBillingClient({
    baseUrl: 'https://storybook.local/api/billing',
    fetch: async (input, init) => {
      if (answer === 'loading') return new Promise<Response>(() => {});
      await new Promise((resolve) => setTimeout(resolve, 150));
      if (answer === 'error') {
        return Response.json(
          { error: { code: 'internal_error', message: 'Something went wrong.' } },
          { status: 500 },
        );
      }
      if (String(input).endsWith('/subscriptions/preview')) {
        const body = JSON.parse(String(init?.body)) as { promotionCode?: string };
        if (body.promotionCode && body.promotionCode.toUpperCase() !== 'SPRING25') {
          return Response.json(
            { error: { code: 'invalid_promotion_code', message: 'This promotion code is not valid.' } },
            { status: 400 },
          );
        }
        return Response.json(preview(answer, body.promotionCode));
      }
      return Response.json(catalogResponse());
    },
  });
}

const meta = {
  title: 'Components/Checkout',
  component: Checkout,
  args: { priceId: 'price_pro_month' },
  render: (args, { parameters }) => (
    <BillingProvider
      client={checkoutClient(parameters.answer ?? 'ready')}
      queryClient={new QueryClient({ defaultOptions: { queries: { retry: false } } })}
      // No card entry offline here: Stripe.js stays unavailable (the tests use the emulator's fake Stripe.js).
      stripe={() => Promise.resolve(null)}
      locale={parameters.locale ?? 'en-US'}
      messages={parameters.german ? deMessages : undefined}
    >
      <Checkout {...args} />
    </BillingProvider>
  ),
} satisfies Meta<typeof Checkout>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Summary: Story = {};
export const PromotionCodeApplied: Story = { args: { defaultPromotionCode: 'SPRING25' } };
export const PromotionCodeRefused: Story = { args: { defaultPromotionCode: 'NOPE' } };
export const Trial: Story = { parameters: { answer: 'trial' } };
export const Loading: Story = { parameters: { answer: 'loading' } };
export const LoadError: Story = { parameters: { answer: 'error' } };
export const NotFound: Story = { args: { priceId: 'price_gone' } };
export const German: Story = { parameters: { locale: 'de-DE', german: true } };
