import { Checkout } from '@billing-kit/ui';

export function CheckoutPage({
  priceId,
  quantity,
  onDone,
}: {
  priceId: string;
  quantity: number;
  onDone: () => void;
}) {
  return (
    <section aria-labelledby="checkout-title">
      <h1 id="checkout-title">Checkout</h1>
      <p>
        <a href="#/">Back to plans</a>
      </p>
      <Checkout priceId={priceId} quantity={Number.isInteger(quantity) && quantity > 0 ? quantity : 1} />
      <p>
        <button type="button" className="demo-link" onClick={onDone}>
          Go to billing settings
        </button>
      </p>
    </section>
  );
}
