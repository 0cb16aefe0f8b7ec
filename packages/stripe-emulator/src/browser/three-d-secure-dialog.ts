import type { ResolvedAppearance } from './appearance.js';

/** What the customer chose in the challenge. */
export type ChallengeOutcome = 'complete' | 'fail';

/** What the challenge says it is authenticating. */
export interface ChallengeDetails {
  /** e.g. "$20.00" for a payment; absent for a card set up for later. */
  amountLabel?: string | undefined;
  appearance: ResolvedAppearance;
}

let dialogCounter = 0;

/**
 * The emulator's stand-in for a bank's 3D Secure page: an accessible modal dialog ("Authenticate your payment")
 * with "Complete" and "Fail" buttons. Focus moves into it and returns to where it was after; Tab stays inside;
 * Escape fails the challenge, as closing Stripe's challenge does.
 */
export function showThreeDSecureChallenge(details: ChallengeDetails): Promise<ChallengeOutcome> {
  dialogCounter += 1;
  const id = `bk-fake-stripe-3ds-${dialogCounter}`;
  const previouslyFocused = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const look = details.appearance;

  const backdrop = document.createElement('div');
  backdrop.setAttribute('data-fake-stripe', 'three-d-secure');
  Object.assign(backdrop.style, {
    position: 'fixed',
    inset: '0',
    background: 'rgba(0, 0, 0, 0.45)',
    display: 'grid',
    placeItems: 'center',
    zIndex: '2147483647',
  });

  const dialog = document.createElement('div');
  dialog.setAttribute('role', 'dialog');
  dialog.setAttribute('aria-modal', 'true');
  dialog.setAttribute('aria-labelledby', `${id}-title`);
  dialog.setAttribute('aria-describedby', `${id}-description`);
  dialog.tabIndex = -1;
  Object.assign(dialog.style, {
    background: look.colorBackground,
    color: look.colorText,
    fontFamily: look.fontFamily,
    borderRadius: look.borderRadius,
    padding: `calc(${look.spacingUnit} * 6)`,
    maxWidth: '24rem',
    boxShadow: '0 8px 32px rgba(0, 0, 0, 0.3)',
  });

  const title = document.createElement('h2');
  title.id = `${id}-title`;
  title.textContent = 'Authenticate your payment';
  title.style.marginTop = '0';

  const description = document.createElement('p');
  description.id = `${id}-description`;
  description.textContent =
    `${details.amountLabel ? `Your bank asks you to confirm this payment of ${details.amountLabel}. ` : 'Your bank asks you to confirm this card. '}` +
    'This test page stands in for 3D Secure in the Stripe emulator: complete or fail the authentication.';

  const actions = document.createElement('div');
  Object.assign(actions.style, { display: 'flex', gap: `calc(${look.spacingUnit} * 2)` });
  const complete = document.createElement('button');
  complete.type = 'button';
  complete.textContent = 'Complete';
  const failButton = document.createElement('button');
  failButton.type = 'button';
  failButton.textContent = 'Fail';
  for (const [button, primary] of [
    [complete, true],
    [failButton, false],
  ] as const) {
    Object.assign(button.style, {
      padding: `calc(${look.spacingUnit} * 2) calc(${look.spacingUnit} * 4)`,
      borderRadius: look.borderRadius,
      fontFamily: look.fontFamily,
      border: `1px solid ${primary ? look.colorPrimary : look.colorDanger}`,
      background: primary ? look.colorPrimary : 'transparent',
      color: primary ? '#ffffff' : look.colorDanger,
      cursor: 'pointer',
    });
  }
  actions.append(complete, failButton);
  dialog.append(title, description, actions);
  backdrop.append(dialog);
  document.body.append(backdrop);
  complete.focus();

  return new Promise<ChallengeOutcome>((resolve) => {
    const close = (outcome: ChallengeOutcome) => {
      backdrop.remove();
      // Back where the customer was (the pay button, usually), as a modal dialog should.
      if (previouslyFocused?.isConnected) previouslyFocused.focus();
      resolve(outcome);
    };
    complete.addEventListener('click', () => close('complete'));
    failButton.addEventListener('click', () => close('fail'));
    dialog.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        close('fail');
      } else if (event.key === 'Tab') {
        // Keep focus inside the modal: only its two buttons are reachable.
        event.preventDefault();
        (document.activeElement === complete ? failButton : complete).focus();
      }
    });
  });
}
