import type { SubscriptionSummary } from '@billing-kit/core';
import { Checkout } from '@billing-kit/ui';

/** `#/checkout?price=&quantity=`: the kit's checkout for one price; on success the host takes over. */
export function CheckoutPage({
  priceId,
  quantity,
  onSuccess,
}: {
  priceId: string;
  quantity: number;
  onSuccess: (subscription: SubscriptionSummary) => void;
}) {
  return (
    <section aria-labelledby="checkout-title" className="demo-page demo-page-narrow">
      <header className="demo-page-header">
        <p>
          <a href="#/" className="demo-back">
            ← Back to plans
          </a>
        </p>
        <h1 id="checkout-title">Checkout</h1>
      </header>
      <Checkout
        priceId={priceId}
        quantity={Number.isInteger(quantity) && quantity > 0 ? quantity : 1}
        onSuccess={onSuccess}
      />
    </section>
  );
}
