import '@billing-kit/ui/styles.css';
import './demo.css';
import { BillingProvider, createBillingClient } from '@billing-kit/ui';
import { QueryClient } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';

const queryClient = new QueryClient();
// A loader, not a promise: the provider calls it only when a card form mounts, and the dynamic import keeps the
// loader and Stripe.js (real or fake) out of every page that has no card entry.
const loadStripe = () => import('./stripe/load-demo-stripe.js').then((module) => module.loadDemoStripe());
// Same origin: the session cookie tells the server who is signed in; the body never does.
const client = createBillingClient({ baseUrl: '/api/billing' });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <BillingProvider client={client} queryClient={queryClient} stripe={loadStripe}>
      <App />
    </BillingProvider>
  </StrictMode>,
);
