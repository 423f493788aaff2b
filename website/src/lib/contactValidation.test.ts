import { describe, expect, it } from 'vitest';
import { validateContact } from './contactValidation';

const good = { name: 'Ada Lovelace', email: 'ada@example.com', message: 'Hello there' };

describe('validateContact', () => {
  it('accepts a complete message', () => {
    expect(validateContact(good)).toEqual({});
  });

  it('asks for each missing field, spaces counting as missing', () => {
    expect(validateContact({ name: '  ', email: '', message: '\n' })).toEqual({
      name: 'Please enter your name.',
      email: 'Please enter your email address, so I can reply.',
      message: 'Please write a message.',
    });
  });

  it.each(['bob@', 'bob', 'bob@example', 'bob smith@example.com', 'bob@@example.com', 'a..b@example.com', '.a@example.com'])(
    'refuses the address %s, quoting it and saying what is expected',
    (email) => {
      expect(validateContact({ ...good, email }).email).toBe(
        `"${email}" does not look like an email address; expected something like name@example.com.`,
      );
    },
  );

  it('accepts addresses the API accepts', () => {
    for (const email of ['a@b.co', "o'brien+tag@mail.example.org", 'x_y@sub-domain.example.io']) {
      expect(validateContact({ ...good, email })).toEqual({});
    }
  });

  it('gives the limits and the length it got', () => {
    expect(validateContact({ ...good, name: 'n'.repeat(101) }).name).toBe('Please keep your name to 100 characters (it has 101).');
    expect(validateContact({ ...good, message: 'm'.repeat(5001) }).message).toBe(
      'Please keep the message to 5000 characters (it has 5001).',
    );
    expect(validateContact({ ...good, message: 'm'.repeat(5000) })).toEqual({});
  });
});
