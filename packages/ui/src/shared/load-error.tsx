/** Props of {@link LoadError}. */
export interface LoadErrorProps {
  /** The component's own `data-slot` (`pricing-table-error`), so hosts and tests can target each one. */
  slot: string;
  /** What failed to load, in the customer's words. */
  message: string;
  /** The retry button's label. */
  retryLabel: string;
  onRetry: () => void;
}

/** The alert a component shows when its data failed to load, with a button that loads it again. */
export function LoadError({ slot, message, retryLabel, onRetry }: LoadErrorProps) {
  return (
    <div data-slot={slot} role="alert" className="bk-error">
      <p>{message}</p>
      <button type="button" className="bk-button" data-variant="secondary" onClick={onRetry}>
        {retryLabel}
      </button>
    </div>
  );
}
