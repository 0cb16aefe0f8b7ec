import { type Interval, MAX_QUANTITY } from '@billing-kit/core';
import { ToggleGroup } from 'radix-ui';
import { type ComponentProps, useEffect, useId, useState } from 'react';
import { formatMessage } from '../i18n/messages.js';
import type { BillingContextValue } from '../provider/billing-context.js';
import { useBillingContext } from '../provider/use-billing.js';
import { Heading, type HeadingLevel } from '../shared/heading.js';
import { joinClassNames } from '../shared/join-class-names.js';
import { LoadError } from '../shared/load-error.js';
import {
  type PlanState,
  type PricingTablePlanModel,
  type UsePricingTableOptions,
  type UsePricingTableResult,
  usePricingTable,
} from './use-pricing-table.js';

/** Props of {@link PricingTable}: the hook's options plus the attributes of the root `<section>`. */
export interface PricingTableProps
  extends UsePricingTableOptions,
    Omit<ComponentProps<'section'>, 'onSelect' | 'defaultValue'> {
  /** Level of each plan's name heading, to fit the host page's outline. Default 2 (under the page's `<h1>`). */
  headingLevel?: HeadingLevel;
}

/**
 * The plans of the catalog with a monthly/yearly toggle, seat pickers for per-seat plans and a button per plan.
 * Styled through `data-slot` / `data-state` attributes and the `--bk-*` tokens of `@billing-kit/ui/styles.css`.
 *
 * ```tsx
 * <PricingTable onSelect={({ priceId, quantity }) => navigate(`/checkout?price=${priceId}&seats=${quantity}`)} />
 * ```
 */
export function PricingTable({
  onSelect,
  onChangePlan,
  defaultInterval,
  interval,
  onIntervalChange,
  headingLevel = 2,
  className,
  ...sectionProps
}: PricingTableProps) {
  const context = useBillingContext('PricingTable');
  const table = usePricingTable({ onSelect, onChangePlan, defaultInterval, interval, onIntervalChange });
  const { messages } = context;

  return (
    <section
      data-slot="pricing-table"
      data-state={table.status}
      aria-busy={table.status === 'loading' || undefined}
      className={joinClassNames('bk-root bk-pricing-table', className)}
      {...sectionProps}
    >
      {table.status === 'loading' && <PricingTableSkeleton label={messages.loadingPlans} />}
      {table.status === 'error' && (
        <LoadError
          slot="pricing-table-error"
          message={messages.plansLoadFailed}
          retryLabel={messages.retry}
          onRetry={table.retry}
        />
      )}
      {table.status === 'empty' && (
        <p data-slot="pricing-table-empty" className="bk-empty">
          {messages.noPlans}
        </p>
      )}
      {table.status === 'ready' && (
        <>
          {table.intervals.length > 1 && <PricingTableIntervalToggle table={table} />}
          <ul data-slot="pricing-table-plans" className="bk-pricing-table-plans">
            {table.plans.map((model) => (
              <PricingTablePlanCard
                key={model.plan.id}
                model={model}
                interval={table.interval}
                headingLevel={headingLevel}
              />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** Placeholder cards while the catalog loads; announced once through a status region. */
export function PricingTableSkeleton({ label, count = 3 }: { label: string; count?: number }) {
  return (
    <div data-slot="pricing-table-skeleton" className="bk-pricing-table-plans">
      <span role="status" className="bk-visually-hidden">
        {label}
      </span>
      {Array.from({ length: count }, (_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
        <div key={index} aria-hidden="true" data-slot="pricing-table-skeleton-card" className="bk-skeleton" />
      ))}
    </div>
  );
}

/** The monthly/yearly toggle (a Radix ToggleGroup: arrow keys move between options) with the yearly saving. */
export function PricingTableIntervalToggle({ table }: { table: UsePricingTableResult }) {
  const { messages } = useBillingContext('PricingTableIntervalToggle');
  const saving = table.yearlySaving;
  const savingText =
    saving &&
    formatMessage(saving.min === saving.max ? messages.yearlySaving : messages.yearlySavingUpTo, {
      percent: saving.max,
    });
  return (
    <ToggleGroup.Root
      type="single"
      data-slot="pricing-table-interval"
      className="bk-toggle-group"
      aria-label={messages.billingInterval}
      value={table.interval}
      // Radix reports '' when the active item is pressed again; an interval must stay selected.
      onValueChange={(value) => {
        if (value === 'month' || value === 'year') table.setInterval(value);
      }}
    >
      {table.intervals.map((interval) => (
        <ToggleGroup.Item
          key={interval}
          value={interval}
          data-slot="pricing-table-interval-option"
          className="bk-toggle-group-item"
        >
          {interval === 'month' ? messages.intervalMonthly : messages.intervalYearly}
          {interval === 'year' && savingText && (
            <span data-slot="pricing-table-saving" className="bk-badge" data-variant="success">
              {savingText}
            </span>
          )}
        </ToggleGroup.Item>
      ))}
    </ToggleGroup.Root>
  );
}

/** One plan: name, price per interval, seats, features and its button. */
export function PricingTablePlanCard({
  model,
  interval,
  headingLevel = 2,
}: {
  model: PricingTablePlanModel;
  interval: Interval;
  /** Level of the plan name heading. Default 2. */
  headingLevel?: HeadingLevel;
}) {
  const context = useBillingContext('PricingTablePlanCard');
  const { messages, formatMoney } = context;
  const { plan, price, state } = model;
  const nameId = useId();
  const intervalWord = interval === 'month' ? messages.intervalMonth : messages.intervalYear;
  const unitPrice = formatMoney(model.perUnitAmount, price.currency);

  return (
    <li
      data-slot="pricing-table-plan"
      data-state={state}
      data-highlighted={plan.highlighted ? '' : undefined}
      className="bk-card bk-pricing-table-plan"
      aria-labelledby={nameId}
    >
      <div data-slot="pricing-table-plan-header" className="bk-pricing-table-plan-header">
        <Heading level={headingLevel} id={nameId} data-slot="pricing-table-plan-name">
          {plan.name}
        </Heading>
        {plan.highlighted && state !== 'current' && (
          <span data-slot="pricing-table-plan-badge" className="bk-badge">
            {messages.popular}
          </span>
        )}
        {state === 'current' && (
          <span data-slot="pricing-table-plan-badge" className="bk-badge" data-variant="current">
            {messages.currentPlanBadge}
          </span>
        )}
      </div>
      {plan.description && (
        <p data-slot="pricing-table-plan-description" className="bk-muted">
          {plan.description}
        </p>
      )}
      {model.trialDays !== null && (
        <p data-slot="pricing-table-plan-trial" className="bk-badge" data-variant="success">
          {formatMessage(messages.trialBadge, { days: model.trialDays })}
        </p>
      )}
      <p data-slot="pricing-table-plan-price" className="bk-pricing-table-plan-price">
        {formatMessage(priceMessage(model, messages), { price: unitPrice, interval: intervalWord })}
      </p>
      {model.tiered && <PricingTableTiers model={model} />}
      {plan.perSeat && <SeatPicker model={model} context={context} intervalWord={intervalWord} />}
      {plan.features.length > 0 && (
        <ul
          data-slot="pricing-table-plan-features"
          className="bk-pricing-table-plan-features"
          aria-label={formatMessage(messages.featuresOf, { plan: plan.name })}
        >
          {plan.features.map((feature) => (
            <li key={feature}>{feature}</li>
          ))}
        </ul>
      )}
      <button
        type="button"
        data-slot="pricing-table-plan-select"
        className="bk-button"
        data-variant={plan.highlighted ? 'primary' : 'secondary'}
        disabled={state === 'current'}
        onClick={model.select}
      >
        {formatMessage(buttonMessage(state, messages), { plan: plan.name })}
      </button>
    </li>
  );
}

function SeatPicker({
  model,
  context,
  intervalWord,
}: {
  model: PricingTablePlanModel;
  context: BillingContextValue;
  intervalWord: string;
}) {
  const { messages, formatMoney } = context;
  const inputId = useId();
  // A draft lets the customer clear the field while typing; the model only ever holds a valid seat count.
  const [draft, setDraft] = useState(String(model.seats));
  useEffect(() => setDraft(String(model.seats)), [model.seats]);
  return (
    <div data-slot="pricing-table-plan-seats" className="bk-field">
      <label htmlFor={inputId}>{formatMessage(messages.seatsLabel, { plan: model.plan.name })}</label>
      <input
        id={inputId}
        type="number"
        inputMode="numeric"
        min={1}
        max={MAX_QUANTITY}
        step={1}
        className="bk-input"
        value={draft}
        onChange={(event) => {
          setDraft(event.target.value);
          const seats = Number.parseInt(event.target.value, 10);
          if (seats >= 1) model.setSeats(seats);
        }}
        onBlur={() => setDraft(String(model.seats))}
      />
      {model.seats > 1 && (
        <p data-slot="pricing-table-plan-total" className="bk-muted">
          {formatMessage(messages.totalForSeats, {
            price: formatMoney(model.amount, model.price.currency),
            interval: intervalWord,
            seats: model.seats,
          })}
        </p>
      )}
    </div>
  );
}

function priceMessage(model: PricingTablePlanModel, messages: BillingContextValue['messages']): string {
  if (model.tiered) return model.plan.perSeat ? messages.priceFromPerSeat : messages.priceFrom;
  return model.plan.perSeat ? messages.pricePerSeatPerInterval : messages.pricePerInterval;
}

/**
 * The tiers of a tiered price in a disclosure (`<details>`: keyboard and screen reader support come with it, and it
 * renders on the server): units, price per unit and flat fee per tier.
 */
export function PricingTableTiers({ model }: { model: PricingTablePlanModel }) {
  const { messages, formatMoney } = useBillingContext('PricingTableTiers');
  const { price, plan } = model;
  const money = (amount: number | null) =>
    amount === null || amount === 0 ? messages.tierNone : formatMoney(amount, price.currency);
  let from = 1;
  return (
    <details data-slot="pricing-table-plan-tiers" className="bk-pricing-table-tiers">
      <summary>{messages.tiersToggle}</summary>
      <p className="bk-muted">
        {price.tiersMode === 'volume' ? messages.tiersVolume : messages.tiersGraduated}
      </p>
      <table>
        <caption className="bk-visually-hidden">
          {formatMessage(messages.tiersCaption, { plan: plan.name })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{messages.tierUnits}</th>
            <th scope="col">{messages.tierUnitPrice}</th>
            <th scope="col">{messages.tierFlatFee}</th>
          </tr>
        </thead>
        <tbody>
          {price.tiers.map((tier) => {
            const range =
              tier.upTo === null
                ? formatMessage(messages.tierOpenEnded, { from })
                : formatMessage(messages.tierRange, { from, to: tier.upTo });
            from = (tier.upTo ?? from) + 1;
            return (
              <tr key={range}>
                <th scope="row">{range}</th>
                <td>{money(tier.unitAmount)}</td>
                <td>{money(tier.flatAmount)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </details>
  );
}

function buttonMessage(state: PlanState, messages: BillingContextValue['messages']): string {
  switch (state) {
    case 'current':
      return messages.currentPlanButton;
    case 'upgrade':
      return messages.upgradeToPlan;
    case 'downgrade':
      return messages.switchToPlan;
    case 'available':
      return messages.choosePlan;
  }
}
