import { useEffect, useRef, useState, type FormEvent } from 'react';
import { submitContact, type ContactOutcome } from '../data/api';
import { LIMITS, validateContact, type ContactFields, type FieldErrors } from '../lib/contactValidation';
import { useTitle } from '../lib/useTitle';

const FIELDS = ['name', 'email', 'message'] as const;

type Status =
  | { kind: 'editing' }
  | { kind: 'sending' }
  | { kind: 'received' }
  | { kind: 'rate-limited'; retryAfterSeconds: number | null }
  | { kind: 'failed'; message: string };

export function ContactPage() {
  useTitle('Contact');
  const [fields, setFields] = useState<ContactFields>({ name: '', email: '', message: '' });
  const [honeypot, setHoneypot] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<Status>({ kind: 'editing' });
  const form = useRef<HTMLFormElement>(null);
  const statusHeading = useRef<HTMLHeadingElement>(null);

  // The form is replaced by the thank-you note: focus it, or the focus would fall back to the page's start.
  useEffect(() => {
    if (status.kind === 'received') statusHeading.current?.focus();
  }, [status.kind]);

  function focusFirstInvalid(found: FieldErrors) {
    const first = FIELDS.find((field) => found[field]);
    if (first) form.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (status.kind === 'sending') return;
    const found = validateContact(fields);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      focusFirstInvalid(found);
      return;
    }
    setStatus({ kind: 'sending' });
    const outcome: ContactOutcome = await submitContact({
      name: fields.name.trim(),
      email: fields.email.trim(),
      message: fields.message.trim(),
      website: honeypot,
    });
    if (outcome.kind === 'invalid') {
      const fieldErrors: FieldErrors = {};
      for (const field of FIELDS) if (outcome.fieldErrors[field]) fieldErrors[field] = outcome.fieldErrors[field];
      setErrors(fieldErrors);
      if (Object.keys(fieldErrors).length > 0) {
        setStatus({ kind: 'editing' });
        focusFirstInvalid(fieldErrors);
      } else {
        setStatus({ kind: 'failed', message: `The message was refused: ${outcome.message}` });
      }
      return;
    }
    setStatus(outcome);
  }

  function change(field: keyof ContactFields, value: string) {
    setFields((current) => ({ ...current, [field]: value }));
    // A corrected field loses its message at once; the others keep theirs until the next send.
    if (errors[field]) setErrors((current) => ({ ...current, [field]: undefined }));
  }

  if (status.kind === 'received') {
    return (
      <div className="contact">
        <h1 id="contact-title" ref={statusHeading} tabIndex={-1}>
          Thank you, message received
        </h1>
        <p className="lede">I read every message and will answer at {fields.email.trim()} within a few days.</p>
      </div>
    );
  }

  const describedBy = (field: keyof ContactFields, hint?: string) =>
    [errors[field] ? `${field}-error` : null, hint ?? null].filter(Boolean).join(' ') || undefined;

  return (
    <div className="contact">
      <h1 id="contact-title">Contact</h1>
      <p className="lede">A role, a project, a question about something here: write a few lines and I will reply by email.</p>

      {status.kind === 'rate-limited' && (
        <p className="alert" role="alert">
          You have sent several messages in a short time. {retryText(status.retryAfterSeconds)}
        </p>
      )}
      {status.kind === 'failed' && (
        <p className="alert" role="alert">
          {status.message} Please try again.
        </p>
      )}

      <form ref={form} className="contact-form" noValidate onSubmit={handleSubmit} aria-labelledby="contact-title">
        <div className="field">
          <label htmlFor="name">Name</label>
          <input
            id="name"
            name="name"
            autoComplete="name"
            maxLength={LIMITS.name * 2}
            value={fields.name}
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={describedBy('name')}
            onChange={(event) => change('name', event.target.value)}
          />
          {errors.name && (
            <p className="field-error" id="name-error">
              {errors.name}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor="email">Email</label>
          <input
            id="email"
            name="email"
            type="email"
            inputMode="email"
            autoComplete="email"
            value={fields.email}
            aria-invalid={errors.email ? true : undefined}
            aria-describedby={describedBy('email')}
            onChange={(event) => change('email', event.target.value)}
          />
          {errors.email && (
            <p className="field-error" id="email-error">
              {errors.email}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor="message">Message</label>
          <textarea
            id="message"
            name="message"
            rows={7}
            value={fields.message}
            aria-invalid={errors.message ? true : undefined}
            aria-describedby={describedBy('message', 'message-hint')}
            onChange={(event) => change('message', event.target.value)}
          />
          <p className="hint" id="message-hint">
            Up to {LIMITS.message.toLocaleString('en')} characters.
          </p>
          {errors.message && (
            <p className="field-error" id="message-error">
              {errors.message}
            </p>
          )}
        </div>
        {/* A field people never see: automated senders fill it in, and the API drops what they send. */}
        <div className="honeypot" aria-hidden="true">
          <label htmlFor="website">Leave this field empty</label>
          <input
            id="website"
            name="website"
            tabIndex={-1}
            autoComplete="off"
            value={honeypot}
            onChange={(event) => setHoneypot(event.target.value)}
          />
        </div>
        <p>
          <button type="submit" className="button" disabled={status.kind === 'sending'}>
            {status.kind === 'sending' ? 'Sending…' : 'Send message'}
          </button>
        </p>
      </form>
    </div>
  );
}

export function retryText(seconds: number | null): string {
  if (seconds === null) return 'Please wait a while before sending another.';
  if (seconds < 90) return `Please try again in ${Math.max(1, seconds)} second${seconds === 1 ? '' : 's'}.`;
  const minutes = Math.ceil(seconds / 60);
  return `Please try again in about ${minutes} minutes.`;
}
