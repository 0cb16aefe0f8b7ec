/** Props of {@link LoadingPlaceholder}. */
export interface LoadingPlaceholderProps {
  /** The component's own `data-slot` (`plan-switcher-skeleton`), so hosts and tests can target each one. */
  slot: string;
  /** What is loading, announced once to screen readers. */
  label: string;
}

/** A skeleton bar while a component's data loads, announced once through a status region. */
export function LoadingPlaceholder({ slot, label }: LoadingPlaceholderProps) {
  return (
    <div data-slot={slot}>
      <span role="status" className="bk-visually-hidden">
        {label}
      </span>
      <div aria-hidden="true" className="bk-skeleton" data-size="small" />
    </div>
  );
}
