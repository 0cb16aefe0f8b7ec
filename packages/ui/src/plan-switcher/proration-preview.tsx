import type { PreviewPlanChangeResponse } from '@billing-kit/core';
import { type ComponentProps, useId } from 'react';
import { formatMessage } from '../i18n/messages.js';
import { useBillingContext } from '../provider/use-billing.js';
import { Heading, type HeadingLevel } from '../shared/heading.js';
import { joinClassNames } from '../shared/join-class-names.js';
import { type LandmarkNameProps, landmarkLabelledBy } from '../shared/landmark-name.js';

/** Props of {@link ProrationPreview}. */
export interface ProrationPreviewProps extends ComponentProps<'section'>, LandmarkNameProps {
  /** The server's preview (`client.previewPlanChange`, or `usePlanSwitcher().preview.preview`). */
  preview: PreviewPlanChangeResponse;
  /** Level of the heading, to fit the host page's outline. Default 3. */
  headingLevel?: HeadingLevel;
}

/**
 * What a plan change costs, as the server previewed it: for a change applied now, the credit for the unused time of
 * the current plan, the charge for the new plan and the amount due now; for a change at the period end, when it
 * applies. Both end with the next invoice's date and amount. `data-state` is `now` or `period-end`.
 */
export function ProrationPreview({
  preview,
  headingLevel = 3,
  labelledBy,
  className,
  ...sectionProps
}: ProrationPreviewProps) {
  const { messages, formatMoney, formatDate } = useBillingContext('ProrationPreview');
  const headingId = useId();
  const money = (amount: number) => formatMoney(amount, preview.currency);
  const appliesNow = preview.appliesAt === 'now';

  return (
    <section
      data-slot="proration-preview"
      data-state={appliesNow ? 'now' : 'period-end'}
      aria-labelledby={landmarkLabelledBy(headingId, labelledBy)}
      className={joinClassNames('bk-card bk-proration-preview', className)}
      {...sectionProps}
    >
      <Heading level={headingLevel} id={headingId}>
        {messages.previewTitle}
      </Heading>
      {!appliesNow && (
        <p data-slot="proration-preview-effective">
          {formatMessage(messages.planChangesOn, {
            plan: preview.target.planName,
            date: formatDate(preview.effectiveAt),
          })}
        </p>
      )}
      <dl>
        {appliesNow && (
          <>
            <div data-slot="proration-preview-credit">
              <dt>{messages.previewCredit}</dt>
              <dd>{money(preview.creditForUnusedTime)}</dd>
            </div>
            <div data-slot="proration-preview-charge">
              <dt>{formatMessage(messages.previewCharge, { plan: preview.target.planName })}</dt>
              <dd>{money(preview.chargeForNewPlan)}</dd>
            </div>
          </>
        )}
        <div data-slot="proration-preview-due-now">
          <dt>{messages.previewDueNow}</dt>
          <dd>{money(preview.amountDueNow)}</dd>
        </div>
        <div data-slot="proration-preview-next-invoice">
          <dt>{messages.previewNextInvoice}</dt>
          <dd>
            {formatMessage(messages.previewNextInvoiceValue, {
              amount: money(preview.nextInvoiceAmount),
              date: formatDate(preview.nextInvoiceDate),
            })}
          </dd>
        </div>
      </dl>
    </section>
  );
}
