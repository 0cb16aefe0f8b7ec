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
