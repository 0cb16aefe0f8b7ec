import { screen } from '@testing-library/react';
import { type UserEvent, userEvent } from '@testing-library/user-event';

/**
 * Types a test card into the fake Payment Element rendered in jsdom, as a customer would: `number`, expiry 12 / 34,
 * security code 123, postal code 94107. Returns the user-event session, to go on clicking with it.
 */
export async function fillPaymentElement(number: string): Promise<UserEvent> {
  const user = userEvent.setup();
  await user.type(await screen.findByLabelText('Card number'), number);
  await user.type(screen.getByLabelText('Expiration date'), '1234');
  await user.type(screen.getByLabelText('Security code'), '123');
  await user.type(screen.getByLabelText('Postal code'), '94107');
  return user;
}
