import { BillingPortal } from '@billing-kit/ui';

/**
 * `#/billing`: the kit's whole portal (past-due banner, summary, plan switcher, payment methods, invoices, cancel and
 * resume). Stripe.js loads only if the customer opens card entry or a bank asks for 3D Secure.
 */
export function BillingPage({
  notice,
  onNavigateToPlans,
}: {
  notice: string | null;
  onNavigateToPlans: () => void;
}) {
  return (
    <section aria-labelledby="billing-title" className="demo-page">
      <header className="demo-page-header">
        <h1 id="billing-title">Billing settings</h1>
        <p className="demo-lead">Your organisation's plan, cards and invoices.</p>
      </header>
      {notice && (
        <p role="status" className="demo-notice">
          {notice}
        </p>
      )}
      <BillingPortal
        pricingHref="#/"
        onNavigateToPlans={(event) => {
          event.preventDefault();
          onNavigateToPlans();
        }}
      />
    </section>
  );
}
