import type { Appearance, StripeError, StripePaymentElementOptions } from '@stripe/stripe-js';
import { type ResolvedAppearance, resolveAppearance } from './appearance.js';
import { CARD_FIELDS, type CardFieldKey, checkField, type FieldStatus, formatField } from './card-fields.js';

type Handler = (event?: unknown) => void;

interface FieldParts {
  wrapper: HTMLDivElement;
  label: HTMLLabelElement;
  input: HTMLInputElement;
  error: HTMLDivElement;
  touched: boolean;
}

let instanceCounter = 0;

/**
 * The fake Payment Element: real, labelled inputs in the page (no iframe) so tests and screen readers can use
 * them. It emits `ready`, `change`, `focus`, `blur` and `escape` (the Escape key in a field) like Stripe's element.
 */
export class FakePaymentElement {
  private readonly handlers = new Map<string, Set<Handler>>();
  private readonly fields = new Map<CardFieldKey, FieldParts>();
  private readonly idPrefix: string;
  private root: HTMLDivElement | null = null;
  private appearance: ResolvedAppearance;
  private options: StripePaymentElementOptions;
  private destroyed = false;
  private showAllErrors = false;

  constructor(
    options: StripePaymentElementOptions | undefined,
    appearance: Appearance | undefined,
    private readonly onDestroy: () => void,
  ) {
    instanceCounter += 1;
    this.idPrefix = `bk-fake-stripe-${instanceCounter}`;
    this.options = options ?? {};
    this.appearance = resolveAppearance(appearance);
  }

  /** Postal code can be switched off with `fields.billingDetails.address.postalCode: 'never'`. */
  private wantsPostalCode(): boolean {
    const billing = this.options.fields?.billingDetails;
    if (billing === 'never') return false;
    const address = typeof billing === 'object' ? billing.address : undefined;
    if (address === 'never') return false;
    return !(typeof address === 'object' && address.postalCode === 'never');
  }

  private activeFields() {
    return CARD_FIELDS.filter((field) => field.key !== 'postalCode' || this.wantsPostalCode());
  }

  /** Mounts the inputs into `target` (an element or a CSS selector). */
  mount(target: HTMLElement | string): this {
    if (this.destroyed)
      throw new Error('This Element has been destroyed: create a new one with elements.create().');
    const container = typeof target === 'string' ? document.querySelector<HTMLElement>(target) : target;
    if (!container)
      throw new Error(`The selector ${String(target)} matches no element to mount the Payment Element in.`);
    this.unmount();
    const root = document.createElement('div');
    root.setAttribute('data-fake-stripe', 'payment-element');
    root.style.display = 'grid';
    root.style.gap = `calc(${this.appearance.spacingUnit} * 3)`;
    for (const field of this.activeFields()) {
      const id = `${this.idPrefix}-${field.key}`;
      const wrapper = document.createElement('div');
      const label = document.createElement('label');
      label.htmlFor = id;
      label.textContent = field.label;
      const input = document.createElement('input');
      input.id = id;
      input.name = field.key;
      input.type = 'text';
      input.setAttribute('autocomplete', field.autocomplete);
      input.placeholder = field.placeholder;
      input.inputMode = field.key === 'postalCode' ? 'text' : 'numeric';
      input.setAttribute('aria-invalid', 'false');
      input.setAttribute('aria-describedby', `${id}-error`);
      if (this.options.readOnly) input.readOnly = true;
      const error = document.createElement('div');
      error.id = `${id}-error`;
      error.setAttribute('role', 'alert');
      error.hidden = true;
      wrapper.append(label, input, error);
      root.append(wrapper);
      const parts: FieldParts = { wrapper, label, input, error, touched: false };
      this.fields.set(field.key, parts);
      input.addEventListener('input', () => this.onInput(field.key));
      input.addEventListener('keydown', (event) => {
        if (event.key === 'Escape') this.emit('escape', { elementType: 'payment' });
      });
      input.addEventListener('focus', () => {
        this.styleField(field.key, true);
        this.emit('focus', { elementType: 'payment' });
      });
      input.addEventListener('blur', () => {
        parts.touched = true;
        this.render(field.key);
        this.styleField(field.key, false);
        this.emit('blur', { elementType: 'payment' });
      });
    }
    container.append(root);
    this.root = root;
    this.applyStyles();
    // Listeners are attached by react-stripe-js after mount, so `ready` comes on a later tick, as in Stripe.
    setTimeout(() => {
      if (this.root === root) this.emit('ready', { elementType: 'payment' });
    }, 0);
    return this;
  }

  private onInput(key: CardFieldKey): void {
    const parts = this.fields.get(key);
    if (!parts) return;
    const formatted = formatField(key, parts.input.value, this.value('number'));
    if (formatted !== parts.input.value) parts.input.value = formatted;
    const status = this.status(key);
    // Errors appear on blur, but a field fixed while typing clears its error at once.
    if (status.state === 'complete' || parts.touched || this.showAllErrors) this.render(key);
    this.emit('change', {
      elementType: 'payment',
      complete: this.isComplete(),
      empty: this.isEmpty(),
      collapsed: false,
      value: { type: 'card' },
    });
  }

  private value(key: CardFieldKey): string {
    return this.fields.get(key)?.input.value ?? '';
  }

  private status(key: CardFieldKey): FieldStatus {
    return checkField(key, this.value(key), this.value('number'), new Date());
  }

  private render(key: CardFieldKey): void {
    const parts = this.fields.get(key);
    if (!parts) return;
    const status = this.status(key);
    const message =
      status.state === 'complete' || (status.state === 'empty' && !this.showAllErrors) ? '' : status.message;
    parts.input.setAttribute('aria-invalid', message === '' ? 'false' : 'true');
    parts.error.hidden = message === '';
    parts.error.textContent = message;
    this.styleField(key, document.activeElement === parts.input);
  }

  private styleField(key: CardFieldKey, focused: boolean): void {
    const parts = this.fields.get(key);
    if (!parts) return;
    const look = this.appearance;
    const invalid = parts.input.getAttribute('aria-invalid') === 'true';
    Object.assign(parts.input.style, {
      display: 'block',
      width: '100%',
      boxSizing: 'border-box',
      padding: `calc(${look.spacingUnit} * 3)`,
      color: look.colorText,
      backgroundColor: look.colorBackground,
      borderRadius: look.borderRadius,
      fontFamily: look.fontFamily,
      border: `1px solid ${invalid ? look.colorDanger : focused ? look.colorPrimary : '#e6e6e6'}`,
      outline: 'none',
    });
    Object.assign(parts.label.style, {
      display: 'block',
      marginBottom: look.spacingUnit,
      color: look.colorText,
      fontFamily: look.fontFamily,
    });
    Object.assign(parts.error.style, {
      marginTop: look.spacingUnit,
      color: look.colorDanger,
      fontFamily: look.fontFamily,
    });
  }

  private applyStyles(): void {
    for (const key of this.fields.keys()) this.styleField(key, false);
  }

  /** True when every field is complete. */
  isComplete(): boolean {
    return [...this.fields.keys()].every((key) => this.status(key).state === 'complete');
  }

  private isEmpty(): boolean {
    return [...this.fields.keys()].every((key) => this.value(key) === '');
  }

  /** Shows every field's error and returns the first as a Stripe `validation_error`, or undefined when complete. */
  validate(): StripeError | undefined {
    if (!this.root) {
      return {
        type: 'validation_error',
        message: 'The Payment Element is not mounted: mount it before submitting.',
      };
    }
    this.showAllErrors = true;
    let first: StripeError | undefined;
    for (const key of this.fields.keys()) {
      this.render(key);
      const status = this.status(key);
      if (status.state !== 'complete' && first === undefined) {
        first = { type: 'validation_error', code: status.code, message: status.message };
        this.fields.get(key)?.input.focus();
      }
    }
    return first;
  }

  /** The raw values, for creating the payment method. */
  values(): Record<CardFieldKey, string> {
    return {
      number: this.value('number'),
      expiry: this.value('expiry'),
      cvc: this.value('cvc'),
      postalCode: this.value('postalCode'),
    };
  }

  /** New appearance from `elements.update({ appearance })`. */
  setAppearance(appearance: Appearance | undefined): void {
    this.appearance = resolveAppearance(appearance);
    this.applyStyles();
  }

  /** Stripe's `element.update(options)`. */
  update(options: Partial<StripePaymentElementOptions>): this {
    this.options = { ...this.options, ...options };
    for (const parts of this.fields.values()) parts.input.readOnly = Boolean(this.options.readOnly);
    return this;
  }

  on(eventType: string, handler: Handler): this {
    const set = this.handlers.get(eventType) ?? new Set<Handler>();
    set.add(handler);
    this.handlers.set(eventType, set);
    return this;
  }

  once(eventType: string, handler: Handler): this {
    const wrapped: Handler = (event) => {
      this.off(eventType, wrapped);
      handler(event);
    };
    return this.on(eventType, wrapped);
  }

  off(eventType: string, handler?: Handler): this {
    if (handler === undefined) this.handlers.delete(eventType);
    else this.handlers.get(eventType)?.delete(handler);
    return this;
  }

  private emit(eventType: string, event: unknown): void {
    for (const handler of [...(this.handlers.get(eventType) ?? [])]) handler(event);
  }

  focus(): this {
    this.fields.get('number')?.input.focus();
    return this;
  }

  blur(): this {
    const active = document.activeElement;
    if (active instanceof HTMLElement && this.root?.contains(active)) active.blur();
    return this;
  }

  clear(): this {
    for (const parts of this.fields.values()) {
      parts.input.value = '';
      parts.touched = false;
    }
    this.showAllErrors = false;
    for (const key of this.fields.keys()) this.render(key);
    return this;
  }

  collapse(): this {
    return this;
  }

  unmount(): this {
    this.root?.remove();
    this.root = null;
    this.fields.clear();
    return this;
  }

  destroy(): this {
    this.unmount();
    this.handlers.clear();
    this.destroyed = true;
    this.onDestroy();
    return this;
  }
}
