import { Entitled } from '@billing-kit/ui';
import type { CSSProperties } from 'react';

/** `#/analytics`: the product feature that Pro and Business unlock, gated by the billing server's entitlements. */
export function AnalyticsPage() {
  return (
    <section aria-labelledby="analytics-title" className="demo-page">
      <header className="demo-page-header">
        <h1 id="analytics-title">Analytics</h1>
      </header>
      <Entitled
        feature="analytics"
        loading={
          <p role="status" className="demo-muted">
            Checking your plan…
          </p>
        }
        fallback={
          <div className="demo-card demo-upsell">
            <p>Analytics is part of Pro and Business.</p>
            <p>
              <a href="#/" className="demo-button">
                See plans
              </a>
            </p>
          </div>
        }
      >
        <AnalyticsDashboard />
      </Entitled>
    </section>
  );
}

// Made-up numbers: the page only has to look like a product behind a paywall.
const metrics = [
  { label: 'Visitors', value: '12,480', change: '+8%' },
  { label: 'Sign-ups', value: '342', change: '+12%' },
  { label: 'Conversion', value: '2.7%', change: '+0.3 pt' },
];
const weekly = [42, 55, 48, 70, 64, 81, 77];
const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function AnalyticsDashboard() {
  const max = Math.max(...weekly);
  return (
    <div className="demo-dashboard">
      <p className="demo-dashboard-title">Your analytics dashboard</p>
      <ul className="demo-metrics">
        {metrics.map((metric) => (
          <li key={metric.label} className="demo-card">
            <span className="demo-muted">{metric.label}</span>
            <strong>{metric.value}</strong>
            <span className="demo-positive">{metric.change} this week</span>
          </li>
        ))}
      </ul>
      <figure className="demo-card demo-chart">
        <figcaption>Visitors per day, this week</figcaption>
        <ol aria-label="Visitors per day">
          {weekly.map((value, index) => (
            <li key={days[index]} style={{ '--bar': value / max } as CSSProperties}>
              <span className="demo-bar" aria-hidden="true" />
              <span className="demo-bar-label">
                {days[index]} <span className="demo-visually-hidden">: {value * 10} visitors</span>
              </span>
            </li>
          ))}
        </ol>
      </figure>
    </div>
  );
}
