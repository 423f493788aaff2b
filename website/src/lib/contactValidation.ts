/**
 * The contact form's checks before anything is sent. They mirror the API's (lambda-layer
 * portfolio_shared.models.ContactMessageInput), so a person sees the problem at once; the API
 * still checks everything and its answer wins.
 */
export interface ContactFields {
  name: string;
  email: string;
  message: string;
}

export type FieldErrors = Partial<Record<keyof ContactFields, string>>;

export const LIMITS = { name: 100, email: 254, message: 5000 } as const;

// The API's pragmatic address check: one '@', no spaces, a dotted domain ending in letters.
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

export function validateContact(fields: ContactFields): FieldErrors {
  const errors: FieldErrors = {};
  const name = fields.name.trim();
  const email = fields.email.trim();
  const message = fields.message.trim();
  if (!name) errors.name = 'Please enter your name.';
  else if (name.length > LIMITS.name) errors.name = `Please keep your name to ${LIMITS.name} characters (it has ${name.length}).`;
  if (!email) errors.email = 'Please enter your email address, so I can reply.';
  else if (email.length > LIMITS.email || !EMAIL.test(email) || email.includes('..') || email.startsWith('.')) {
    errors.email = `"${email}" does not look like an email address; expected something like name@example.com.`;
  }
  if (!message) errors.message = 'Please write a message.';
  else if (message.length > LIMITS.message) {
    errors.message = `Please keep the message to ${LIMITS.message} characters (it has ${message.length}).`;
  }
  return errors;
}
