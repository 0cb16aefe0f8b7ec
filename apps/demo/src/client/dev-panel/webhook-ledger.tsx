import type { LedgerEntry } from './dev-api.js';
import { ScrollRegion } from './scroll-region.js';

/** The billing server's webhook ledger, newest first: what arrived, when it was applied, and what failed. */
export function WebhookLedger({ entries }: { entries: readonly LedgerEntry[] }) {
  return (
    <ScrollRegion label="Webhook ledger, scrollable" className="dev-panel-ledger">
      <table className="dev-panel-table">
        <caption>Webhook ledger</caption>
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Received</th>
            <th scope="col">Applied</th>
            <th scope="col">Attempts</th>
          </tr>
        </thead>
        <tbody>
          {entries.length === 0 ? (
            <tr>
              <td colSpan={4} className="dev-panel-muted">
                No webhook received yet.
              </td>
            </tr>
          ) : (
            entries.map((entry) => (
              <tr
                key={entry.id}
                data-state={entry.appliedAt ? 'applied' : entry.lastError ? 'failed' : 'pending'}
              >
                <td>
                  <code>{entry.type}</code>
                  {entry.lastError && <span className="dev-panel-error-text"> {entry.lastError}</span>}
                </td>
                <td>{formatTime(entry.receivedAt)}</td>
                <td>
                  {entry.appliedAt ? formatTime(entry.appliedAt) : entry.lastError ? 'Failed' : 'Pending'}
                </td>
                <td>{entry.attempts}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

// Ledger times are wall-clock times of this machine (not the test clock): when the server received the delivery.
const timeFormat = new Intl.DateTimeFormat('en-US', { timeStyle: 'medium', hourCycle: 'h23' });

function formatTime(value: string | number): string {
  // The store may answer ISO strings, Date JSON or epoch numbers (seconds or milliseconds).
  const date = typeof value === 'number' ? new Date(value < 1e12 ? value * 1000 : value) : new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : timeFormat.format(date);
}
