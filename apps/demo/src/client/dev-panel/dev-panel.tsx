import { useBilling } from '@billing-kit/ui';
import { useId, useState } from 'react';
import type { DevState } from './dev-api.js';
import { busyLabelOf, DevPanelActions, doneLabelOf } from './dev-panel-actions.js';
import { SubscriptionComparison } from './subscription-comparison.js';
import { useDevPanel } from './use-dev-panel.js';
import { WebhookLedger } from './webhook-ledger.js';

/**
 * The demo's developer panel: moves the organisation's test clock, makes the next renewal fail, resets the demo,
 * and shows the webhook ledger and the mirrored subscription next to Stripe's. Demo only: a real host app has no
 * such thing, hence the badge and the dashed frame.
 */
export function DevPanel() {
  const [open, setOpen] = useState(true);
  const bodyId = useId();
  const { state, action } = useDevPanel({ open });
  const running = action.isPending ? action.variables : null;

  const announcement = action.isPending
    ? busyLabelOf(action.variables)
    : action.isSuccess
      ? doneLabelOf(action.variables)
      : '';

  return (
    <aside
      aria-label="Developer panel (demo only)"
      className="dev-panel"
      data-state={open ? 'open' : 'closed'}
    >
      <div className="dev-panel-header">
        <h2 className="dev-panel-title">
          <button
            type="button"
            className="dev-panel-toggle"
            aria-expanded={open}
            aria-controls={bodyId}
            onClick={() => setOpen((value) => !value)}
          >
            <span aria-hidden="true" className="dev-panel-chevron" />
            Developer panel
          </button>
        </h2>
        <span className="dev-panel-badge">Demo only</span>
      </div>
      <div id={bodyId} className="dev-panel-body" hidden={!open}>
        <p className="dev-panel-muted">
          Shortcuts to a customer's billing life, against the offline Stripe emulator. Not part of the
          product.
        </p>
        <DevPanelActions running={running} onRun={(next) => action.mutate(next)} />
        <p role="status" className="dev-panel-status">
          {announcement}
        </p>
        {action.isError && (
          <p role="alert" className="dev-panel-alert">
            {action.error.message}
          </p>
        )}
        {state.data ? (
          <DevStateView state={state.data} />
        ) : state.isError ? (
          <div role="alert" className="dev-panel-alert">
            <p>Could not load the demo state: {state.error.message}</p>
            <button type="button" className="dev-panel-button" onClick={() => void state.refetch()}>
              Retry
            </button>
          </div>
        ) : (
          <p role="status" className="dev-panel-muted">
            Loading the demo state…
          </p>
        )}
      </div>
    </aside>
  );
}

function DevStateView({ state }: { state: DevState }) {
  const { formatDate } = useBilling();
  const entitlements = state.entitlements.features;
  return (
    <div className="dev-panel-state">
      <p className="dev-panel-clock" data-testid="dev-clock">
        Test clock: {state.clock ? formatClock(state.clock.frozenTime, formatDate) : 'not created yet'}
      </p>
      <dl className="dev-panel-facts">
        <div>
          <dt>Organisation</dt>
          <dd>
            {state.org.name} <code>{state.customerId ?? 'no customer yet'}</code>
          </dd>
        </div>
        <div>
          <dt>Entitlements</dt>
          <dd>
            {entitlements.length > 0 ? entitlements.join(', ') : 'none'}
            {state.entitlements.status ? ` (${state.entitlements.status})` : ''}
          </dd>
        </div>
      </dl>
      <div className="dev-panel-columns">
        <SubscriptionComparison mirror={state.mirror} stripe={state.stripe} />
        <section aria-label="Webhooks" className="dev-panel-section">
          <WebhookLedger entries={state.ledger} />
        </section>
      </div>
    </div>
  );
}

// The date as the kit shows dates, plus the time: advancing by a day is easier to follow with it.
const timeFormat = new Intl.DateTimeFormat('en-US', { timeStyle: 'short' });

function formatClock(frozenTime: number, formatDate: (unixSeconds: number) => string): string {
  return `${formatDate(frozenTime)}, ${timeFormat.format(new Date(frozenTime * 1000))}`;
}
