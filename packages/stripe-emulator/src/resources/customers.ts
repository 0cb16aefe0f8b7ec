import type Stripe from 'stripe';
import { type EmulatorContext, previousAttributes } from '../context.js';
import { createId } from '../ids.js';
import { resourceMissing } from '../server/errors.js';
import { snapshot } from '../server/expand.js';
import { newestFirst, paginate } from '../server/list.js';
import { mergeMetadata, type ParamReader } from '../server/params.js';
import type { RouteDefinition } from '../server/route.js';
import { attachPaymentMethod, resolvePaymentMethod } from './payment-methods.js';

/** The stored customer, or 404/400 `resource_missing`. */
export function getCustomer(ctx: EmulatorContext, id: string, param?: string): Stripe.Customer {
  const customer = ctx.state.customers.get(id);
  if (!customer) throw resourceMissing('customer', id, param);
  return customer;
}

interface CustomerFields {
  email?: string | undefined;
  name?: string | undefined;
  description?: string | undefined;
  phone?: string | undefined;
  metadata: ReturnType<ParamReader['metadata']>;
  paymentMethod?: string | undefined;
  defaultPaymentMethod?: string | null | undefined;
}

/** Reads the parameters shared by create and update. */
function readCustomerFields(params: ParamReader): CustomerFields {
  const invoiceSettings = params.object('invoice_settings');
  const defaultPaymentMethod = invoiceSettings?.has('default_payment_method')
    ? (invoiceSettings.string('default_payment_method') ?? null)
    : undefined;
  return {
    email: params.string('email'),
    name: params.string('name'),
    description: params.string('description'),
    phone: params.string('phone'),
    metadata: params.metadata(),
    paymentMethod: params.string('payment_method'),
    defaultPaymentMethod,
  };
}

/** The default payment method must be attached to the customer, as Stripe requires. */
function checkDefaultPaymentMethod(ctx: EmulatorContext, customerId: string, paymentMethodId: string): void {
  const paymentMethod = ctx.state.paymentMethods.get(paymentMethodId);
  if (!paymentMethod) {
    throw resourceMissing('PaymentMethod', paymentMethodId, 'invoice_settings[default_payment_method]');
  }
  if (paymentMethod.customer !== customerId) {
    throw resourceMissing('PaymentMethod', paymentMethodId, 'invoice_settings[default_payment_method]');
  }
}

/** `/v1/customers`: create, retrieve, update (incl. `invoice_settings.default_payment_method`), list. */
export const customerRoutes: RouteDefinition[] = [
  {
    method: 'POST',
    path: '/v1/customers',
    handle: ({ ctx, params }) => {
      const fields = readCustomerFields(params);
      const testClockId = params.string('test_clock');
      const balance = params.integer('balance', { min: Number.MIN_SAFE_INTEGER });
      params.finish();
      const testClock = testClockId === undefined ? undefined : ctx.state.testClocks.get(testClockId);
      if (testClockId !== undefined && !testClock)
        throw resourceMissing('test_clock', testClockId, 'test_clock');
      const customer: Stripe.Customer = {
        id: createId('cus'),
        object: 'customer',
        address: null,
        balance: balance ?? 0,
        // A customer on a test clock lives in that clock's time.
        created: testClock?.frozen_time ?? ctx.clock.now(),
        currency: null,
        default_source: null,
        delinquent: false,
        description: fields.description ?? null,
        discount: null,
        email: fields.email ?? null,
        invoice_prefix: createId('x').slice(2, 10).toUpperCase(),
        invoice_settings: {
          custom_fields: null,
          default_payment_method: null,
          footer: null,
          rendering_options: null,
        },
        livemode: false,
        metadata: mergeMetadata({}, fields.metadata),
        name: fields.name ?? null,
        next_invoice_sequence: 1,
        phone: fields.phone ?? null,
        preferred_locales: [],
        shipping: null,
        tax_exempt: 'none',
        test_clock: testClock?.id ?? null,
      };
      // Resolve the payment method before storing anything, so a bad id leaves no half-created customer.
      const paymentMethod =
        fields.paymentMethod === undefined
          ? undefined
          : resolvePaymentMethod(ctx, fields.paymentMethod, 'payment_method');
      ctx.state.customers.set(customer.id, customer);
      ctx.emitEvent('customer.created', customer);
      if (paymentMethod) attachPaymentMethod(ctx, paymentMethod, customer.id);
      if (fields.defaultPaymentMethod) {
        checkDefaultPaymentMethod(ctx, customer.id, fields.defaultPaymentMethod);
        const before = snapshot(customer);
        customer.invoice_settings.default_payment_method = fields.defaultPaymentMethod;
        ctx.emitEvent('customer.updated', customer, previousAttributes(before, customer));
      }
      return customer;
    },
  },
  {
    method: 'GET',
    path: '/v1/customers/:id',
    handle: ({ ctx, params, path }) => {
      params.finish();
      return getCustomer(ctx, path.id as string);
    },
  },
  {
    method: 'POST',
    path: '/v1/customers/:id',
    handle: ({ ctx, params, path }) => {
      const customer = getCustomer(ctx, path.id as string);
      const fields = readCustomerFields(params);
      const balance = params.integer('balance', { min: Number.MIN_SAFE_INTEGER });
      params.finish();
      if (fields.defaultPaymentMethod)
        checkDefaultPaymentMethod(ctx, customer.id, fields.defaultPaymentMethod);
      const paymentMethod =
        fields.paymentMethod === undefined
          ? undefined
          : resolvePaymentMethod(ctx, fields.paymentMethod, 'payment_method');
      if (paymentMethod) attachPaymentMethod(ctx, paymentMethod, customer.id);
      const before = snapshot(customer);
      if (fields.email !== undefined) customer.email = fields.email;
      if (fields.name !== undefined) customer.name = fields.name;
      if (fields.description !== undefined) customer.description = fields.description;
      if (fields.phone !== undefined) customer.phone = fields.phone;
      if (balance !== undefined) customer.balance = balance;
      customer.metadata = mergeMetadata(customer.metadata, fields.metadata);
      if (fields.defaultPaymentMethod !== undefined) {
        customer.invoice_settings.default_payment_method = fields.defaultPaymentMethod;
      }
      const changed = previousAttributes(before, customer);
      if (Object.keys(changed).length > 0) ctx.emitEvent('customer.updated', customer, changed);
      return customer;
    },
  },
  {
    method: 'GET',
    path: '/v1/customers',
    handle: ({ ctx, params }) => {
      const email = params.string('email');
      const testClock = params.string('test_clock');
      const customers = newestFirst(ctx.state.customers).filter(
        (customer) =>
          (email === undefined || customer.email === email) &&
          (testClock === undefined || customer.test_clock === testClock),
      );
      const list = paginate(customers, params, '/v1/customers');
      params.finish();
      return list;
    },
  },
];
