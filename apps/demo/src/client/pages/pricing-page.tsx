import { PricingTable } from '@billing-kit/ui';

export function PricingPage({ onSelect }: { onSelect: (priceId: string, quantity: number) => void }) {
  return (
    <section aria-labelledby="pricing-title">
      <h1 id="pricing-title">Plans for every team</h1>
      <PricingTable onSelect={({ priceId, quantity }) => onSelect(priceId, quantity)} />
    </section>
  );
}
