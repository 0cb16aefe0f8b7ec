import { screen } from 'storybook/test';
import { type PlayContext, WAIT } from './play.js';

/**
 * Types a Stripe test card into the fake Stripe.js's Payment Element as a customer would (expiry 12 / 34, CVC 123,
 * postal code 94107), replacing what was there, e.g. `enterCard(context, '4000 0025 0000 3155')` for 3D Secure.
 */
export async function enterCard({ canvas, userEvent }: PlayContext, cardNumber: string): Promise<void> {
  const fields: Array<[label: string, value: string]> = [
    ['Card number', cardNumber],
    ['Expiration date', '12 / 34'],
    ['Security code', '123'],
    ['Postal code', '94107'],
  ];
  for (const [label, value] of fields) {
    const input = await canvas.findByLabelText(label, {}, WAIT);
    await userEvent.clear(input);
    await userEvent.type(input, value);
  }
}

/**
 * The fake Stripe.js's 3D Secure challenge once it opens (on `<body>`, outside the story's canvas), to press its
 * "Complete" or "Fail" as the customer would.
 */
export function findThreeDSecureChallenge(): Promise<HTMLElement> {
  return screen.findByRole('dialog', { name: 'Authenticate your payment' }, WAIT);
}
