import type { DevAction } from './dev-api.js';

interface ActionButton {
  label: string;
  busyLabel: string;
  action: DevAction;
  variant?: 'danger';
}

const buttons: ActionButton[] = [
  {
    label: 'Advance 1 day',
    busyLabel: 'Advancing the test clock by a day…',
    action: { type: 'advance', by: 'day' },
  },
  {
    label: 'Advance 1 month',
    busyLabel: 'Advancing the test clock by a month…',
    action: { type: 'advance', by: 'month' },
  },
  {
    label: 'Fail next renewal',
    busyLabel: 'Switching to a card that fails every charge…',
    action: { type: 'fail-next-renewal' },
  },
  { label: 'Reset demo', busyLabel: 'Resetting the demo…', action: { type: 'reset' }, variant: 'danger' },
];

/** What each action is called while it runs, for the panel's live region. */
export function busyLabelOf(action: DevAction): string {
  return buttons.find((button) => sameAction(button.action, action))?.busyLabel ?? 'Working…';
}

/** What each action did, for the panel's live region. */
export function doneLabelOf(action: DevAction): string {
  switch (action.type) {
    case 'advance':
      return `Advanced the test clock by a ${action.by}; webhooks delivered and applied.`;
    case 'fail-next-renewal':
      return 'The next renewal will fail: the default card now declines every charge (4000 0000 0000 0341).';
    case 'reset':
      return 'Demo reset. Reloading…';
  }
}

/** The panel's four buttons. All disabled while one action runs: they all move the same clock and customer. */
export function DevPanelActions({
  running,
  onRun,
}: {
  running: DevAction | null;
  onRun: (action: DevAction) => void;
}) {
  return (
    <fieldset className="dev-panel-actions">
      <legend className="demo-visually-hidden">Simulate</legend>
      {buttons.map((button) => (
        <button
          key={button.label}
          type="button"
          className="dev-panel-button"
          data-variant={button.variant}
          aria-disabled={running !== null || undefined}
          onClick={() => {
            // aria-disabled rather than disabled: focus stays on the button the developer just pressed.
            if (running === null) onRun(button.action);
          }}
        >
          {button.label}
        </button>
      ))}
    </fieldset>
  );
}

function sameAction(a: DevAction, b: DevAction): boolean {
  return a.type === b.type && (a.type !== 'advance' || b.type !== 'advance' || a.by === b.by);
}
