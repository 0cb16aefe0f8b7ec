import { PricingTable } from '@billing-kit/ui';

/** `#/`: the plans. A new customer goes to the checkout; a current one to the plan switcher in billing settings. */
export function PricingPage({
  onSelect,
  onChangePlan,
}: {
  onSelect: (priceId: string, quantity: number) => void;
  onChangePlan: () => void;
}) {
  return (
    <section aria-labelledby="pricing-title" className="demo-page">
      <header className="demo-page-header">
        <h1 id="pricing-title">Plans for every team</h1>
        <p className="demo-lead">
          Start free, upgrade when your dashboards need more. Pro comes with a 14-day trial.
        </p>
      </header>
      <PricingTable
        onSelect={({ priceId, quantity }) => onSelect(priceId, quantity)}
        onChangePlan={onChangePlan}
      />
    </section>
  );
}
