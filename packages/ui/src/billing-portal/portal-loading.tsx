/** Placeholder lines while a section loads; announced once through a status region. */
export function PortalSectionSkeleton({ label, lines = 3 }: { label: string; lines?: number }) {
  return (
    <div data-slot="portal-skeleton" className="bk-portal-skeleton">
      <span role="status" className="bk-visually-hidden">
        {label}
      </span>
      {Array.from({ length: lines }, (_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
        <div key={index} aria-hidden="true" className="bk-skeleton bk-portal-skeleton-line" />
      ))}
    </div>
  );
}

/** A load failure in plain words with a Retry button. */
export function PortalSectionError({
  message,
  retryLabel,
  onRetry,
  slot,
}: {
  message: string;
  retryLabel: string;
  onRetry: () => void;
  slot: string;
}) {
  return (
    <div data-slot={slot} role="alert" className="bk-error">
      <p>{message}</p>
      <button type="button" className="bk-button" data-variant="secondary" onClick={onRetry}>
        {retryLabel}
      </button>
    </div>
  );
}
