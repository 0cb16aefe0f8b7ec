import type { Meta, StoryObj } from '@storybook/react-vite';
import { scenarios } from '../../test/in-memory-billing/index.js';
import { expectGallerySettled, GalleryGrid, type GalleryState } from '../../test/storybook/gallery.js';
import { storyCatalogs } from '../../test/storybook/story-catalogs.js';
import { Checkout, type CheckoutProps } from './checkout.js';

/** A checkout state: the gallery cell plus what to check out. */
interface CheckoutGalleryState extends GalleryState {
  props?: Partial<CheckoutProps>;
}

const states: CheckoutGalleryState[] = [
  { label: 'New customer', scenario: scenarios.newCustomer, settledText: 'Subscribe for $20.00' },
  {
    label: 'With 10% tax',
    scenario: { ...scenarios.newCustomer, taxRate: 10 },
    settledText: 'Subscribe for $22.00',
  },
  {
    label: 'Per seat (3 × Team)',
    scenario: scenarios.newCustomer,
    props: { priceId: 'price_team_month', quantity: 3 },
    settledText: 'Subscribe for $45.00',
  },
  {
    label: 'Tiered (25 API units)',
    scenario: { catalog: storyCatalogs.tiered },
    props: { priceId: 'price_api_month', quantity: 25 },
    settledText: 'Subscribe for $105.00',
  },
  { label: 'Free trial', scenario: { catalog: storyCatalogs.trial }, settledText: 'Start free trial' },
  {
    label: 'Promotion code accepted',
    scenario: scenarios.newCustomer,
    props: { defaultPromotionCode: 'SPRING25' },
    settledText: 'Subscribe for $15.00',
  },
  {
    label: 'Promotion code refused',
    scenario: scenarios.newCustomer,
    props: { defaultPromotionCode: 'NOPE' },
    settledText: 'This promotion code is not valid.',
  },
  {
    label: 'Yen (zero-decimal)',
    scenario: { catalog: storyCatalogs.yen },
    settledText: 'Subscribe for ¥2,000',
  },
  {
    label: 'German',
    scenario: scenarios.newCustomer,
    german: true,
    settledText: /^Für 20,00\s\$ abonnieren$/,
  },
  { label: 'Dark', scenario: scenarios.newCustomer, dark: true, settledText: 'Subscribe for $20.00' },
  {
    label: 'Narrow (320 px)',
    scenario: scenarios.newCustomer,
    narrow: true,
    settledText: 'Subscribe for $20.00',
  },
  {
    label: 'Loading',
    scenario: { ...scenarios.newCustomer, faults: { getCatalog: 'loading' } },
    settledText: 'Loading checkout…',
  },
  {
    label: 'Error (Retry fails again)',
    scenario: { ...scenarios.newCustomer, faults: { getCatalog: 'error' } },
    settledText: "We couldn't load this plan.",
  },
  {
    label: 'Price no longer sold',
    scenario: scenarios.newCustomer,
    props: { priceId: 'price_gone' },
    settledText: 'This plan is no longer available.',
  },
];

const meta = {
  title: 'Galleries/Checkout',
  component: Checkout,
  tags: ['!autodocs'],
  args: { priceId: 'price_pro_month' },
  parameters: {
    layout: 'padded',
    docs: { description: { component: 'Every state of `<Checkout>` side by side, for visual review.' } },
  },
} satisfies Meta<typeof Checkout>;

export default meta;
type Story = StoryObj<typeof meta>;

/**
 * Every state, each on its own in-memory billing and fake Stripe.js. The declined card and 3D Secure states need a
 * card typed in: see `Components/Checkout/Declined Card` and the `Flows/Checkout` stories.
 */
export const Gallery: Story = {
  render: (args) => (
    <GalleryGrid states={states}>
      {(state, cell) => <Checkout {...args} headingLevel={3} labelledBy={cell.labelledBy} {...state.props} />}
    </GalleryGrid>
  ),
  play: async ({ canvasElement }) => {
    await expectGallerySettled(canvasElement, states);
  },
};
